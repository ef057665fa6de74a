import { inject } from 'vitest';

/** An `Io` for `main(argv, io)` that keeps what the CLI prints. */
export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

/**
 * Points the CLI at this run's DynamoDB Local and one table, the way a user selects an external
 * DynamoDB (the standard AWS environment and RIPOSTE_TABLE). Returns what puts the environment back.
 */
export function pointCliAtTable(tableName: string): () => void {
  const saved = { ...process.env };
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('ddbEndpoint')!;
  process.env.RIPOSTE_TABLE = tableName;
  process.env.AWS_REGION = 'local';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  return () => {
    process.env = saved;
  };
}

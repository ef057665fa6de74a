import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createLocalClient } from '../../shared/local/dynamodb-local.js';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { ensureTable } from '../../shared/store/table.js';

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string | null;
    ddbError: string | null;
  }
}

export interface TestTable {
  client: DynamoDBClient;
  tableName: string;
  store: DynamoEventStore;
  /** Deletes the table and closes the client. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named table on the run's DynamoDB Local (started once by the global setup).
 *
 * @example
 * let db: TestTable;
 * beforeAll(async () => { db = await createTestTable('feeds'); });
 * afterAll(() => db.drop());
 */
export async function createTestTable(prefix = 'test', options: { clock?: () => Date } = {}): Promise<TestTable> {
  const endpoint = inject('ddbEndpoint');
  if (!endpoint) throw new Error(`DynamoDB Local is not available for this test run: ${inject('ddbError') ?? 'no endpoint'}`);
  const client = createLocalClient(endpoint);
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return {
    client,
    tableName,
    store: new DynamoEventStore({ tableName, client, clock: options.clock }),
    drop: async () => {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}

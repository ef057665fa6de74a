import { InvalidArgumentError } from 'commander';
import { isIsoDate } from '../domain/dates.js';
import { DEFAULT_DATA_DIR, openStore, type OpenedStore } from '../local/open-store.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What a command module gets from the program: where to print and how to set the exit status. */
export interface CommandContext {
  io: Io;
  setStatus: (status: number) => void;
}

export const STORE_HELP = `
Store: by default an embedded DynamoDB Local (needs Java 17+) keeps its data in --data-dir
(default ${DEFAULT_DATA_DIR}/ in the current folder). To use an external DynamoDB instead (AWS, or
any DynamoDB-compatible endpoint), set the standard AWS environment together with RIPOSTE_TABLE:
AWS_REGION, credentials, and AWS_ENDPOINT_URL_DYNAMODB for a non-AWS endpoint.`;

/** Opens the store for one command and always closes it (the embedded JVM with it). */
export async function withStore<T>(dataDir: string, use: (opened: OpenedStore) => Promise<T>): Promise<T> {
  const opened = await openStore({ dataDir });
  try {
    return await use(opened);
  } finally {
    await opened.close();
  }
}

export function isoDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

export function countryCode(value: string): string {
  const code = value.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw new InvalidArgumentError('expected an ISO 3166-1 alpha-2 code such as RU');
  return code;
}

import path from 'node:path';
import { DeleteTableCommand, DynamoDBClient, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { RiposteError } from '../domain/errors.js';
import type { EventStore } from '../store/event-store.js';
import { DynamoEventStore } from '../store/dynamo-event-store.js';
import { ensureTable } from '../store/table.js';
import { createLocalClient, startDynamoDbLocal } from './dynamodb-local.js';

export const DEFAULT_DATA_DIR = '.riposte';
export const DEFAULT_TABLE = 'riposte';

export interface OpenedStore {
  store: EventStore;
  /** Where the data lives, for messages. */
  description: string;
  close(): Promise<void>;
}

/**
 * The store the CLI works on. The standard AWS environment selects an external DynamoDB
 * (`AWS_ENDPOINT_URL_DYNAMODB`, or `RIPOSTE_TABLE` with `AWS_REGION` and credentials);
 * otherwise the embedded DynamoDB Local keeps its data under `dataDir`.
 */
export async function openStore(
  options: {
    dataDir?: string;
    env?: NodeJS.ProcessEnv;
    /** Start from an empty embedded store (the demo), but only if every feed it knows passes the test. */
    reset?: { onlyIfFeedsMatch: (feedName: string) => boolean };
  } = {},
): Promise<OpenedStore> {
  const env = options.env ?? process.env;
  const tableName = env.RIPOSTE_TABLE ?? DEFAULT_TABLE;
  if (env.AWS_ENDPOINT_URL_DYNAMODB || env.RIPOSTE_TABLE) {
    const client = new DynamoDBClient({});
    // A DynamoDB-compatible endpoint is set up here; on AWS the stack owns the table.
    if (env.AWS_ENDPOINT_URL_DYNAMODB) await ensureTable(client, tableName);
    return {
      store: new DynamoEventStore({ tableName, client }),
      description: `table ${tableName} at ${env.AWS_ENDPOINT_URL_DYNAMODB ?? `AWS ${env.AWS_REGION ?? ''}`.trim()}`,
      close: async () => client.destroy(),
    };
  }
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const local = await startDynamoDbLocal({ dataDir: path.join(dataDir, 'dynamodb') });
  const client = createLocalClient(local.endpoint);
  try {
    await ensureTable(client, tableName);
    if (options.reset) {
      const foreign = (await new DynamoEventStore({ tableName, client }).listFeedStates()).filter(
        (f) => !options.reset!.onlyIfFeedsMatch(f.name),
      );
      if (foreign.length > 0) {
        throw new RiposteError(
          'config_invalid',
          `${dataDir} holds data of other feeds (${foreign.map((f) => f.name).join(', ')}); it is left untouched — use another data directory`,
        );
      }
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      await waitUntilTableNotExists({ client, maxWaitTime: 30 }, { TableName: tableName });
      await ensureTable(client, tableName);
    }
  } catch (error) {
    client.destroy();
    await local.stop();
    throw error;
  }
  return {
    store: new DynamoEventStore({ tableName, client }),
    description: `embedded DynamoDB Local in ${dataDir}`,
    close: async () => {
      client.destroy();
      await local.stop();
    },
  };
}

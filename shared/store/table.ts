import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { RiposteError } from '../domain/errors.js';

/**
 * The single table, as data: `ensureTable` creates it from this description for local runs and
 * tests, and the CDK stack maps the same description to TableV2 props, so both stay one design.
 * Access patterns and key formats: docs/table-design.md.
 */

export type KeyType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export interface IndexDesign {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Every index projects all attributes, so a query never needs a second read. */
  projection: 'ALL';
  /** What the index answers, for readers of the design. */
  purpose: string;
}

export interface TableDesign {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  billingMode: 'PAY_PER_REQUEST';
  globalSecondaryIndexes: readonly IndexDesign[];
  /** No item expires for now; a TTL attribute would be named here. */
  timeToLiveAttribute: string | null;
}

export const INDEX = {
  byExpelling: 'ByExpelling',
  byExpelled: 'ByExpelled',
  byDirection: 'ByDirection',
  byAction: 'ByAction',
  byType: 'ByType',
} as const;

const s = (name: string): KeyAttribute => ({ name, type: 'S' });

export const TABLE_DESIGN: TableDesign = {
  partitionKey: s('pk'),
  sortKey: s('sk'),
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: INDEX.byExpelling,
      partitionKey: s('gsi1pk'),
      sortKey: s('gsi1sk'),
      projection: 'ALL',
      purpose: 'events by expelling country (C#XX), newest first by effective date',
    },
    {
      indexName: INDEX.byExpelled,
      partitionKey: s('gsi2pk'),
      sortKey: s('gsi2sk'),
      projection: 'ALL',
      purpose: 'events by expelled country (C#XX), newest first by effective date',
    },
    {
      indexName: INDEX.byDirection,
      partitionKey: s('gsi3pk'),
      sortKey: s('gsi3sk'),
      projection: 'ALL',
      purpose: 'events by direction pair (D#XX#YY); the dyad both ways is two queries; merge candidates',
    },
    {
      indexName: INDEX.byAction,
      partitionKey: s('gsi4pk'),
      sortKey: s('gsi4sk'),
      projection: 'ALL',
      purpose: 'events by action (A#expulsion ...), newest first',
    },
    {
      indexName: INDEX.byType,
      partitionKey: s('gsi5pk'),
      sortKey: s('gsi5sk'),
      projection: 'ALL',
      purpose: 'entity lists: all events by date (T#EVENT), feed states (T#FEED), alerts by status (T#ALERT#status)',
    },
  ],
  timeToLiveAttribute: null,
};

/** Every attribute used in a key of the table or an index (CreateTable's AttributeDefinitions). */
export function keyAttributes(design: TableDesign = TABLE_DESIGN): KeyAttribute[] {
  const all = [design.partitionKey, design.sortKey, ...design.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return [...new Map(all.map((a) => [a.name, a])).values()];
}

/**
 * Creates the table if it does not exist and waits until it is ACTIVE. Safe to call concurrently
 * and repeatedly. For local runs and tests; on AWS the stateful stack owns the table.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: { maxWaitSeconds?: number } = {}): Promise<void> {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (described.Table?.TableStatus === 'ACTIVE') return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw unavailable(tableName, error);
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keyAttributes().map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
          KeySchema: [
            { AttributeName: TABLE_DESIGN.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: TABLE_DESIGN.sortKey.name, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: index.projection },
          })),
        }),
      );
    } catch (createError) {
      // Someone else created it meanwhile: fine, wait for it below.
      if (!(createError instanceof ResourceInUseException)) throw unavailable(tableName, createError);
    }
  }
  try {
    await waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  } catch (error) {
    throw unavailable(tableName, error);
  }
}

function unavailable(tableName: string, cause: unknown): RiposteError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new RiposteError('store_unavailable', `cannot set up table ${tableName}: ${reason}`, { cause });
}

import { AttributeType, Billing, type TablePropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_DESIGN, type KeyAttribute } from '../shared/store/table.js';

const TYPES: Record<KeyAttribute['type'], AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

const key = (a: KeyAttribute) => ({ name: a.name, type: TYPES[a.type] });

/** The table design the store code uses (shared/store/table.ts), as TableV2 props. */
export function tableDesignProps(): Pick<TablePropsV2, 'partitionKey' | 'sortKey' | 'billing' | 'globalSecondaryIndexes' | 'timeToLiveAttribute'> {
  return {
    partitionKey: key(TABLE_DESIGN.partitionKey),
    sortKey: key(TABLE_DESIGN.sortKey),
    billing: Billing.onDemand(),
    globalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map((index) => ({
      indexName: index.indexName,
      partitionKey: key(index.partitionKey),
      sortKey: key(index.sortKey),
    })),
    timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute ?? undefined,
  };
}

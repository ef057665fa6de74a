import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setting } from '../../shared/pipeline/deployed-config.js';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { toRequest, toResult } from '../adapters/http-event.js';
import { queryApi } from './query-api.js';

const store = new DynamoEventStore({ tableName: setting('RIPOSTE_TABLE'), client: new DynamoDBClient({}) });

/** HTTP API (IAM-authorised) → the query API over the table, read-only. */
export const handler = async (event: APIGatewayProxyEventV2) => toResult(await queryApi(toRequest(event), { store }));

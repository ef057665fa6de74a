import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requireEnv } from '../../shared/pipeline/deployed-config.js';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { handleApiRequest } from '../../shared/api/index.js';
import { observability } from '../adapters/observability.js';

const { logger } = observability('riposte-query');
const store = new DynamoEventStore({ tableName: requireEnv('RIPOSTE_TABLE'), client: new DynamoDBClient({}) });
const logError = (message: string, error: unknown) => logger.error(message, { error: error instanceof Error ? error : String(error) });

/** HTTP API (payload 2.0, IAM-authorised) → the query API that `riposte serve` also runs, read-only over the table. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const request = { method: event.requestContext.http.method, path: event.rawPath, query: event.queryStringParameters };
  const response = await handleApiRequest(store, request, { logError });
  return { statusCode: response.status, headers: response.headers, body: response.body };
};

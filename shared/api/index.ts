/**
 * The query API: one framework-agnostic handler for `riposte serve` and the AWS query Lambda.
 *
 * @example
 * // In a Lambda (API Gateway HTTP API, payload 2.0):
 * const res = await handleApiRequest(store, { method: event.requestContext.http.method, path: event.rawPath, query: event.queryStringParameters });
 * return { statusCode: res.status, headers: res.headers, body: res.body };
 */
export {
  DEFAULT_PAGE_SIZE,
  MAX_API_PAGE_SIZE,
  handleApiRequest,
  parseEventsQuery,
  type ApiOptions,
  type ApiRequest,
  type ApiResponse,
  type ApiStore,
} from './handler.js';

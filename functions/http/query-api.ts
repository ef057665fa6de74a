import type { EventStore } from '../../shared/store/event-store.js';

/**
 * The query API as a web-standard handler: `GET /events?...` and `GET /events/{id}`.
 *
 * TODO(query API): replace this stand-in with the framework-agnostic handler of shared/api
 * (the one `riposte serve` uses) once it lands; the Lambda wiring around it stays as it is.
 * No query logic belongs here.
 */
export async function queryApi(_request: Request, _deps: { store: EventStore }): Promise<Response> {
  return Response.json({ error: 'not_implemented', message: 'the query API is not in this build yet' }, { status: 501 });
}

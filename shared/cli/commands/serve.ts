import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError, type Command } from 'commander';
import { handleApiRequest, type ApiOptions, type ApiStore } from '../../api/index.js';
import { DEFAULT_DATA_DIR } from '../../local/open-store.js';
import { STORE_HELP, withStore, type CommandContext } from '../context.js';

export const DEFAULT_API_PORT = 8080;
export const DEFAULT_API_HOST = '127.0.0.1';

export interface ApiServer {
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the query API (shared/api) over node:http: the request becomes an ApiRequest, the
 * ApiResponse is written back as it is. Port 0 picks a free port.
 */
export async function startApiServer(
  store: ApiStore,
  options: { port?: number; host?: string } & ApiOptions = {},
): Promise<ApiServer> {
  const host = options.host ?? DEFAULT_API_HOST;
  const server = createServer((req, res) => void answer(store, req, res, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_API_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(store: ApiStore, req: IncomingMessage, res: ServerResponse, options: ApiOptions): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://api.invalid');
  } catch {
    url = new URL('http://api.invalid/invalid-request-target');
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const known = query[name];
    query[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  const response = await handleApiRequest(store, { method: req.method ?? 'GET', path: url.pathname, query }, options);
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/** `riposte serve`: the query API on a local port until Ctrl-C. */
export function register(program: Command, { io }: CommandContext): void {
  program
    .command('serve')
    .description('a local HTTP API over the stored events: GET /events, GET /events/{id}')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--port <n>', `port to listen on (default ${DEFAULT_API_PORT}; 0 picks a free one)`, port)
    .option('--host <address>', `address to listen on (default ${DEFAULT_API_HOST}; the API has no authentication)`, DEFAULT_API_HOST)
    .addHelpText(
      'after',
      `
Routes:
  GET /events?country=XX&with=YY&since=YYYY-MM-DD&until=YYYY-MM-DD&action=A&limit=1..100&cursor=C
      → {"events": [Event...], "cursor": "next page" | null}, newest first
  GET /events/{id}
      → {"event", "sources" (each outlet's figures), "round", "answers", "answered_by"}
${STORE_HELP}`,
    )
    .action(async (opts: { dataDir: string; port?: number; host: string }) => {
      await withStore(opts.dataDir, async ({ store, description }) => {
        const server = await startApiServer(store, {
          port: opts.port ?? DEFAULT_API_PORT,
          host: opts.host,
          logError: (message) => io.err(message),
        });
        io.out(`Riposte API on ${server.url} (${description}). Ctrl-C to stop.`);
        await untilStopped();
        await server.close();
        io.out('Stopped.');
      });
    });
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}

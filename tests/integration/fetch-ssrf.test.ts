import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RiposteError } from '../../shared/domain/errors.js';
import { classifyAddress, fetchResource, httpRequest, isPublicAddress } from '../../shared/fetch/index.js';

/** A loopback server that records every TCP connection and every request it sees. */
interface Watched {
  port: number;
  connections: number;
  requests: string[];
}

const servers: http.Server[] = [];

async function watchedServer(
  host: string,
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => void = (_q, r) => r.end('ok'),
): Promise<Watched> {
  const watched: Watched = { port: 0, connections: 0, requests: [] };
  const server = http.createServer((request, response) => {
    watched.requests.push(request.url ?? '');
    handler(request, response);
  });
  server.on('connection', () => watched.connections++);
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  watched.port = (server.address() as AddressInfo).port;
  return watched;
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function refusal(promise: Promise<unknown>): Promise<RiposteError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(RiposteError);
  return outcome as RiposteError;
}

let ipv6Loopback = false;
beforeAll(async () => {
  const probe = http.createServer();
  ipv6Loopback = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
});

describe('address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.8', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'ipv4Mapped(loopback)'],
    ['::ffff:169.254.169.254', 'ipv4Mapped(linkLocal)'],
    ['64:ff9b::a00:1', 'rfc6052(private)'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(['93.184.215.14', '172.32.0.1', '2a00:1450:4001:82b::200e', '::ffff:93.184.215.14'])(
    'allows public %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('SSRF guard (allowPrivate false)', () => {
  it('refuses 127.0.0.1 before any connection', async () => {
    const server = await watchedServer('127.0.0.1');
    const error = await refusal(fetchResource(`http://127.0.0.1:${server.port}/feed.xml`));
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('127.0.0.1');
    expect(server.connections).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it('refuses other spellings of loopback that the URL parser normalises (2130706433, 0x7f.1)', async () => {
    const server = await watchedServer('127.0.0.1');
    for (const host of ['2130706433', '0x7f.1', '127.1']) {
      const error = await refusal(httpRequest(`http://${host}:${server.port}/`));
      expect(error.code).toBe('blocked_address');
    }
    expect(server.connections).toBe(0);
  });

  it('refuses the name localhost after resolving it, before connecting', async () => {
    const server = await watchedServer('127.0.0.1');
    const error = await refusal(httpRequest(`http://localhost:${server.port}/`));
    expect(error.code).toBe('blocked_address');
    expect(error.message).toMatch(/localhost \((127\.0\.0\.1|::1)\)/);
    expect(server.connections).toBe(0);
  });

  it('refuses [::1] before any connection', async (context) => {
    if (!ipv6Loopback) context.skip('no IPv6 loopback on this machine');
    const server = await watchedServer('::1');
    const error = await refusal(httpRequest(`http://[::1]:${server.port}/`));
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('::1');
    expect(server.connections).toBe(0);
  });

  it('refuses [::ffff:127.0.0.1] before any connection', async () => {
    const server = await watchedServer('127.0.0.1');
    const error = await refusal(httpRequest(`http://[::ffff:127.0.0.1]:${server.port}/`));
    expect(error.code).toBe('blocked_address');
    expect(server.connections).toBe(0);
  });

  it('refuses a name whose resolver answers with a private address (checked inside the socket lookup)', async () => {
    const server = await watchedServer('127.0.0.1');
    const error = await refusal(
      httpRequest(`http://rebind.example:${server.port}/`, {
        network: { resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
      }),
    );
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('rebind.example (127.0.0.1)');
    expect(server.connections).toBe(0);
  });

  it('refuses a name if any of its addresses is private', async () => {
    const server = await watchedServer('127.0.0.1');
    const error = await refusal(
      httpRequest(`http://mixed.example:${server.port}/`, {
        network: {
          resolve: async () => [
            { address: '93.184.215.14', family: 4 },
            { address: '127.0.0.1', family: 4 },
          ],
        },
      }),
    );
    expect(error.code).toBe('blocked_address');
    expect(server.connections).toBe(0);
  });

  describe('on redirects', () => {
    // The test resolver maps feeds.example to loopback, and the policy admits exactly that one
    // name; every other host goes through the real rule. So the first hop connects, and only the
    // redirect is judged by the production guard.
    const firstHopOnly = {
      resolve: async (hostname: string) =>
        hostname === 'feeds.example' ? [{ address: '127.0.0.1', family: 4 as const }] : [],
      isAddressAllowed: (address: string, hostname: string) =>
        hostname === 'feeds.example' || isPublicAddress(address),
    };

    it('re-checks an IP-literal redirect target and never sends the second request', async () => {
      const server = await watchedServer('127.0.0.1', (_request, response) => {
        response.writeHead(302, { location: `http://127.0.0.1:${server.port}/internal` }).end();
      });
      const error = await refusal(fetchResource(`http://feeds.example:${server.port}/rss`, { network: firstHopOnly }));
      expect(error.code).toBe('blocked_address');
      expect(error.message).toContain('127.0.0.1');
      expect(server.requests).toEqual(['/rss']);
      expect(server.connections).toBe(1);
    });

    it('re-checks a redirect to the metadata address', async () => {
      const server = await watchedServer('127.0.0.1', (_request, response) => {
        response.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      });
      const error = await refusal(fetchResource(`http://feeds.example:${server.port}/rss`, { network: firstHopOnly }));
      expect(error.code).toBe('blocked_address');
      expect(error.message).toContain('169.254.169.254');
      expect(server.requests).toEqual(['/rss']);
    });

    it('re-checks a redirect to a name that resolves privately', async () => {
      const server = await watchedServer('127.0.0.1', (_request, response) => {
        response.writeHead(307, { location: `http://intranet.example:${server.port}/` }).end();
      });
      const error = await refusal(
        fetchResource(`http://feeds.example:${server.port}/rss`, {
          network: {
            ...firstHopOnly,
            resolve: async () => [{ address: '127.0.0.1', family: 4 as const }],
          },
        }),
      );
      expect(error.code).toBe('blocked_address');
      expect(error.message).toContain('intranet.example (127.0.0.1)');
      expect(server.requests).toEqual(['/rss']);
      expect(server.connections).toBe(1);
    });

    it('follows the same redirect when allowPrivate is true', async () => {
      const server = await watchedServer('127.0.0.1', (request, response) => {
        if (request.url === '/rss') response.writeHead(302, { location: `http://127.0.0.1:${server.port}/moved` }).end();
        else response.end('moved here');
      });
      const result = await fetchResource(`http://127.0.0.1:${server.port}/rss`, { allowPrivate: true });
      expect(result.notModified || result.body.toString()).toBe('moved here');
      expect(server.requests).toEqual(['/rss', '/moved']);
    });
  });
});

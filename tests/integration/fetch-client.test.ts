import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { RiposteError } from '../../shared/domain/errors.js';
import { fetchResource, httpRequest, USER_AGENT } from '../../shared/fetch/index.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

const servers: http.Server[] = [];

/** A real HTTP server on 127.0.0.1, port chosen by the system. */
async function serve(handler: Handler): Promise<{ base: string; requests: http.IncomingMessage[] }> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests };
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

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RiposteError);
    return (error as RiposteError).code;
  }
  throw new Error('expected a rejection');
}

const local = { allowPrivate: true } as const;

describe('httpRequest', () => {
  it('sends the Riposte User-Agent and returns status, headers, body and validators', async () => {
    const { base, requests } = await serve((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Tue, 01 Aug 2017 10:00:00 GMT',
      });
      response.end('<rss/>');
    });
    const result = await httpRequest(`${base}/feed.xml`, local);
    expect(result.notModified).toBe(false);
    if (result.notModified) return;
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe('<rss/>');
    expect(result.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(result.etag).toBe('"v1"');
    expect(result.lastModified).toBe('Tue, 01 Aug 2017 10:00:00 GMT');
    expect(result.url).toBe(`${base}/feed.xml`);
    expect(requests[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(requests[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('turns a conditional GET answered with 304 into notModified', async () => {
    const { base, requests } = await serve((request, response) => {
      if (request.headers['if-none-match'] === '"v1"' && request.headers['if-modified-since']) {
        response.writeHead(304).end();
      } else {
        response.writeHead(200).end('fresh');
      }
    });
    const result = await fetchResource(`${base}/feed.xml`, {
      ...local,
      etag: '"v1"',
      lastModified: 'Tue, 01 Aug 2017 10:00:00 GMT',
    });
    expect(result).toEqual({ notModified: true, url: `${base}/feed.xml` });
    expect(requests[0]!.headers['if-modified-since']).toBe('Tue, 01 Aug 2017 10:00:00 GMT');
  });

  it.each([
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['deflate', zlib.deflateRawSync],
    ['br', zlib.brotliCompressSync],
  ] as const)('decodes a %s body', async (encoding, compress) => {
    const text = 'Moscow ordered 755 US diplomatic staff to leave. '.repeat(200);
    const { base } = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': encoding, 'content-type': 'text/plain' });
      response.end(compress(Buffer.from(text)));
    });
    const result = await httpRequest(base, local);
    expect(result.notModified || result.body.toString()).toBe(text);
  });

  it('returns a 4xx or 5xx as a value (webhooks need it)', async () => {
    const { base, requests } = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.writeHead(503, { 'x-echo': body }).end('busy'));
    });
    const result = await httpRequest(`${base}/hook`, {
      ...local,
      method: 'POST',
      body: '{"type":"retaliation"}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(result.notModified).toBe(false);
    if (result.notModified) return;
    expect(result.status).toBe(503);
    expect(result.headers['x-echo']).toBe('{"type":"retaliation"}');
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('does not follow a redirect of a POST by default', async () => {
    const { base, requests } = await serve((_request, response) => {
      response.writeHead(302, { location: '/elsewhere' }).end();
    });
    const result = await httpRequest(base, { ...local, method: 'POST', body: 'x' });
    expect(result.notModified || result.status).toBe(302);
    expect(requests).toHaveLength(1);
  });

  it('follows redirects and reports the final URL', async () => {
    const { base } = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(301, { location: '/new' }).end();
      else response.writeHead(200).end(`at ${request.url}`);
    });
    const result = await fetchResource(`${base}/old`, local);
    expect(result.notModified).toBe(false);
    if (result.notModified) return;
    expect(result.url).toBe(`${base}/new`);
    expect(result.body.toString()).toBe('at /new');
  });

  it('stops after maxRedirects with too_many_redirects', async () => {
    const { base, requests } = await serve((request, response) => {
      const step = Number(request.url!.slice(1)) || 0;
      response.writeHead(302, { location: `/${step + 1}` }).end();
    });
    expect(await codeOf(fetchResource(`${base}/0`, { ...local, maxRedirects: 3 }))).toBe('too_many_redirects');
    expect(requests).toHaveLength(4);
  });

  it('detects a redirect loop', async () => {
    const { base } = await serve((request, response) => {
      response.writeHead(302, { location: request.url === '/a' ? '/b' : '/a' }).end();
    });
    expect(await codeOf(fetchResource(`${base}/a`, local))).toBe('too_many_redirects');
  });

  it('refuses a body over the cap (declared length)', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': 2048 }).end(Buffer.alloc(2048, 0x61));
    });
    expect(await codeOf(httpRequest(base, { ...local, maxBytes: 1024 }))).toBe('too_large');
  });

  it('refuses a chunked body over the cap while streaming', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(200);
      for (let i = 0; i < 64; i++) response.write(Buffer.alloc(1024, 0x61));
      response.end();
    });
    expect(await codeOf(httpRequest(base, { ...local, maxBytes: 10_000 }))).toBe('too_large');
  });

  it('refuses a gzip bomb by its decompressed size', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024)); // 50 MB of zeros, ~50 KB on the wire
    expect(bomb.length).toBeLessThan(100_000);
    const { base } = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb);
    });
    const started = Date.now();
    expect(await codeOf(httpRequest(base, { ...local, maxBytes: 1024 * 1024 }))).toBe('too_large');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a corrupt gzip body as decode_failed', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip');
    });
    expect(await codeOf(httpRequest(base, local))).toBe('decode_failed');
  });

  it('times out on a server that never answers', async () => {
    const { base, requests } = await serve(() => {
      /* accept the request, never respond */
    });
    const started = Date.now();
    expect(await codeOf(httpRequest(base, { ...local, timeoutMs: 300 }))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(requests).toHaveLength(1);
  });

  it('times out on a body that stalls midway', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(200);
      response.write('<rss>');
    });
    expect(await codeOf(httpRequest(base, { ...local, timeoutMs: 300 }))).toBe('timeout');
  });

  it('ends with a named error when the server cuts the connection mid-body', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': 1000 });
      response.write('<rss>');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await httpRequest(base, local).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RiposteError);
    expect((error as RiposteError).code).toBe('connect_failed');
  });

  it('ends with timeout when the caller aborts', async () => {
    const { base } = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await codeOf(httpRequest(base, { ...local, signal: controller.signal }))).toBe('timeout');
  });

  it('maps a refused connection to connect_failed', async () => {
    const { base } = await serve(() => {});
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await codeOf(httpRequest(base, local))).toBe('connect_failed');
  });

  it('maps a resolver failure to dns_failed', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND feeds.example'), { code: 'ENOTFOUND' });
    const result = httpRequest('http://feeds.example/rss', {
      network: { resolve: () => Promise.reject(notFound) },
    });
    expect(await codeOf(result)).toBe('dns_failed');
  });

  it.each(['ftp://example.org/feed.xml', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)'])(
    'refuses %s with bad_url',
    async (url) => {
      expect(await codeOf(httpRequest(url))).toBe('bad_url');
    },
  );

  it('refuses a redirect to a non-http scheme with bad_url', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(302, { location: 'file:///etc/passwd' }).end();
    });
    expect(await codeOf(fetchResource(base, local))).toBe('bad_url');
  });
});

describe('fetchResource', () => {
  it('throws http_status naming the status and URL on a 404', async () => {
    const { base } = await serve((_request, response) => response.writeHead(404).end('gone'));
    const error = await fetchResource(`${base}/missing.xml`, local).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RiposteError);
    expect((error as RiposteError).code).toBe('http_status');
    expect((error as RiposteError).message).toBe(`HTTP 404 Not Found from ${base}/missing.xml`);
  });
});

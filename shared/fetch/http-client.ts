import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { RateLimitedError, RiposteError, type ErrorCode } from '../domain/errors.js';
import { classifyAddress } from './address-policy.js';

export const USER_AGENT = 'Riposte/0.1 (+https://github.com/riposte-monitor/riposte)';
const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, ' +
  'text/xml;q=0.9, text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One resolved address, as the system resolver returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sends If-None-Match. */
  etag?: string | null;
  /** Sends If-Modified-Since. */
  lastModified?: string | null;
  /** Cap on the body, on the wire and again after decompression (default 5 MB). */
  maxBytes?: number;
  /** Overall deadline for the whole exchange, redirects and body included (default 20 s). */
  timeoutMs?: number;
  /** Deadline for each TCP (and TLS) connection to be established (default 5 s). */
  connectTimeoutMs?: number;
  /** Default 5 for GET, 0 for POST. With 0 a 3xx comes back as a value. */
  maxRedirects?: number;
  /** Default false: only public unicast addresses may be reached. */
  allowPrivate?: boolean;
  /** Aborting it ends the request with a `timeout` error (or the signal's RiposteError reason). */
  signal?: AbortSignal;
  /**
   * Name resolution and the address rule behind the SSRF guard, replaceable for tests and
   * embedding. `resolve` defaults to the system resolver; `isAddressAllowed` to
   * "public unicast only". Both are consulted on every hop, inside the socket's own lookup.
   */
  network?: {
    resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
    isAddressAllowed?: (address: string, hostname: string) => boolean;
  };
}

export type HttpResponse =
  | { notModified: true; url: string }
  | {
      notModified: false;
      status: number;
      /** Final URL after redirects. */
      url: string;
      headers: Record<string, string>;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

/**
 * One HTTP exchange with redirects, deadlines, size caps, decompression and the SSRF guard.
 * Any status comes back as a value; 304 becomes `{ notModified: true }`.
 * @example const res = await httpRequest(hookUrl, { method: 'POST', body: json, headers: { 'content-type': 'application/json' } });
 */
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const method = options.method ?? 'GET';
  const maxRedirects = options.maxRedirects ?? (method === 'GET' ? 5 : 0);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new RiposteError('timeout', `No complete answer from ${url} within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onCallerAbort = () => {
    const reason: unknown = options.signal?.reason;
    deadline.abort(
      reason instanceof RiposteError
        ? reason
        : new RiposteError('timeout', `Request to ${url} was aborted`, { cause: reason }),
    );
  };
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  try {
    let current = parseHttpUrl(url);
    let currentMethod = method;
    let body = options.body;
    let headers = buildHeaders(options);
    const visited = new Set<string>();
    for (let hop = 0; ; hop++) {
      visited.add(current.href);
      const answer = await exchange(current, currentMethod, headers, body, options, deadline.signal);
      const location = answer.headers['location'];
      if (REDIRECT_STATUSES.has(answer.status) && location && maxRedirects > 0) {
        answer.stream.resume();
        answer.stream.destroy();
        if (hop >= maxRedirects) {
          throw new RiposteError('too_many_redirects', `More than ${maxRedirects} redirects from ${url}`);
        }
        const next = parseHttpUrl(location, current);
        if (visited.has(next.href)) {
          throw new RiposteError('too_many_redirects', `Redirect loop at ${next.href} (from ${url})`);
        }
        if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && currentMethod === 'POST')) {
          currentMethod = 'GET';
          body = undefined;
          headers = withoutHeaders(headers, ['content-type', 'content-length']);
        }
        if (next.origin !== current.origin) {
          headers = withoutHeaders(headers, ['authorization', 'cookie']);
        }
        current = next;
        continue;
      }
      if (answer.status === 304) {
        answer.stream.resume();
        answer.stream.destroy();
        return { notModified: true, url: current.href };
      }
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      const responseBody = await readBody(answer.stream, answer.headers, maxBytes, current.href, deadline.signal);
      return {
        notModified: false,
        status: answer.status,
        url: current.href,
        headers: answer.headers,
        body: responseBody,
        contentType: answer.headers['content-type'] ?? null,
        etag: answer.headers['etag'] ?? null,
        lastModified: answer.headers['last-modified'] ?? null,
      };
    }
  } catch (error) {
    if (error instanceof RiposteError) throw error;
    if (deadline.signal.aborted && deadline.signal.reason instanceof RiposteError) throw deadline.signal.reason;
    throw toRiposteError(error, url);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** The longest wait a Retry-After can impose; a hostile or broken header asks for no more. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/**
 * When a Retry-After header (delta-seconds or HTTP-date) says to come back, from `now`;
 * null when it is absent or unreadable. Capped at MAX_RETRY_AFTER_MS; a past date means now.
 */
export function retryAfterDate(header: string | undefined | null, now: Date = new Date()): Date | null {
  const value = header?.trim();
  if (!value) return null;
  let waitMs: number;
  if (/^\d+$/.test(value)) waitMs = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at) || !/[a-z]/i.test(value)) return null;
    waitMs = at - now.getTime();
  }
  return new Date(now.getTime() + Math.min(Math.max(0, waitMs), MAX_RETRY_AFTER_MS));
}

/**
 * GET a resource; 2xx and 304 come back. A 429 or 503 with a Retry-After throws RateLimitedError
 * (`rate_limited`, with `retryAt`); any other status throws `http_status`.
 * @example const res = await fetchResource(feed.url, { etag, lastModified, maxBytes: 10 * 1024 * 1024 });
 */
export async function fetchResource(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const response = await httpRequest(url, { ...options, method: 'GET' });
  if (response.notModified) return response;
  if (response.status < 200 || response.status > 299) {
    const reason = http.STATUS_CODES[response.status] ?? 'Unknown Status';
    const retryAt = response.status === 429 || response.status === 503 ? retryAfterDate(response.headers['retry-after']) : null;
    if (retryAt) {
      throw new RateLimitedError(`retry after ${retryAt.toISOString()} (HTTP ${response.status} ${reason} from ${response.url})`, retryAt);
    }
    throw new RiposteError('http_status', `HTTP ${response.status} ${reason} from ${response.url}`);
  }
  return response;
}

function parseHttpUrl(input: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(input, base);
  } catch (error) {
    throw new RiposteError('bad_url', `Not a valid URL: ${JSON.stringify(input)}`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RiposteError('bad_url', `Only http and https URLs can be fetched, not ${parsed.protocol} (${parsed.href})`);
  }
  if (parsed.username || parsed.password) {
    throw new RiposteError('bad_url', `URLs with credentials are not fetched (${parsed.host})`);
  }
  parsed.hash = '';
  return parsed;
}

function buildHeaders(options: HttpRequestOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: DEFAULT_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  const copy = { ...headers };
  for (const name of names) delete copy[name];
  return copy;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  stream: http.IncomingMessage;
}

/** Sends one request and resolves when the status line and headers have arrived. */
function exchange(
  target: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  options: HttpRequestOptions,
  signal: AbortSignal,
): Promise<RawAnswer> {
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  const guard = options.allowPrivate ? null : addressGuard(options);
  // IP-literal hosts never reach a lookup function: judge them before any socket exists.
  if (guard && isIP(hostname)) guard.check(hostname, hostname);
  const resolve = options.network?.resolve;
  const lookup: LookupFunction | undefined =
    guard || resolve ? guardedLookup(hostname, resolve, guard) : undefined;

  const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const requestHeaders = { ...headers };
  if (payload) requestHeaders['content-length'] = String(payload.byteLength);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;

  return new Promise<RawAnswer>((resolvePromise, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(target, {
      method,
      headers: requestHeaders,
      agent: false, // a fresh socket per hop, so each one passes through the guarded lookup
      lookup,
      signal,
    });
    request.once('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(() => {
        request.destroy(
          new RiposteError('timeout', `Could not connect to ${target.host} within ${connectTimeoutMs} ms`),
        );
      }, connectTimeoutMs);
      const clear = () => clearTimeout(connectTimer);
      socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', clear);
      socket.once('close', clear);
    });
    request.once('response', (response) => {
      resolvePromise({ status: response.statusCode ?? 0, headers: flattenHeaders(response.headers), stream: response });
    });
    // `on`, not `once`: a socket can fail again after the response arrived, and an unheard 'error' would crash the process.
    request.on('error', (error) => reject(signal.aborted ? signal.reason : error));
    request.end(payload);
  });
}

interface AddressGuard {
  check(hostname: string, address: string): void;
}

function addressGuard(options: HttpRequestOptions): AddressGuard {
  const isAllowed = options.network?.isAddressAllowed ?? ((address: string) => classifyAddress(address).allowed);
  return {
    check(hostname, address) {
      if (isAllowed(address, hostname)) return;
      const range = classifyAddress(address).range;
      const shown = hostname === address ? address : `${hostname} (${address})`;
      throw new RiposteError(
        'blocked_address',
        `Refused to connect to ${shown}: ${range} addresses are not allowed (network.allowPrivate is false)`,
      );
    },
  };
}

/**
 * A `lookup` for the socket itself: resolves, then refuses the whole name if any of its
 * addresses is blocked. The socket connects only to what this returned, so there is no
 * window between the check and the connection.
 */
function guardedLookup(
  expectedHost: string,
  resolve: ((hostname: string) => Promise<ResolvedAddress[]>) | undefined,
  guard: AddressGuard | null,
): LookupFunction {
  const resolveAll = resolve ?? systemResolve;
  return (hostname, lookupOptions, callback) => {
    const wantAll = Boolean((lookupOptions as { all?: boolean }).all);
    const family = (lookupOptions as { family?: number | string }).family;
    resolveAll(hostname || expectedHost)
      .then((addresses) => {
        const usable = addresses.filter(
          (entry) => !family || family === 0 || family === entry.family || family === `IPv${entry.family}`,
        );
        if (usable.length === 0) {
          throw new RiposteError('dns_failed', `No address found for ${hostname}`);
        }
        for (const entry of usable) guard?.check(hostname, entry.address);
        if (wantAll) (callback as (e: null, a: ResolvedAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((error: unknown) => callback(error as NodeJS.ErrnoException, '', 0));
  };
}

function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })));
    });
  });
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Reads the body, counting bytes on the wire and after decompression against one cap. */
async function readBody(
  stream: http.IncomingMessage,
  headers: Record<string, string>,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const tooLarge = (what: string) =>
    new RiposteError('too_large', `Body from ${url} exceeds ${maxBytes} bytes (${what})`);
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    stream.destroy();
    throw tooLarge(`Content-Length ${declared}`);
  }
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = decompressorFor(encoding);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  try {
    const wireCap = new ByteCap(maxBytes, () => tooLarge('on the wire'));
    if (decoder) {
      const decodedCap = new ByteCap(maxBytes, () => tooLarge('after decompression'));
      await pipeline(stream, wireCap, decoder, decodedCap, collect, { signal });
    } else {
      await pipeline(stream, wireCap, collect, { signal });
    }
  } catch (error) {
    if (error instanceof RiposteError) throw error;
    if (signal.aborted) throw signal.reason;
    if (isZlibError(error)) {
      throw new RiposteError('decode_failed', `Corrupt ${encoding} body from ${url}`, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks);
}

class ByteCap extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly makeError: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(this.makeError());
    else callback(null, chunk);
  }
}

/** deflate is sent both zlib-wrapped (as specified) and raw (as some servers do): sniff the first byte. */
class DeflateEither extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      this.inner = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw();
      this.inner.on('data', (data: Buffer) => this.push(data));
      this.inner.on('error', (error) => this.destroy(error));
    }
    this.inner.write(chunk, () => callback());
  }
  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }
  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}

function decompressorFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return new DeflateEither();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null; // identity, or an encoding we did not ask for: hand the bytes over as they are
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code === 'ERR__ERROR');
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Every failure leaves as a RiposteError with a stable code and the original as `cause`. */
function toRiposteError(error: unknown, url: string): RiposteError {
  if (error instanceof RiposteError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  let mapped: ErrorCode = 'connect_failed';
  let text = `Could not fetch ${url}: ${message}`;
  if (typeof code === 'string') {
    if (DNS_CODES.has(code)) {
      mapped = 'dns_failed';
      text = `Could not resolve the host of ${url} (${code})`;
    } else if (TIMEOUT_CODES.has(code)) {
      mapped = 'timeout';
      text = `Timed out fetching ${url} (${code})`;
    } else if (code === 'ERR_INVALID_URL' || code === 'ERR_UNESCAPED_CHARACTERS' || code === 'ERR_INVALID_CHAR') {
      mapped = 'bad_url';
    } else if (code === 'ABORT_ERR') {
      mapped = 'timeout';
      text = `Request to ${url} was aborted`;
    }
  }
  return new RiposteError(mapped, text, { cause: error });
}

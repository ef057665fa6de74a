import { charsetFromContentType, decodeBytes } from '../feed/index.js';

/**
 * Article bytes → text, by the same rule as feeds (a byte-order mark first, then the declared
 * charsets the bytes do not contradict, then UTF-8, then a guess): here the declarations are the
 * HTTP Content-Type and the page's own `<meta charset>` / `http-equiv` in its first bytes.
 */
export function decodePage(bytes: Uint8Array, contentType: string | null): string {
  return decodeBytes(bytes, [charsetFromContentType(contentType), metaCharset(bytes)]).text;
}

function metaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? null;
}

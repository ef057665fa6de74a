/**
 * Article bytes → text. The charset comes from a byte-order mark, else the HTTP Content-Type,
 * else a `<meta charset>` / `http-equiv` declaration in the first bytes, else UTF-8
 * (the WHATWG encoding sniffing order, without the statistical guess).
 */
export function decodePage(bytes: Uint8Array, contentType: string | null): string {
  const bom = sniffBom(bytes);
  if (bom) return decode(bytes, bom, 'utf-8');
  const fromHeader = charsetOf(contentType);
  if (fromHeader && isSupported(fromHeader)) return decode(bytes, fromHeader, 'utf-8');
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const meta =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? null;
  if (meta && isSupported(meta)) return decode(bytes, meta, 'utf-8');
  return decode(bytes, 'utf-8', 'utf-8');
}

function sniffBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function charsetOf(contentType: string | null): string | null {
  if (!contentType) return null;
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? null;
}

function isSupported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function decode(bytes: Uint8Array, label: string, fallback: string): string {
  try {
    // A page declared as UTF-16 but served as an ASCII-compatible document is a common lie.
    const effective = /^utf-?16/i.test(label) && !sniffBom(bytes) ? fallback : label;
    return new TextDecoder(effective).decode(bytes);
  } catch {
    return new TextDecoder(fallback).decode(bytes);
  }
}

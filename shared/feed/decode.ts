import { analyse } from 'chardet';
import { RiposteError } from '../domain/errors.js';

/**
 * Feed bytes → text. The rule, after RFC 7303 §3 and feedparser's practice:
 *
 * 1. A byte-order mark wins over everything (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE).
 * 2. Without a BOM, a UTF-16 or UTF-32 `<` / `<?xml` byte pattern in the first four bytes
 *    decides the family and byte order (XML 1.0 Appendix F).
 * 3. Otherwise the candidates, in order: the HTTP charset (authoritative for every media type
 *    under RFC 7303, which dropped RFC 3023's "text/xml means US-ASCII"), then the XML
 *    declaration's encoding, then UTF-8. Each is tried strictly; one the bytes contradict (not
 *    valid UTF-8, an unknown label, UTF-16/32 on ASCII-compatible bytes) is skipped.
 * 4. When none fits, a statistical guess (chardet) if it is reasonably confident, else
 *    windows-1252, which decodes any byte sequence.
 *
 * Labels follow the WHATWG Encoding Standard (so ISO-8859-1 and US-ASCII decode as windows-1252,
 * their superset in practice); GB2312 and GBK decode as GB18030. UTF-32, which TextDecoder lacks,
 * is decoded here, and so is windows-1252 (Node 20's TextDecoder decodes that label as ISO-8859-1,
 * losing the curly quotes and dashes in 0x80-0x9F).
 */
export interface DecodedFeed {
  text: string;
  /** The encoding actually used, as a WHATWG name (`utf-8`, `windows-1252`, `utf-32le`, ...). */
  encoding: string;
}

// chardet's single-byte confidences stay low even when right (a KOI8-R headline scores ~25),
// so its first choice is taken unless it is a near-blind guess.
const MIN_GUESS_CONFIDENCE = 10;

export function decodeFeed(bytes: Uint8Array, contentType: string | null): DecodedFeed {
  return decodeBytes(bytes, [charsetFromContentType(contentType), declaredEncoding(bytes)]);
}

/**
 * Bytes → text by the rule above, with the declared labels in order of authority (for a feed:
 * HTTP charset, XML declaration; for a page: HTTP charset, `<meta charset>`). UTF-8 is always
 * the last candidate before the guess.
 */
export function decodeBytes(bytes: Uint8Array, declared: Array<string | null>): DecodedFeed {
  const bom = sniffBom(bytes);
  if (bom) return { text: decodeAs(bytes.subarray(bom.length), bom.encoding, false)!, encoding: bom.encoding };

  const wide = sniffWidePattern(bytes);
  if (wide) return { text: decodeAs(bytes, wide, false)!, encoding: wide };

  for (const label of [...declared, 'utf-8']) {
    const encoding = label ? canonicalEncoding(label) : null;
    if (!encoding || isWide(encoding)) continue; // a UTF-16/32 label on ASCII-compatible bytes is a lie
    const text = decodeAs(bytes, encoding, true);
    if (text !== null) return { text, encoding };
  }

  const guess = guessEncoding(bytes);
  if (guess) {
    const text = decodeAs(bytes, guess, false);
    if (text !== null) return { text, encoding: guess };
  }
  const text = decodeAs(bytes, 'windows-1252', false);
  if (text === null) throw new RiposteError('decode_failed', 'The bytes could not be decoded as text');
  return { text, encoding: 'windows-1252' };
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  // Single quotes are not HTTP syntax, but servers send them.
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;\s]+))/i.exec(contentType);
  const value = (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  return value || null;
}

/** The `encoding` of an ASCII-compatible XML declaration at the start of the bytes. */
export function declaredEncoding(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, 512));
  const declaration = /^\s*<\?xml\s[^>]*?\?>/.exec(head)?.[0];
  if (!declaration) return null;
  return /\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(declaration)?.[1] ?? null;
}

/** A WHATWG encoding name for a label, or null when the label is unknown. */
export function canonicalEncoding(label: string): string | null {
  const normal = label.trim().toLowerCase();
  if (/^(utf-?32|ucs-?4)$/.test(normal)) return 'utf-32be';
  if (/^utf-?32-?le$/.test(normal)) return 'utf-32le';
  if (/^utf-?32-?be$/.test(normal)) return 'utf-32be';
  if (normal === 'cp949' || normal === 'uhc') return 'euc-kr';
  if (normal === 'tis620') return 'windows-874';
  try {
    const encoding = new TextDecoder(normal).encoding;
    return encoding === 'gbk' ? 'gb18030' : encoding; // GB2312 bytes are a subset of GB18030
  } catch {
    return null;
  }
}

function isWide(encoding: string): boolean {
  return /^utf-(16|32)/.test(encoding);
}

interface Bom {
  encoding: string;
  length: number;
}

function sniffBom(bytes: Uint8Array): Bom | null {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** XML 1.0 Appendix F: the first `<` of a document in UTF-16 or UTF-32 without a BOM. */
function sniffWidePattern(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return 'utf-32le';
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 !== 0x00) return 'utf-16be';
  if (b0 === 0x3c && b1 === 0x00 && b2 !== 0x00 && b3 === 0x00) return 'utf-16le';
  return null;
}

/** Decodes; with `strict`, returns null where the bytes are not valid in that encoding. */
function decodeAs(bytes: Uint8Array, encoding: string, strict: boolean): string | null {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le', strict);
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return new TextDecoder(encoding, { fatal: strict }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean, strict: boolean): string | null {
  if (strict && bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let start = 0;
  if (bytes.length >= 4 && view.getUint32(0, littleEndian) === 0xfeff) start = 4;
  for (let offset = start; offset + 4 <= bytes.length; offset += 4) {
    const codePoint = view.getUint32(offset, littleEndian);
    const valid = codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    if (!valid && strict) return null;
    parts.push(String.fromCodePoint(valid ? codePoint : 0xfffd));
  }
  return parts.join('');
}

// 0x80-0x9F in windows-1252 (WHATWG): the five unassigned bytes map to the C1 controls.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const codes = Array.from(bytes.subarray(start, start + chunk), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : byte,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

function guessEncoding(bytes: Uint8Array): string | null {
  const best = analyse(bytes.subarray(0, 64 * 1024))[0]; // the head is evidence enough, and bounds the cost
  if (!best || best.confidence < MIN_GUESS_CONFIDENCE) return null;
  const encoding = canonicalEncoding(best.name);
  return encoding && !isWide(encoding) ? encoding : null;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalEncoding, charsetFromContentType, decodeFeed, declaredEncoding } from '../../shared/feed/index.js';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'feeds', name));

const xml = (encodingAttribute: string | null, body: string) =>
  `<?xml version="1.0"${encodingAttribute ? ` encoding="${encodingAttribute}"` : ''}?>\n<rss version="2.0"><channel><title>${body}</title></channel></rss>`;

function utf32(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const codePoints = Array.from(text, (character) => character.codePointAt(0)!);
  const bytes = new Uint8Array((codePoints.length + (bom ? 1 : 0)) * 4);
  const view = new DataView(bytes.buffer);
  [...(bom ? [0xfeff] : []), ...codePoints].forEach((codePoint, index) => view.setUint32(index * 4, codePoint, littleEndian));
  return bytes;
}

describe('decodeFeed', () => {
  it('decodes UTF-8 without any declaration', () => {
    const result = decodeFeed(Buffer.from(xml(null, 'Zürich — Genève')), null);
    expect(result).toMatchObject({ encoding: 'utf-8' });
    expect(result.text).toContain('Zürich — Genève');
  });

  it('follows the XML declaration (windows-1252 smart punctuation)', () => {
    const result = decodeFeed(fixture('windows-1252.xml'), null);
    expect(result.encoding).toBe('windows-1252');
    expect(result.text).toContain('diplomate — « persona non grata », décide le Quai d’Orsay');
  });

  it('follows the XML declaration (KOI8-R)', () => {
    const result = decodeFeed(fixture('koi8-r.xml'), 'application/rss+xml');
    expect(result.encoding).toBe('koi8-r');
    expect(result.text).toContain('Россия высылает 60 американских дипломатов');
  });

  it('lets a UTF-16 LE byte-order mark win over everything else', () => {
    const result = decodeFeed(fixture('utf-16le-bom.xml'), 'text/xml; charset=iso-8859-1');
    expect(result.encoding).toBe('utf-16le');
    expect(result.text.startsWith('<?xml')).toBe(true);
    expect(result.text).toContain('俄罗斯驱逐外交官');
  });

  it.each([
    ['utf-16be BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xml('utf-16', 'Ελλάδα'), 'utf16le').swap16()]), 'utf-16be'],
    ['utf-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('windows-1252', 'Ελλάδα'))]), 'utf-8'],
    ['utf-32le BOM', utf32(xml(null, 'Ελλάδα'), true, true), 'utf-32le'],
    ['utf-32be BOM', utf32(xml(null, 'Ελλάδα'), false, true), 'utf-32be'],
  ])('decodes a %s', (_name, bytes, encoding) => {
    const result = decodeFeed(bytes, null);
    expect(result.encoding).toBe(encoding);
    expect(result.text.startsWith('<?xml')).toBe(true);
    expect(result.text).toContain('<title>Ελλάδα</title>');
  });

  it.each([
    ['utf-16le', Buffer.from(xml('utf-16', 'Ελλάδα'), 'utf16le')],
    ['utf-16be', Buffer.from(xml('utf-16', 'Ελλάδα'), 'utf16le').swap16()],
    ['utf-32le', utf32(xml('utf-32', 'Ελλάδα'), true, false)],
    ['utf-32be', utf32(xml('utf-32', 'Ελλάδα'), false, false)],
  ])('autodetects %s without a BOM from the <?xml byte pattern', (encoding, bytes) => {
    const result = decodeFeed(bytes, null);
    expect(result.encoding).toBe(encoding);
    expect(result.text).toContain('<title>Ελλάδα</title>');
  });

  it('lets the HTTP charset win over the XML declaration', () => {
    const bytes = Buffer.from(xml('iso-8859-1', 'Zürich'), 'utf8');
    expect(decodeFeed(bytes, 'text/xml; charset="utf-8"')).toMatchObject({ encoding: 'utf-8' });
    const latin = Buffer.from(xml('utf-8', 'Zürich'), 'latin1');
    const result = decodeFeed(latin, 'application/rss+xml; charset=ISO-8859-1');
    expect(result.encoding).toBe('windows-1252');
    expect(result.text).toContain('Zürich');
  });

  it('skips a declared encoding the bytes contradict (UTF-8 declared, Latin-1 bytes)', () => {
    const result = decodeFeed(Buffer.from(xml('utf-8', 'Ça a changé à Genève, déjà'), 'latin1'), 'text/xml; charset=utf-8');
    expect(result.encoding).toBe('windows-1252');
    expect(result.text).toContain('Ça a changé à Genève, déjà');
  });

  it('ignores a UTF-16 label on ASCII-compatible bytes', () => {
    const result = decodeFeed(Buffer.from(xml('utf-16', 'plain')), 'text/xml; charset=utf-16');
    expect(result).toMatchObject({ encoding: 'utf-8' });
    expect(result.text).toContain('<title>plain</title>');
  });

  it('ignores an unknown encoding label', () => {
    expect(decodeFeed(Buffer.from(xml('bogus-8', 'plain')), null).encoding).toBe('utf-8');
  });

  it('decodes GB2312 as GB18030, Shift_JIS, Big5 and EUC-KR by declaration', () => {
    const cases: Array<[string, string, string]> = [
      ['gb2312', 'gb18030', '\u5916\u4ea4\u90e8'], // 外交部
      ['shift_jis', 'shift_jis', '\u5916\u52d9\u7701'], // 外務省
      ['big5', 'big5', '\u5916\u4ea4\u90e8'],
      ['euc-kr', 'euc-kr', '\uc678\uad50\ubd80'], // 외교부
    ];
    const encoded: Record<string, Buffer> = {
      gb2312: Buffer.from([0xcd, 0xe2, 0xbd, 0xbb, 0xb2, 0xbf]),
      shift_jis: Buffer.from([0x8a, 0x4f, 0x96, 0xb1, 0x8f, 0xc8]),
      big5: Buffer.from([0xa5, 0x7e, 0xa5, 0xe6, 0xb3, 0xa1]),
      'euc-kr': Buffer.from([0xbf, 0xdc, 0xb1, 0xb3, 0xba, 0xce]),
    };
    for (const [label, encoding, expected] of cases) {
      const [head, tail] = xml(label, '|').split('|');
      const bytes = Buffer.concat([Buffer.from(head!), encoded[label]!, Buffer.from(tail!)]);
      const result = decodeFeed(bytes, null);
      expect(result.encoding).toBe(encoding);
      expect(result.text).toContain(`<title>${expected}</title>`);
    }
  });

  it('falls back to windows-1252 for undeclared bytes that are not UTF-8', () => {
    const result = decodeFeed(Buffer.from(xml(null, 'Espa\u00f1a expulsa a un diplom\u00e1tico'), 'latin1'), null);
    expect(result.encoding).toBe('windows-1252');
    expect(result.text).toContain('España expulsa a un diplomático');
  });

  it.each([
    ['undeclared-koi8-r.xml', 'koi8-r', 'Россия высылает 60 американских дипломатов и закрывает генеральное консульство США'],
    ['undeclared-gb18030.xml', 'gb18030', '俄罗斯宣布驱逐六十名美国外交官并关闭美国驻圣彼得堡总领事馆'],
  ])('guesses the encoding of %s (no declaration, not UTF-8)', (name, encoding, title) => {
    const result = decodeFeed(fixture(name), null);
    expect(result.encoding).toBe(encoding);
    expect(result.text).toContain(title);
  });

  it('returns empty text for empty bytes', () => {
    expect(decodeFeed(new Uint8Array(), null)).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('encoding helpers', () => {
  it('reads the charset parameter, quoted or not', () => {
    expect(charsetFromContentType('application/rss+xml; charset=UTF-8')).toBe('UTF-8');
    expect(charsetFromContentType('text/xml;charset="koi8-r"; foo=bar')).toBe('koi8-r');
    expect(charsetFromContentType('text/xml')).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });

  it('reads the XML declaration encoding', () => {
    expect(declaredEncoding(Buffer.from("<?xml version='1.0' encoding='Big5'?><rss/>"))).toBe('Big5');
    expect(declaredEncoding(Buffer.from('<rss encoding="x"/>'))).toBeNull();
  });

  it('maps labels to WHATWG names', () => {
    expect(canonicalEncoding('ISO-8859-1')).toBe('windows-1252');
    expect(canonicalEncoding('us-ascii')).toBe('windows-1252');
    expect(canonicalEncoding('GB2312')).toBe('gb18030');
    expect(canonicalEncoding('UTF-32')).toBe('utf-32be');
    expect(canonicalEncoding('no-such-charset')).toBeNull();
  });
});

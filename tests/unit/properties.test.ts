import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiposteError } from '../../shared/domain/errors.js';
import { ACTIONS } from '../../shared/domain/event.js';
import { COUNTRIES, extractArticle } from '../../shared/extract/index.js';
import { decodeFeed, parseFeed } from '../../shared/feed/index.js';
import { decodePage } from '../../shared/pipeline/decode-page.js';

/**
 * Hostile input against the pure parts of the pipeline: whatever bytes or markup arrive, feeds end
 * as items or a RiposteError, decoding never throws, and extraction returns well-formed events.
 * Bounded (small sizes, ~200 runs each) so that the file runs in seconds.
 */
const RUNS = { numRuns: 200 };

const CONTENT_TYPES = [null, 'application/rss+xml', 'text/xml; charset=iso-8859-1', 'text/html; charset=utf-16', 'application/xml; charset=bogus', 'text/plain; charset="'];
const contentType = fc.constantFrom(...CONTENT_TYPES);

/** Pieces that feeds, pages and their attackers are made of, mixed in any order. */
const FRAGMENTS = [
  '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="windows-1251"?>', '\uFEFF', '<rss version="2.0">', '<rss>', '</rss>',
  '<channel>', '</channel>', '<item>', '</item>', '<feed xmlns="http://www.w3.org/2005/Atom">', '</feed>', '<entry>', '</entry>',
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', '<title>', '</title>', '<link>', '</link>', '<link href="',
  '"/>', 'http://example.org/a', '/relative', 'javascript:alert(1)', '<![CDATA[', ']]>', '<!--', '-->', '&amp;', '&nbsp;', '&#0;',
  '&#xD800;', '&bogus;', '<!DOCTYPE x [<!ENTITY a "&b;&b;"><!ENTITY b "lol">]>', '<pubDate>', '</pubDate>', 'Tue, 20 Apr 2021 10:00:00 GMT',
  '<guid isPermaLink="true">', '</guid>', '<dc:creator>', '\u0000', '\uFFFF', '\u202E', ' ', '\n', '<', '>', '"', "'", '<html>', '<body>',
  '<script>', '</script>', '<article>', '</article>', '<p>', '</p>', '<h1>', '</h1>', '<meta charset="gb2312">',
  '<meta property="article:published_time" content="', '2099-13-45T99:99', '2021-04-20', 'Russia expels 10 US diplomats.',
  'The Czech Republic expelled 18 Russian diplomats in response.', 'declared persona non grata', 'ordered to close its consulate',
  'Moscow', 'Washington', 'Prague', 'ninety-nine', '1e309', '-3', '0', '99999999999999999999',
];
const hostileText = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 60 }).map((parts) => parts.join(''));
const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  hostileText.map((text) => new TextEncoder().encode(text)),
  fc.tuple(hostileText, fc.constantFrom('latin1', 'utf16le', 'ucs2') as fc.Arbitrary<BufferEncoding>).map(([text, enc]) => new Uint8Array(Buffer.from(text, enc))),
);

const SENTENCES = [
  'Russia expels 10 US diplomats.', 'The Czech Republic expelled 18 Russian diplomats in response.', 'Poland declared 45 Russian diplomats persona non grata on Tuesday.',
  'Moscow ordered the United States to cut its mission by 755 people.', 'Lithuania ordered the Russian consulate in Klaipeda closed.',
  'Estonia expelled the Russian ambassador.', 'Germany did not expel anyone.', 'In 2018, Britain expelled 23 Russian diplomats.',
];
/** Article-shaped pages whose sentences report expulsions, with hostile fragments in between. */
const articlePage = fc
  .tuple(fc.constantFrom(...SENTENCES), fc.array(fc.oneof(fc.constantFrom(...SENTENCES), hostileText), { minLength: 1, maxLength: 6 }))
  .map(([headline, body]) => `<html><head><title>${headline}</title></head><body><article><h1>${headline}</h1>${body.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`);

const ISO_CODES = new Set(COUNTRIES.map((c: { code: string }) => c.code));

describe('pure pipeline parts under arbitrary input (fast-check)', () => {
  it('parseFeed resolves with items or rejects with a RiposteError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBytes, contentType, async (bytes, type) => {
        try {
          const feed = await parseFeed(bytes, { contentType: type, url: 'http://peer.example/feed.xml' });
          expect(Array.isArray(feed.items)).toBe(true);
          for (const item of feed.items) expect(item.link).toMatch(/^https?:\/\//);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(RiposteError);
        }
      }),
      RUNS,
    );
  });

  it('decodeFeed and decodePage never throw and always give a string', () => {
    fc.assert(
      fc.property(hostileBytes, contentType, (bytes, type) => {
        expect(typeof decodeFeed(bytes, type).text).toBe('string');
        expect(typeof decodePage(bytes, type)).toBe('string');
      }),
      RUNS,
    );
  });

  it('extractArticle never throws and returns well-formed events', () => {
    let withEvents = 0;
    fc.assert(
      fc.property(fc.oneof(hostileText, articlePage), fc.option(fc.string({ maxLength: 30 }), { nil: null }), (html, published) => {
        const article = extractArticle(html, { url: 'http://fakehost/a.html', published });
        expect(typeof article.text).toBe('string');
        if (article.events.length > 0) withEvents++;
        if (article.published !== null) expect(article.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        for (const event of article.events) {
          expect(ISO_CODES.has(event.expelling_country), event.expelling_country).toBe(true);
          expect(ISO_CODES.has(event.expelled_country), event.expelled_country).toBe(true);
          expect(event.expelling_country).not.toBe(event.expelled_country);
          expect(ACTIONS).toContain(event.action);
          if (event.count !== null) expect(Number.isSafeInteger(event.count) && event.count > 0, String(event.count)).toBe(true);
          if (event.date !== null) {
            expect(event.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(new Date(`${event.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(event.date);
          }
          expect(typeof event.is_retaliation).toBe('boolean');
          expect(typeof event.new).toBe('boolean');
          expect(typeof event.evidence).toBe('string');
        }
      }),
      RUNS,
    );
    // The property is about events, so some runs must have had some to check.
    expect(withEvents).toBeGreaterThan(10);
  });

  it('extractArticle survives values that are not strings at all', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol.iterator.toString()]) {
      expect(() => extractArticle(value as unknown as string)).not.toThrow();
    }
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RiposteError } from '../../shared/domain/errors.js';
import { parseFeed, repairXmlText } from '../../shared/feed/index.js';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'feeds', name));
const bytes = (text: string) => Buffer.from(text, 'utf8');

async function failure(promise: Promise<unknown>): Promise<RiposteError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(RiposteError);
  return outcome as RiposteError;
}

describe('parseFeed', () => {
  it('reads RSS 2.0: resolves links, normalises dates and titles, drops items without a link', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), { url: 'https://news.example.org/rss.xml' });
    expect(feed.title).toBe('Diplomatic Desk');
    expect(feed.items).toEqual([
      {
        link: 'https://news.example.org/2017/07/30/russia-us-staff-cap',
        title: 'Russia orders the US to cut its diplomatic staff by 755',
        published: '2017-07-30',
        publishedAt: '2017-07-30T15:20:00.000Z',
        guid: 'dd-2017-0730',
      },
      {
        link: 'https://news.example.org/2018/03/14/uk-expels-23',
        title: 'UK expels 23 Russian diplomats after the Salisbury poisoning',
        published: '2018-03-14',
        publishedAt: '2018-03-14T12:05:00.000Z',
        guid: null,
      },
      {
        link: 'https://news.example.org/2018/03/17/russia-answers',
        title: 'Russia expels 23 British diplomats in response',
        published: '2018-03-17',
        publishedAt: '2018-03-17T10:00:00.000Z',
        guid: 'https://news.example.org/2018/03/17/russia-answers',
      },
      {
        link: 'https://news.example.org/undated',
        title: 'Undated item',
        published: null,
        publishedAt: null,
        guid: null,
      },
    ]);
    expect(feed.skippedItems).toBe(2); // no link at all, and a javascript: link
  });

  it('reads Atom: the alternate link, published before updated, relative links, bad dates as null', async () => {
    const feed = await parseFeed(fixture('atom.xml'), { url: 'https://watch.example.net/atom.xml' });
    expect(feed.title).toBe('Embassy Watch');
    expect(feed.items.map((item) => [item.link, item.published, item.publishedAt, item.guid])).toEqual([
      ['https://watch.example.net/2021/04/17/czech-expels-18', '2021-04-17', '2021-04-17T18:30:00.000Z', 'urn:example:ew:1'],
      ['https://watch.example.net/2021/04/18/russia-expels-20', '2021-04-18', '2021-04-18T23:10:00.000Z', 'urn:example:ew:2'],
      ['https://watch.example.net/2021/04/19/notes', null, null, 'urn:example:ew:3'],
    ]);
  });

  it('reads RSS 1.0 (RDF) with dc:date', async () => {
    const feed = await parseFeed(fixture('rdf.xml'));
    expect(feed.title).toBe('Cold War Archive');
    expect(feed.items.map((item) => [item.title, item.published])).toEqual([
      ['Washington orders 55 more Soviet diplomats to leave', '1986-10-21'],
      ['Britain expels 105 Soviet officials', '1971-09-24'],
    ]);
  });

  it('reads a windows-1252 feed', async () => {
    const feed = await parseFeed(fixture('windows-1252.xml'));
    expect(feed.encoding).toBe('windows-1252');
    expect(feed.items[0]!.title).toBe('La France expulse un diplomate — « persona non grata », décide le Quai d’Orsay');
  });

  it('reads a UTF-16 feed with a BOM', async () => {
    const feed = await parseFeed(fixture('utf-16le-bom.xml'));
    expect(feed.title).toBe('外交新闻');
    expect(feed.items[0]).toMatchObject({ title: '俄罗斯驱逐外交官 (Russia expels diplomats)', published: '2018-03-30' });
  });

  it('reads a KOI8-R feed', async () => {
    const feed = await parseFeed(fixture('koi8-r.xml'), { contentType: 'application/rss+xml' });
    expect(feed.title).toBe('Новости дипломатии');
    expect(feed.items[0]).toMatchObject({
      title: 'Россия высылает 60 американских дипломатов',
      publishedAt: '2018-03-29T13:00:00.000Z',
    });
  });

  it('recovers undeclared HTML entities and a stray ampersand, leaving CDATA alone', async () => {
    const feed = await parseFeed(fixture('illformed-entities.xml'));
    expect(feed.title).toBe('Wire Service — Diplomacy');
    expect(feed.items[0]).toMatchObject({
      title: 'Café talks fail & envoys leave: Oslo & Moscow trade expulsions',
      link: 'https://wire.example.org/story?id=7&section=world',
    });
  });

  it('accepts <rss> without a version as RSS 2.0', async () => {
    const feed = await parseFeed(
      bytes('<rss><channel><title>t</title><item><title>a</title><link>https://e.example/a</link></item></channel></rss>'),
    );
    expect(feed.items.map((item) => item.link)).toEqual(['https://e.example/a']);
  });

  it('treats a feed root without a channel as an empty feed', async () => {
    for (const document of ['<rss version="0.92"></rss>', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>']) {
      expect(await parseFeed(bytes(document))).toEqual({ title: null, items: [], skippedItems: 0, encoding: 'utf-8' });
    }
  });

  it('closes a final end tag cut off before its >', async () => {
    const feed = await parseFeed(bytes('<rss version="2.0"><channel><item><link>https://e.example/x</link></item></channel></rss'));
    expect(feed.items).toHaveLength(1);
  });

  it('refuses an HTML page as not_a_feed', async () => {
    const error = await failure(parseFeed(fixture('html-page.html'), { url: 'https://news.example.org/' }));
    expect(error.code).toBe('not_a_feed');
    expect(error.message).toContain('<html>');
  });

  it.each([
    ['JSON', '{"version": "https://jsonfeed.org/version/1.1", "items": []}'],
    ['plain text', 'Service temporarily unavailable'],
    ['an unknown XML root', '<?xml version="1.0"?><opml version="2.0"><body/></opml>'],
  ])('refuses %s as not_a_feed', async (_name, document) => {
    expect((await failure(parseFeed(bytes(document)))).code).toBe('not_a_feed');
  });

  it.each([
    ['an empty document', ''],
    ['whitespace and a declaration only', '<?xml version="1.0"?>\n  '],
    ['truncated XML', '<rss version="2.0"><channel><item><title><![CD'],
    ['mismatched tags', '<rss version="2.0"><channel><item></channel></item></rss>'],
  ])('refuses %s as feed_malformed', async (_name, document) => {
    expect((await failure(parseFeed(bytes(document)))).code).toBe('feed_malformed');
  });

  it('never lets a raw error escape on hostile input', async () => {
    const documents = [
      '<rss version="2.0"><channel><item><link><a>x</a></link><pubDate><b/></pubDate></item></channel></rss>',
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><published>not a date</published><link href="/x"/></entry></feed>',
      '<rss version="0.91"><channel></channel><channel/></rss>',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rss:channel xmlns:rss="http://purl.org/rss/1.0/"/><rss:item xmlns:rss="http://purl.org/rss/1.0/"/></rdf:RDF>',
      '<!DOCTYPE rss [<!ENTITY a "&a;&a;">]><rss version="2.0"><channel><title>&a;</title></channel></rss>',
    ];
    for (const document of documents) {
      const outcome: unknown = await parseFeed(bytes(document)).catch((error: unknown) => error);
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(RiposteError);
      else expect(Array.isArray((outcome as { items: unknown }).items)).toBe(true);
    }
  });
});

describe('repairXmlText', () => {
  it('turns HTML entities into character references and bare ampersands into &amp;', () => {
    expect(repairXmlText('<t>a&nbsp;b &mdash; AT&T &amp; &#233; &#x41;</t>')).toBe('<t>a&#160;b &#8212; AT&amp;T &amp; &#233; &#x41;</t>');
  });

  it('keeps unknown names as text and leaves CDATA and comments untouched', () => {
    expect(repairXmlText('<t>&bogus; <![CDATA[&nbsp; & x]]><!-- & --></t>')).toBe('<t>&amp;bogus; <![CDATA[&nbsp; & x]]><!-- & --></t>');
  });

  it('expands entities declared in the internal subset once, as text', () => {
    expect(repairXmlText('<!DOCTYPE rss [<!ENTITY who "Quai d\'Orsay &amp; co">]><rss>&who;</rss>')).toBe('<rss>Quai d\'Orsay &amp;amp; co</rss>');
  });
});

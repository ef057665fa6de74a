import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import samples from './samples/articles.json';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

export interface SampleArticle {
  slug: string;
  feeds: string[];
  published: string;
  title: string;
  paragraphs: string[];
}

export interface SampleFeed {
  name: string;
  format: FeedFormat;
}

export const SAMPLE_FEEDS = samples.feeds as SampleFeed[];
export const SAMPLE_ARTICLES = samples.articles as SampleArticle[];
/** Cutoff dates: cycle i releases the articles published up to `SAMPLE_CYCLES[i]`. */
export const SAMPLE_CYCLES = samples.cycles;

export interface SampleServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  feedUrl(name: string): string;
  /** Release the articles published up to this date (YYYY-MM-DD, inclusive). */
  releaseUntil(date: string): void;
  /** Requests served so far, as "METHOD path status". */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the project's sample feeds (RSS 2.0, Atom, RDF) and article pages on loopback, with
 * ETag / Last-Modified validators so that an unchanged feed answers 304 (`validators: false`: none,
 * as many real feeds, so an unchanged feed answers 200 with the same body). Article pages carry
 * the furniture real pages have: navigation, a rail of other headlines, a footer.
 */
export async function startSampleServer(options: { port?: number; validators?: boolean } = {}): Promise<SampleServer> {
  const validators = options.validators ?? true;
  let cutoff = '0000-00-00';
  const requests: string[] = [];
  let base = '';

  const released = () => SAMPLE_ARTICLES.filter((a) => a.published.slice(0, 10) <= cutoff);

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://sample.invalid').pathname;
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      requests.push(`${req.method} ${path} ${status}`);
      res.writeHead(status, { 'Content-Type': type, ...headers });
      res.end(status === 304 ? undefined : body);
    };

    const feedMatch = /^\/feeds\/([\w-]+)\.xml$/.exec(path);
    if (feedMatch) {
      const feed = SAMPLE_FEEDS.find((f) => f.name === feedMatch[1]);
      if (!feed) return send(404, 'text/plain', 'no such feed');
      const items = released()
        .filter((a) => a.feeds.includes(feed.name))
        .sort((a, b) => b.published.localeCompare(a.published));
      const body = renderFeed(feed, items, base);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      const lastModified = new Date(items[0]?.published ?? '2000-01-01T00:00:00Z').toUTCString();
      if (!validators) return send(200, contentTypeOf(feed.format), body);
      if (req.headers['if-none-match'] === etag) return send(304, 'application/xml', '', { ETag: etag });
      return send(200, contentTypeOf(feed.format), body, { ETag: etag, 'Last-Modified': lastModified });
    }

    const articleMatch = /^\/articles\/([\w-]+)\.html$/.exec(path);
    const article = articleMatch && released().find((a) => a.slug === articleMatch[1]);
    if (article) return send(200, 'text/html; charset=utf-8', renderPage(article, released()));
    return send(404, 'text/html', '<!doctype html><title>Not found</title><h1>Not found</h1>');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    feedUrl: (name) => `${base}/feeds/${name}.xml`,
    releaseUntil: (date) => {
      cutoff = date;
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function contentTypeOf(format: FeedFormat): string {
  if (format === 'atom') return 'application/atom+xml; charset=utf-8';
  if (format === 'rdf') return 'application/rdf+xml; charset=utf-8';
  return 'application/rss+xml; charset=utf-8';
}

function articleUrl(base: string, article: SampleArticle): string {
  return `${base}/articles/${article.slug}.html`;
}

function summary(article: SampleArticle): string {
  return article.paragraphs[0] ?? '';
}

export function renderFeed(feed: SampleFeed, items: SampleArticle[], base: string): string {
  const title = `Riposte ${feed.name}`;
  if (feed.format === 'atom') {
    const updated = items[0]?.published ?? '2000-01-01T00:00:00Z';
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(title)}</title>
  <id>${xml(`${base}/feeds/${feed.name}.xml`)}</id>
  <updated>${updated}</updated>
${items
  .map(
    (a) => `  <entry>
    <title>${xml(a.title)}</title>
    <link rel="alternate" href="${xml(articleUrl(base, a))}"/>
    <id>${xml(articleUrl(base, a))}</id>
    <published>${a.published}</published>
    <updated>${a.published}</updated>
    <summary>${xml(summary(a))}</summary>
  </entry>`,
  )
  .join('\n')}
</feed>
`;
  }
  if (feed.format === 'rdf') {
    return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="${xml(`${base}/feeds/${feed.name}.xml`)}">
    <title>${xml(title)}</title>
    <link>${xml(base)}</link>
    <description>Sample feed</description>
  </channel>
${items
  .map(
    (a) => `  <item rdf:about="${xml(articleUrl(base, a))}">
    <title>${xml(a.title)}</title>
    <link>${xml(articleUrl(base, a))}</link>
    <description>${xml(summary(a))}</description>
    <dc:date>${a.published}</dc:date>
  </item>`,
  )
  .join('\n')}
</rdf:RDF>
`;
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>${xml(title)}</title>
    <link>${xml(base)}</link>
    <description>Sample feed</description>
${items
  .map(
    (a) => `    <item>
      <title>${xml(a.title)}</title>
      <link>${xml(articleUrl(base, a))}</link>
      <guid isPermaLink="true">${xml(articleUrl(base, a))}</guid>
      <pubDate>${new Date(a.published).toUTCString()}</pubDate>
      <description>${xml(summary(a))}</description>
    </item>`,
  )
  .join('\n')}
  </channel>
</rss>
`;
}

/** A news page with the furniture that must not be read as the article. */
export function renderPage(article: SampleArticle, others: SampleArticle[]): string {
  const rail = others
    .filter((o) => o.slug !== article.slug)
    .slice(-5)
    .map((o) => `<li><a href="/articles/${o.slug}.html">${xml(o.title)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${xml(article.title)} | Riposte Samples</title>
<meta property="og:site_name" content="Riposte Samples">
<meta property="article:published_time" content="${article.published}">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/diplomacy">Diplomacy</a></nav></header>
<main>
<article>
<h1>${xml(article.title)}</h1>
<time datetime="${article.published}">${article.published.slice(0, 10)}</time>
${article.paragraphs.map((p) => `<p>${xml(p)}</p>`).join('\n')}
</article>
<aside class="related"><h2>Most read</h2><ul>${rail}</ul></aside>
</main>
<footer><p>Sample pages written for Riposte's demo. Cookies help us deliver our services.</p></footer>
</body>
</html>
`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

import Parser from 'rss-parser';
import type { FeedItem } from '../domain/article.js';
import { RiposteError } from '../domain/errors.js';
import { decodeFeed } from './decode.js';
import { repairXmlText } from './repair.js';

export interface ParseFeedOptions {
  /** The HTTP Content-Type, for its charset. */
  contentType?: string | null;
  /** The feed's own (final) URL: relative item links are resolved against it. */
  url?: string;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
  /** Entries dropped because they had no usable http(s) link. */
  skippedItems: number;
  /** The encoding the bytes were decoded with. */
  encoding: string;
}

/**
 * Feed bytes → title and items. Pure: no network. RSS 0.9x, 1.0 (RDF), 2.0 (also `<rss>` without
 * a version) and Atom 0.3/1.0. Clear ill-formedness is repaired first (see `repairXmlText`).
 *
 * Outcomes: items (possibly none: a feed root with no channel is an empty feed, not an error), or
 * RiposteError `not_a_feed` (HTML, JSON, any other root) or `feed_malformed` (XML that does not
 * parse, an empty document). Items without an http(s) link (after resolving against `url`, and
 * falling back to an RSS `guid` that is a permalink URL) are dropped and counted.
 * @example const { items } = await parseFeed(response.body, { contentType: response.contentType, url: response.url });
 */
export async function parseFeed(bytes: Uint8Array, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const { text, encoding } = decodeFeed(bytes, options.contentType ?? null);
  const where = options.url ? ` at ${options.url}` : '';
  const root = rootElement(text);
  if (root.kind === 'empty') throw new RiposteError('feed_malformed', `The document${where} is empty`);
  if (root.kind === 'not-xml') {
    throw new RiposteError('not_a_feed', `The document${where} is not XML (it starts with ${JSON.stringify(root.start)})`);
  }
  const local = root.name.includes(':') ? root.name.slice(root.name.indexOf(':') + 1) : root.name;
  if (!FEED_ROOTS.has(local.toLowerCase())) {
    throw new RiposteError('not_a_feed', `The document${where} is not a feed: its root element is <${root.name}>`);
  }
  if (local.toLowerCase() !== 'feed' && !/<channel[\s>/]/.test(text)) {
    // rss-parser reads only an unprefixed <channel>. Without one, the feed is empty
    // (<rss version="0.92"></rss>) unless it holds prefixed items we cannot read.
    if (/<[\w.-]+:item[\s>/]/.test(text)) {
      throw new RiposteError('feed_malformed', `The feed${where} uses namespace-prefixed RSS elements, which are not supported`);
    }
    return { title: null, items: [], skippedItems: 0, encoding };
  }

  let raw: RawFeed;
  try {
    raw = await newParser().parseString(repairXmlText(text));
  } catch (error) {
    throw classifyParserError(error, where);
  }
  return normaliseFeed(raw, options.url, encoding);
}

const FEED_ROOTS = new Set(['rss', 'rdf', 'feed']);

type RawItem = Parser.Item & Record<string, unknown>;
type RawFeed = Parser.Output<Record<string, unknown>> & { items: RawItem[] };

const ITEM_FIELDS: Parser.CustomFieldItem<Record<string, unknown>>[] = [
  ['dcterms:issued', 'dctermsIssued'],
  ['dcterms:created', 'dctermsCreated'],
  ['dcterms:modified', 'dctermsModified'],
  'issued', // Atom 0.3
  'modified',
  'created',
  'updated',
];

function newParser(): Parser<Record<string, unknown>, Record<string, unknown>> {
  const parser = new Parser<Record<string, unknown>, Record<string, unknown>>({
    defaultRSS: 2,
    customFields: { item: ITEM_FIELDS },
  });
  // rss-parser 3.13.0 calls toISOString() on an Atom entry's <published>/<updated> unchecked,
  // so one bad date throws a RangeError for the whole feed. Retry that entry without its dates;
  // the raw values are still read by `normaliseFeed`.
  const internals = parser as unknown as { parseItemAtom(entry: Record<string, unknown>): RawItem };
  const parseItemAtom = internals.parseItemAtom.bind(parser);
  internals.parseItemAtom = (entry) => {
    try {
      return parseItemAtom(entry);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const { published: _published, updated: _updated, ...rest } = entry;
      return parseItemAtom(rest);
    }
  };
  return parser;
}

type Root = { kind: 'empty' } | { kind: 'not-xml'; start: string } | { kind: 'element'; name: string };

/** The first element's name, after the prolog (declaration, comments, processing instructions, DOCTYPE). */
function rootElement(text: string): Root {
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s[^[>]*(?:\[[\s\S]*?\]\s*)?>)*/i.exec(text);
  const rest = text.slice(prolog?.[0].length ?? 0);
  if (rest.trim() === '') return { kind: 'empty' };
  const element = /^<([A-Za-z_][\w:.-]*)/.exec(rest);
  if (!element) return { kind: 'not-xml', start: rest.slice(0, 20) };
  return { kind: 'element', name: element[1]! };
}

function classifyParserError(error: unknown, where: string): RiposteError {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (/not recognized as RSS/i.test(message)) {
    return new RiposteError('not_a_feed', `The document${where} is not a recognised feed`, { cause: error });
  }
  return new RiposteError('feed_malformed', `The feed${where} is not well-formed XML: ${message}`, { cause: error });
}

function normaliseFeed(raw: RawFeed, base: string | undefined, encoding: string): ParsedFeed {
  const items: FeedItem[] = [];
  let skippedItems = 0;
  for (const entry of raw.items ?? []) {
    const link = itemLink(entry, base);
    if (!link) {
      skippedItems++;
      continue;
    }
    const date = normaliseDate(
      entry.isoDate,
      entry.pubDate,
      entry['date'],
      entry['dctermsIssued'],
      entry['dctermsCreated'],
      entry['issued'],
      entry['created'],
      entry['published'],
      entry['updated'],
      entry['modified'],
      entry['dctermsModified'],
    );
    items.push({
      link,
      title: textOf(entry.title),
      published: date?.slice(0, 10) ?? null,
      publishedAt: date,
      guid: textOf(entry.guid) ?? textOf(entry['id']),
    });
  }
  return { title: textOf(raw.title), items, skippedItems, encoding };
}

function itemLink(entry: RawItem, base: string | undefined): string | null {
  const candidates = [textOf(entry.link)];
  const guid = textOf(entry.guid);
  if (guid && /^https?:\/\//i.test(guid)) candidates.push(guid); // RSS 2.0: a guid is a permalink unless it says not
  if (typeof entry['rdf:about'] === 'string') candidates.push(entry['rdf:about']);
  for (const candidate of candidates) {
    if (!candidate) continue;
    const resolved = resolveUrl(candidate, base);
    if (resolved) return resolved;
  }
  return null;
}

function resolveUrl(link: string, base: string | undefined): string | null {
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Text of an rss-parser value: a string, an `{ _: text }` node, the first of an array, or the
 * text content of an element tree (an Atom `type="xhtml"` title arrives as `{ div: [...] }`).
 */
function textOf(value: unknown): string | null {
  const text = gatherText(Array.isArray(value) ? value[0] : value).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

function gatherText(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (depth > 20 || !value || typeof value !== 'object') return '';
  if (Array.isArray(value)) return value.map((part) => gatherText(part, depth + 1)).join(' ');
  return Object.entries(value)
    .filter(([key]) => key !== '$')
    .map(([, part]) => gatherText(part, depth + 1))
    .join(' ');
}

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** The first candidate that parses to a plausible instant, as an ISO-8601 UTC string. */
function normaliseDate(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    const text = textOf(candidate);
    if (!text) continue;
    const time = Date.parse(text);
    if (Number.isFinite(time) && time >= EARLIEST && time < LATEST) return new Date(time).toISOString();
  }
  return null;
}

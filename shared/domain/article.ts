import type { ExtractedEvent } from './event.js';

/** What the extractor reads from one article page. */
export interface ExtractedArticle {
  title: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  /** The main text, paragraphs separated by blank lines. */
  text: string;
  events: ExtractedEvent[];
}

/** An entry of a feed, after parsing and normalising. */
export interface FeedItem {
  /** Absolute URL of the article. */
  link: string;
  title: string | null;
  /** YYYY-MM-DD from the feed's own date, when it parses. */
  published: string | null;
  /** ISO-8601 instant from the feed's own date, when it parses. */
  publishedAt: string | null;
  guid: string | null;
}

import type { ExtractedArticle } from '../domain/article.js';
import { normalizeDate } from './dates.js';
import { extractEvents } from './events.js';
import { readPage } from './html.js';

export { extractEvents, type EventContext } from './events.js';
export { findCountryMentions, countryCode, COUNTRIES } from './gazetteer.js';
export { normalizeDate } from './dates.js';

export interface ExtractOptions {
  /** The page's address (kept for callers; relative links are not needed for text). */
  url?: string;
  /** Overrides the page's own date when given (YYYY-MM-DD or any date the page metadata could hold). */
  published?: string | null;
}

/**
 * Headline, publication day, main text and expulsion events of an article page. Pure and synchronous;
 * never throws (garbage in, empty fields out).
 * @example extractArticle(html, { published: '2023-04-14' }).events
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  try {
    const page = readPage(typeof html === 'string' ? html : String(html ?? ''));
    const published = options.published ? normalizeDate(options.published) ?? page.published : page.published;
    const events = extractEvents(page.text, { published, title: page.title });
    return { title: page.title, published, text: page.text, events };
  } catch {
    return { title: null, published: options.published ? normalizeDate(options.published) : null, text: '', events: [] };
  }
}

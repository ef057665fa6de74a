import { load } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { normalizeDate, MONTH_SOURCE } from './dates.js';

/**
 * Page → headline, publication day and main text. The main-text finder scores blocks the way reader modes
 * do (paragraph length and commas, class/id hints, link density, siblings of the best block), working on
 * htmlparser2's tree directly for speed. Article HTML is hostile input: nothing here evaluates it, and
 * only text leaves this module.
 */

export interface PageReading {
  title: string | null;
  published: string | null;
  text: string;
}

const MAX_HTML = 5_000_000;

const REMOVE_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'button', 'input', 'select', 'textarea',
  'link', 'meta', 'object', 'embed', 'nav', 'aside', 'footer', 'form', 'dialog', 'menu', 'head', 'title', 'audio', 'video', 'source', 'picture', 'img', 'map',
]);
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'br', 'caption',
]);
const DIV_BLOCK_CHILDREN = new Set(['a', 'blockquote', 'dl', 'div', 'img', 'ol', 'p', 'pre', 'table', 'ul', 'section', 'article', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscribe|promo|outbrain|taboola|most-?read|most-?popular|trending|share|sharing|byline-?tools|signup|paywall/i;
const MAYBE = /and|article|body|column|content|main|mathjax|shadow/i;
const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog']);
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|cookie|newsletter|subscribe|most-?read|trending|byline/i;

type Scored = Map<Element, number>;

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function attr(el: Element, name: string): string {
  return el.attribs?.[name] ?? '';
}

function classAndId(el: Element): string {
  return `${attr(el, 'class')} ${attr(el, 'id')}`;
}

function innerText(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!('children' in node)) return '';
  let s = '';
  for (const c of (node as Element).children) s += innerText(c);
  return s;
}

function textLength(node: AnyNode): number {
  return innerText(node).replace(/\s+/g, ' ').trim().length;
}

function linkDensity(el: Element): number {
  const total = textLength(el);
  if (!total) return 0;
  let links = 0;
  const walk = (n: AnyNode) => {
    if (!isElement(n)) return;
    if (n.name === 'a') {
      const href = attr(n, 'href');
      links += textLength(n) * (/^#/.test(href) ? 0.3 : 1);
      return;
    }
    for (const c of n.children) walk(c);
  };
  walk(el);
  return links / total;
}

function classWeight(el: Element): number {
  let w = 0;
  const cls = attr(el, 'class');
  const id = attr(el, 'id');
  if (cls) {
    if (NEGATIVE.test(cls)) w -= 25;
    if (POSITIVE.test(cls)) w += 25;
  }
  if (id) {
    if (NEGATIVE.test(id)) w -= 25;
    if (POSITIVE.test(id)) w += 25;
  }
  return w;
}

function isHidden(el: Element): boolean {
  const style = attr(el, 'style');
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  if ('hidden' in (el.attribs ?? {})) return true;
  if (attr(el, 'aria-hidden') === 'true' && !/fallback-image/.test(attr(el, 'class'))) return true;
  return false;
}

function removeNode(n: AnyNode): void {
  const parent = n.parent as Element | null;
  if (!parent) return;
  const i = parent.children.indexOf(n as never);
  if (i >= 0) parent.children.splice(i, 1);
  const prev = n.prev;
  const next = n.next;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  n.parent = null;
}

function elementsOf(root: AnyNode): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode) => {
    if (isElement(n)) out.push(n);
    if ('children' in n) for (const c of (n as Element).children) walk(c);
  };
  walk(root);
  return out;
}

function hasAncestorTag(el: Element, tag: string, maxDepth = 3): boolean {
  let p = el.parent as Element | null;
  let d = 0;
  while (p && p.type === 'tag' && d < maxDepth) {
    if (p.name === tag) return true;
    p = p.parent as Element | null;
    d++;
  }
  return false;
}

interface Options {
  stripUnlikely: boolean;
  weightClasses: boolean;
  cleanConditionally: boolean;
}

function prune(root: Element, opts: Options): void {
  const walk = (n: AnyNode) => {
    if (!isElement(n)) {
      if (n.type === 'comment' || n.type === 'directive' || (n.type as string) === 'cdata') removeNode(n);
      return;
    }
    const tag = n.name;
    if (REMOVE_TAGS.has(tag) || isHidden(n)) {
      removeNode(n);
      return;
    }
    if (opts.stripUnlikely && tag !== 'body' && tag !== 'a' && tag !== 'html' && tag !== 'article' && tag !== 'main') {
      const ci = classAndId(n);
      const role = attr(n, 'role');
      if ((ci.trim() && UNLIKELY.test(ci) && !MAYBE.test(ci) && !hasAncestorTag(n, 'table') && !hasAncestorTag(n, 'code')) || UNLIKELY_ROLES.has(role)) {
        removeNode(n);
        return;
      }
    }
    for (const c of [...n.children]) walk(c);
  };
  walk(root);
}

function isParagraphLike(el: Element): boolean {
  if (el.name === 'p' || el.name === 'pre' || el.name === 'td') return true;
  if (el.name === 'div' || el.name === 'section') {
    for (const c of el.children) if (isElement(c) && DIV_BLOCK_CHILDREN.has(c.name)) return false;
    return true;
  }
  return false;
}

function baseScore(el: Element, opts: Options): number {
  let s = 0;
  switch (el.name) {
    case 'div':
    case 'article':
    case 'main':
      s += 5;
      break;
    case 'pre':
    case 'td':
    case 'blockquote':
      s += 3;
      break;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      s -= 3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      s -= 5;
      break;
    default:
      break;
  }
  if (opts.weightClasses) s += classWeight(el);
  return s;
}

function score(root: Element, opts: Options): { top: Element | null; scores: Scored } {
  const scores: Scored = new Map();
  for (const el of elementsOf(root)) {
    if (!isParagraphLike(el)) continue;
    // A div that also has non-paragraph siblings of its own: handled when scoring its text.
    const text = innerText(el).replace(/\s+/g, ' ').trim();
    if (text.length < 25) continue;
    const parent = el.parent as Element | null;
    if (!parent || parent.type !== 'tag') continue;
    let contentScore = 1 + (text.match(/[,，、،]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    if (/[\u3040-\u30ff\u3400-\u9fff]/.test(text)) contentScore += Math.min(Math.floor(text.length / 40), 3);
    let anc: Element | null = parent;
    for (let level = 0; anc && anc.type === 'tag' && level < 5; level++) {
      if (!scores.has(anc)) scores.set(anc, baseScore(anc, opts));
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(anc, scores.get(anc)! + contentScore / divider);
      anc = anc.parent as Element | null;
    }
  }
  let top: Element | null = null;
  let topScore = -Infinity;
  const ranked: Array<[Element, number]> = [];
  for (const [el, s] of scores) {
    const adjusted = s * (1 - linkDensity(el));
    scores.set(el, adjusted);
    ranked.push([el, adjusted]);
    if (adjusted > topScore) {
      topScore = adjusted;
      top = el;
    }
  }
  if (!top) return { top: null, scores };
  ranked.sort((a, b) => b[1] - a[1]);
  // Several strong candidates under one ancestor: the ancestor is the article.
  const alternatives = ranked.slice(1, 5).filter(([, s]) => s / topScore >= 0.75).map(([e]) => e);
  if (alternatives.length >= 3) {
    let p = top.parent as Element | null;
    while (p && p.type === 'tag' && p.name !== 'body') {
      let contained = 0;
      for (const a of alternatives) {
        let q: AnyNode | null = a;
        while (q && q !== p) q = q.parent;
        if (q === p) contained++;
      }
      if (contained >= 3) {
        top = p;
        break;
      }
      p = p.parent as Element | null;
    }
  }
  // Climb while the parent scores comparably (the article wraps its paragraphs' container).
  let lastScore = scores.get(top) ?? topScore;
  const threshold = lastScore / 3;
  let parent = top.parent as Element | null;
  while (parent && parent.type === 'tag' && parent.name !== 'body') {
    const ps = scores.get(parent);
    if (ps === undefined) {
      parent = parent.parent as Element | null;
      continue;
    }
    if (ps < threshold) break;
    if (ps > lastScore) {
      top = parent;
      break;
    }
    lastScore = ps;
    parent = parent.parent as Element | null;
  }
  // A lone child: take the parent.
  while (top.parent && top.parent.type === 'tag' && (top.parent as Element).name !== 'body' && (top.parent as Element).children.filter(isElement).length === 1) {
    top = top.parent as Element;
  }
  return { top, scores };
}

function gatherSiblings(top: Element, scores: Scored): Element[] {
  const parent = top.parent as Element | null;
  if (!parent || parent.type !== 'tag') return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const out: Element[] = [];
  for (const sib of parent.children) {
    if (!isElement(sib)) continue;
    if (sib === top) {
      out.push(sib);
      continue;
    }
    let bonus = 0;
    if (attr(sib, 'class') && attr(sib, 'class') === attr(top, 'class')) bonus += topScore * 0.2;
    const s = scores.get(sib);
    if (s !== undefined && s + bonus >= threshold) {
      out.push(sib);
      continue;
    }
    if (sib.name === 'p') {
      const ld = linkDensity(sib);
      const text = innerText(sib).replace(/\s+/g, ' ').trim();
      if ((text.length > 80 && ld < 0.25) || (text.length < 80 && text.length > 0 && ld === 0 && /\.( |$)/.test(text))) out.push(sib);
    }
  }
  return out;
}

function countTag(el: Element, tags: string[]): number {
  let n = 0;
  for (const e of elementsOf(el)) if (e !== el && tags.includes(e.name)) n++;
  return n;
}

function cleanConditionally(root: Element, opts: Options): void {
  const targets = elementsOf(root)
    .filter((e) => e !== root && ['table', 'ul', 'ol', 'div', 'section', 'form', 'fieldset', 'figure'].includes(e.name))
    .reverse();
  for (const el of targets) {
    if (!el.parent) continue;
    if (el.name === 'table' && /presentation/.test(attr(el, 'role'))) continue;
    const weight = opts.weightClasses ? classWeight(el) : 0;
    if (weight < 0) {
      removeNode(el);
      continue;
    }
    const text = innerText(el);
    if ((text.match(/,/g)?.length ?? 0) >= 10) continue;
    const p = countTag(el, ['p']);
    const img = countTag(el, ['img']);
    const li = countTag(el, ['li']) - 100;
    const input = countTag(el, ['input']);
    const headings = elementsOf(el).filter((e) => /^h[1-6]$/.test(e.name)).reduce((a, h) => a + textLength(h), 0);
    const len = textLength(el);
    const ld = linkDensity(el);
    const headingDensity = len ? headings / len : 0;
    const isList = el.name === 'ul' || el.name === 'ol';
    const remove =
      (img > 1 && p / img < 0.5 && !hasAncestorTag(el, 'figure')) ||
      (!isList && li > p) ||
      input > Math.floor(p / 3) ||
      (!isList && headingDensity < 0.9 && len < 25 && (img === 0 || img > 2) && !hasAncestorTag(el, 'figure')) ||
      (!isList && weight < 25 && ld > 0.2) ||
      (weight >= 25 && ld > 0.5) ||
      (isList && ld > 0.5);
    if (remove) removeNode(el);
  }
}

function collectText(nodes: Element[]): string {
  const paragraphs: string[] = [];
  let current = '';
  let linked = 0;
  const flush = () => {
    const t = current.replace(/\s+/g, ' ').trim();
    // A block that is nothing but a link ("Read more: Poland expels 45 diplomats") is a rail, not text.
    const linkOnly = t.length > 0 && t.length < 200 && linked / t.length > 0.9;
    if (t && !linkOnly) paragraphs.push(t);
    current = '';
    linked = 0;
  };
  const walk = (n: AnyNode, inLink: boolean) => {
    if (n.type === 'text') {
      const data = (n as unknown as { data: string }).data;
      current += data;
      if (inLink) linked += data.replace(/\s+/g, ' ').trim().length + (/^\s/.test(data) ? 1 : 0);
      return;
    }
    if (!isElement(n)) {
      // The document root of a fragment (no <body>): read its children.
      if (n.type === 'root') for (const c of (n as unknown as Element).children) walk(c, inLink);
      return;
    }
    if (n.name === 'br') {
      flush();
      return;
    }
    // A table row is one line, its cells joined ("Ukraine | 13"), so that a row keeps its country and its figure.
    if (n.name === 'tr') {
      flush();
      const cells = n.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
      const line = cells.map((c) => innerText(c).replace(/\s+/g, ' ').trim()).join(' | ');
      if (line.replace(/[|\s]/g, '')) paragraphs.push(line);
      return;
    }
    const block = BLOCK_TAGS.has(n.name);
    if (block) flush();
    for (const c of n.children) walk(c, inLink || n.name === 'a');
    if (block) flush();
  };
  for (const n of nodes) walk(n, false);
  flush();
  return paragraphs.join('\n\n');
}

function removeTitleHeadings(nodes: Element[], title: string | null, opts: Options): void {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const t = title ? norm(title) : null;
  for (const root of nodes) {
    for (const h of elementsOf(root)) {
      if (!['h1', 'h2'].includes(h.name) || !h.parent) continue;
      if ((opts.weightClasses && classWeight(h) < 0) || h.name === 'h1' || (t && norm(innerText(h)) === t)) removeNode(h);
    }
  }
}

function extractMain(html: string | ReturnType<typeof load>, title: string | null, opts: Options): string {
  const $ = typeof html === 'string' ? load(html) : html;
  const body = ($('body')[0] as Element | undefined) ?? ($.root()[0] as unknown as Element);
  prune(body, opts);
  const { top, scores } = score(body, opts);
  if (!top) return collectText([body]);
  const nodes = gatherSiblings(top, scores);
  if (opts.cleanConditionally) for (const n of nodes) cleanConditionally(n, opts);
  removeTitleHeadings(nodes, title, opts);
  return collectText(nodes);
}

/** The main text: strict pass first, then looser ones when the strict pass finds too little (like reader modes). */
export function extractMainText(html: string, title: string | null, parsed?: ReturnType<typeof load>): string {
  const passes: Options[] = [
    { stripUnlikely: true, weightClasses: true, cleanConditionally: true },
    { stripUnlikely: false, weightClasses: true, cleanConditionally: true },
    { stripUnlikely: false, weightClasses: false, cleanConditionally: true },
    { stripUnlikely: false, weightClasses: false, cleanConditionally: false },
  ];
  let best = '';
  for (const [i, opts] of passes.entries()) {
    // The first pass may reuse the caller's parse (it is pruned in place); later passes need a fresh tree.
    const text = extractMain(i === 0 && parsed ? parsed : html, title, opts);
    if (text.length >= 500) return text;
    if (text.length > best.length) best = text;
  }
  return best;
}

interface Metadata {
  title: string | null;
  published: string | null;
}

const ARTICLE_TYPES = /Article|BlogPosting|NewsArticle|Report|WebPage|LiveBlogPosting|Posting/;

function jsonLdObjects(value: unknown, out: Array<Record<string, unknown>>, depth = 0): void {
  if (depth > 6 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) jsonLdObjects(v, out, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  out.push(obj);
  if (obj['@graph']) jsonLdObjects(obj['@graph'], out, depth + 1);
  if (obj.mainEntity) jsonLdObjects(obj.mainEntity, out, depth + 1);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function readMetadata($: ReturnType<typeof load>): Metadata & { docTitle: string; h1s: string[]; timeTags: string[] } {
  const values: Record<string, string> = {};
  $('meta').each((_, el) => {
    const e = el as Element;
    const content = attr(e, 'content').trim();
    if (!content) return;
    for (const key of [attr(e, 'property'), attr(e, 'name'), attr(e, 'itemprop')]) {
      for (const k of key.split(/\s+/)) {
        if (!k) continue;
        const name = k.toLowerCase().replace(/\./g, ':');
        if (!(name in values)) values[name] = content;
      }
    }
  });
  let ldTitle: string | null = null;
  let ldDate: string | null = null;
  $('script[type="application/ld+json"]').each((_, el) => {
    if (ldTitle && ldDate) return;
    try {
      const raw = innerText(el as Element).replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '');
      const objects: Array<Record<string, unknown>> = [];
      jsonLdObjects(JSON.parse(raw), objects);
      for (const o of objects) {
        const type = ([] as unknown[]).concat(o['@type'] ?? []).join(' ');
        if (!ARTICLE_TYPES.test(type)) continue;
        if (!ldTitle && typeof o.headline === 'string' && o.headline.trim()) ldTitle = o.headline.trim();
        else if (!ldTitle && typeof o.name === 'string' && o.name.trim() && !/WebPage/.test(type)) ldTitle = o.name.trim();
        if (!ldDate && typeof o.datePublished === 'string') ldDate = o.datePublished;
      }
    } catch {
      // Broken JSON-LD is common; other sources follow.
    }
  });
  const docTitle = $('title').first().text().replace(/\s+/g, ' ').trim();
  const h1s = $('h1')
    .map((_, el) => innerText(el as Element).replace(/\s+/g, ' ').trim())
    .get()
    .filter(Boolean);
  const title =
    ldTitle ??
    values['dc:title'] ??
    values['dcterm:title'] ??
    values['og:title'] ??
    values['weibo:article:title'] ??
    values['weibo:webpage:title'] ??
    values['title'] ??
    values['twitter:title'] ??
    values['parsely-title'] ??
    null;
  const dateRaw =
    ldDate ??
    values['article:published_time'] ??
    values['og:article:published_time'] ??
    values['article:published'] ??
    values['parsely-pub-date'] ??
    values['datepublished'] ??
    values['pubdate'] ??
    values['publishdate'] ??
    values['publish-date'] ??
    values['dc:date:issued'] ??
    values['dcterms:created'] ??
    values['dc:date'] ??
    values['dcterms:date'] ??
    values['sailthru:date'] ??
    values['date'] ??
    null;
  const timeTags: string[] = [];
  $('time[datetime]').each((_, el) => {
    const e = el as Element;
    if ('pubdate' in (e.attribs ?? {}) || attr(e, 'itemprop') === 'datePublished') timeTags.unshift(attr(e, 'datetime'));
    else timeTags.push(attr(e, 'datetime'));
  });
  const siteName = values['og:site_name'] ?? values['application-name'] ?? null;
  const clean = title ? stripSiteName(decodeEntities(title).replace(/\s+/g, ' ').trim(), siteName ? decodeEntities(siteName).trim() : null) : null;
  return { title: clean, published: normalizeDate(dateRaw), docTitle, h1s, timeTags };
}

/** "Headline - Site" / "Site | Headline" → "Headline" when Site is the page's declared site name. */
export function stripSiteName(title: string, siteName: string | null): string {
  if (!siteName) return title;
  const esc = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stripped = title
    .replace(new RegExp(`\\s+[|\\-–—:»/]\\s+${esc}\\s*$`, 'i'), '')
    .replace(new RegExp(`^${esc}\\s+[|\\-–—:»/]\\s+`, 'i'), '')
    .trim();
  return stripped.length >= 3 ? stripped : title;
}

/** Headline from <title>, without the site name ("Headline | Site", "Site - Headline"). */
export function titleFromDocument(docTitle: string, h1s: string[]): string {
  const orig = docTitle;
  let cur = orig;
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let hierarchical = false;
  const seps = [...orig.matchAll(/ [|\-–—\\/>»] /g)];
  if (seps.length) {
    hierarchical = / [\\/>»] /.test(orig);
    cur = orig.slice(0, seps[seps.length - 1]!.index);
    if (words(cur) < 3) cur = orig.slice(seps[0]!.index! + seps[0]![0].length);
  } else if (cur.includes(': ')) {
    if (!h1s.some((h) => h === cur.trim())) {
      cur = orig.slice(orig.lastIndexOf(':') + 1);
      if (words(cur) < 3) cur = orig.slice(orig.indexOf(':') + 1);
      else if (words(orig.slice(0, orig.indexOf(':'))) > 5) cur = orig;
    }
  } else if ((cur.length > 150 || cur.length < 15) && h1s.length === 1) {
    cur = h1s[0]!;
  }
  cur = cur.trim().replace(/\s+/g, ' ');
  // A short headline is kept when the page's own <h1> says exactly that; otherwise keep the whole title.
  const confirmed = h1s.some((h) => h.replace(/\s+/g, ' ').trim() === cur);
  if (!confirmed && words(cur) <= 4 && (!hierarchical || words(cur) !== words(orig.replace(/[|\-–—\\/>»]+/g, '')) - 1)) cur = orig;
  return cur.trim();
}

/** A dateline near the top of the text ("July 31, 2017", "MOSCOW, 31 July 2017 -"). */
export function datelineDate(text: string): string | null {
  const head = text.slice(0, 400);
  const m =
    new RegExp(`(?:^|\\n|\\b[A-Z]{3,}[^\\n]{0,30}?,\\s*)(${MONTH_SOURCE}\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH_SOURCE}\\.?,?\\s+\\d{4})`).exec(head) ??
    /(?:^|\n)\s*(?:\w+day,?\s+)?(\d{1,2}[./]\d{1,2}[./]\d{4})\s*(?:\n|$)/.exec(head);
  return m ? normalizeDate(m[1]!) : null;
}

/** Reads a page; never throws (a broken page gives empty fields). */
export function readPage(html: string): PageReading & { docTitle: string } {
  const source = typeof html === 'string' ? (html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html) : '';
  try {
    const $ = load(source);
    const meta = readMetadata($);
    let title = meta.title;
    if (!title && meta.docTitle) title = titleFromDocument(meta.docTitle, meta.h1s);
    if (!title && meta.h1s.length) title = meta.h1s[0]!;
    const text = extractMainText(source, title, $);
    let published = meta.published;
    if (!published) for (const t of meta.timeTags) if ((published = normalizeDate(t))) break;
    if (!published) published = datelineDate(text);
    return { title: title || null, published, text, docTitle: meta.docTitle };
  } catch {
    return { title: null, published: null, text: '', docTitle: '' };
  }
}

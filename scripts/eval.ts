/**
 * Scores the extractor on the team's dev corpus and on Readability's test pages (both in the team folder
 * beside the repository). Everything goes through extractArticle on an HTML page, the same path as
 * `riposte extract`. Usage: npm run eval [-- --verbose] [-- --only d003,d014]
 * A fresh practice batch is scored blind, before anyone reads its misses, with
 * `npm run eval -- --batch p326-p350` (totals only, nothing else printed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { extractArticle } from '../shared/extract/index.js';
import { actionFamily, type Action, type ExtractedEvent } from '../shared/domain/event.js';

export const SHARED_DIR = process.env.RIPOSTE_SHARED_DIR ?? path.resolve(__dirname, '..', '..', 'shared');
export const DEV_DIR = path.join(SHARED_DIR, 'corpus', 'dev', 'articles');
export const READABILITY_DIR = path.join(SHARED_DIR, 'peers', 'readability');
export const FAKE_URL = 'http://fakehost/test/page.html';

interface GoldEvent {
  expelling_country: string;
  expelled_country: string;
  count: number | null;
  action: Action;
  date: string | null;
  is_retaliation: boolean;
  new_in_this_article: boolean;
}

export interface DevItem {
  id: string;
  published: string | null;
  title: string | null;
  text: string;
  events: GoldEvent[];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A dev item as a plain article page: <title>, article:published_time when known, <h1>, one <p> per paragraph. */
export function renderDevItem(item: DevItem): string {
  const head = [
    item.title ? `<title>${escapeHtml(item.title)}</title>` : '',
    item.published ? `<meta property="article:published_time" content="${item.published}">` : '',
  ].join('');
  // A blank line ends a paragraph; a single line break inside one (list items, table rows, a dateline line) is kept
  // as <br>, as a page would show it.
  const paragraphs = item.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split(/\n/).map((line) => escapeHtml(line.trim())).join('<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><article>${item.title ? `<h1>${escapeHtml(item.title)}</h1>` : ''}\n${paragraphs}</article></body></html>`;
}

export function loadDevItems(): DevItem[] {
  return fs
    .readdirSync(DEV_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(DEV_DIR, f), 'utf8')) as DevItem);
}

export interface DevScore {
  tp: number;
  fp: number;
  fn: number;
  countOk: number;
  retOk: number;
  dateOk: number;
  dateTotal: number;
  negatives: number;
  negativesClean: number;
  misses: string[];
}

function describe(e: { expelling_country: string; expelled_country: string; action: string; count: number | null; date: string | null }, ret: boolean): string {
  return `${e.expelling_country}→${e.expelled_country} ${e.action} ${e.count ?? 'null'} ${e.date ?? 'null'}${ret ? ' ret' : ''}`;
}

/** Scoring exactly as the corpus README says: new events only; match on both countries and the action family. */
export function scoreDev(items: DevItem[], predict: (item: DevItem) => ExtractedEvent[]): DevScore {
  const s: DevScore = { tp: 0, fp: 0, fn: 0, countOk: 0, retOk: 0, dateOk: 0, dateTotal: 0, negatives: 0, negativesClean: 0, misses: [] };
  for (const item of items) {
    const gold = item.events.filter((e) => e.new_in_this_article);
    const predicted = predict(item).filter((e) => e.new);
    if (!gold.length) {
      s.negatives++;
      if (!predicted.length) s.negativesClean++;
    }
    const used = new Set<number>();
    for (const p of predicted) {
      const gi = gold.findIndex(
        (g, i) =>
          !used.has(i) &&
          g.expelling_country === p.expelling_country &&
          g.expelled_country === p.expelled_country &&
          actionFamily(g.action) === actionFamily(p.action),
      );
      if (gi < 0) {
        s.fp++;
        s.misses.push(`${item.id} FP   ${describe(p, p.is_retaliation)}  | ${p.evidence.slice(0, 140)}`);
        continue;
      }
      used.add(gi);
      s.tp++;
      const g = gold[gi]!;
      const problems: string[] = [];
      if (g.count === p.count) s.countOk++;
      else problems.push(`count ${p.count} vs ${g.count}`);
      if (g.is_retaliation === p.is_retaliation) s.retOk++;
      else problems.push(`ret ${p.is_retaliation} vs ${g.is_retaliation}`);
      if (g.date) {
        s.dateTotal++;
        if (g.date === p.date) s.dateOk++;
        else problems.push(`date ${p.date} vs ${g.date}`);
      }
      if (g.action !== p.action) problems.push(`action ${p.action} vs ${g.action}`);
      if (problems.length) s.misses.push(`${item.id} ~    ${describe(g, g.is_retaliation)}: ${problems.join(', ')}`);
    }
    gold.forEach((g, i) => {
      if (!used.has(i)) {
        s.fn++;
        s.misses.push(`${item.id} FN   ${describe(g, g.is_retaliation)}`);
      }
    });
  }
  return s;
}

export function summarizeDev(s: DevScore): { precision: number; recall: number; f1: number; countAccuracy: number; retaliationAccuracy: number; dateAccuracy: number } {
  const precision = s.tp / Math.max(1, s.tp + s.fp);
  const recall = s.tp / Math.max(1, s.tp + s.fn);
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    countAccuracy: s.countOk / Math.max(1, s.tp),
    retaliationAccuracy: s.retOk / Math.max(1, s.tp),
    dateAccuracy: s.dateOk / Math.max(1, s.dateTotal),
  };
}

const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}';
const TOKEN_RE = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}])+`, 'gu');

/** Lower-cased letter/digit tokens; one token per character for Chinese and Japanese. */
export function tokens(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(TOKEN_RE) ?? [];
}

export function tokenF1(predicted: string, expected: string): number {
  const a = tokens(predicted);
  const b = tokens(expected);
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  const bag = new Map<string, number>();
  for (const t of b) bag.set(t, (bag.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const n = bag.get(t) ?? 0;
    if (n > 0) {
      common++;
      bag.set(t, n - 1);
    }
  }
  if (!common) return 0;
  const p = common / a.length;
  const r = common / b.length;
  return (2 * p * r) / (p + r);
}

/** Text of an HTML fragment with a space between every text node. */
export function htmlText(html: string): string {
  const $ = load(html);
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if ('children' in n) for (const c of (n as unknown as { children: AnyNode[] }).children) walk(c);
  };
  walk($.root()[0] as unknown as AnyNode);
  return parts.join(' ');
}

export function normTitle(s: string | null | undefined): string {
  return (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

export interface PeerPage {
  name: string;
  source: string;
  expectedText: string;
  meta: { title: string | null; publishedTime: string | null };
}

export function loadPeerPages(): PeerPage[] {
  return fs
    .readdirSync(READABILITY_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(READABILITY_DIR, name);
      return {
        name,
        source: fs.readFileSync(path.join(dir, 'source.html'), 'utf8'),
        expectedText: htmlText(fs.readFileSync(path.join(dir, 'expected.html'), 'utf8')),
        meta: JSON.parse(fs.readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as PeerPage['meta'],
      };
    });
}

export interface PeerScore {
  pages: number;
  titleOk: number;
  meanF1: number;
  datesOk: number;
  datesTotal: number;
  events: number;
  rows: Array<{ name: string; titleOk: boolean; f1: number; dateOk: boolean | null; events: number; title: string | null; expectedTitle: string | null; published: string | null; expectedDate: string | null }>;
}

export function scorePeers(pages: PeerPage[]): PeerScore {
  const rows: PeerScore['rows'] = [];
  for (const page of pages) {
    const a = extractArticle(page.source, { url: FAKE_URL });
    const titleOk = normTitle(a.title) === normTitle(page.meta.title);
    const f1 = tokenF1(a.text, page.expectedText);
    const expectedDate = page.meta.publishedTime ? (/^\d{4}-\d{2}-\d{2}/.exec(page.meta.publishedTime)?.[0] ?? page.meta.publishedTime) : null;
    const dateOk = expectedDate ? a.published === expectedDate : null;
    rows.push({ name: page.name, titleOk, f1, dateOk, events: a.events.length, title: a.title, expectedTitle: page.meta.title, published: a.published, expectedDate });
  }
  return {
    pages: rows.length,
    titleOk: rows.filter((r) => r.titleOk).length,
    meanF1: rows.reduce((acc, r) => acc + r.f1, 0) / Math.max(1, rows.length),
    datesOk: rows.filter((r) => r.dateOk === true).length,
    datesTotal: rows.filter((r) => r.dateOk !== null).length,
    events: rows.reduce((acc, r) => acc + r.events, 0),
    rows,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printDev(label: string, s: DevScore): void {
  const m = summarizeDev(s);
  console.log(
    `${label}: P ${pct(m.precision)}  R ${pct(m.recall)}  F1 ${pct(m.f1)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})  count ${pct(m.countAccuracy)}  retaliation ${pct(m.retaliationAccuracy)}  date ${pct(m.dateAccuracy)} (${s.dateOk}/${s.dateTotal})  negatives clean ${s.negativesClean}/${s.negatives}`,
  );
}

function main(): void {
  if (!fs.existsSync(DEV_DIR) || !fs.existsSync(READABILITY_DIR)) {
    console.error(`eval: the team folder is not there (looked for ${path.relative(process.cwd(), SHARED_DIR) || SHARED_DIR}); set RIPOSTE_SHARED_DIR or check out ../shared beside the repository.`);
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const batchArg = args.find((a) => a.startsWith('--batch'));
  if (batchArg) {
    printBatch(batchArg.split('=')[1] ?? args[args.indexOf(batchArg) + 1] ?? '');
    return;
  }
  const verbose = args.includes('--verbose');
  const onlyArg = args.find((a) => a.startsWith('--only'));
  const only = onlyArg ? new Set((onlyArg.split('=')[1] ?? args[args.indexOf(onlyArg) + 1] ?? '').split(',')) : null;

  let items = loadDevItems();
  if (only) items = items.filter((i) => only.has(i.id));
  const predictions = new Map<string, ExtractedEvent[]>();
  for (const item of items) predictions.set(item.id, extractArticle(renderDevItem(item), { url: `https://dev.invalid/${item.id}` }).events);
  const predict = (item: DevItem) => predictions.get(item.id) ?? [];

  console.log('== Dev corpus (new events only; match on expelling, expelled, action family) ==');
  const all = scoreDev(items, predict);
  for (const line of all.misses) console.log(`  ${line}`);
  if (verbose) {
    for (const item of items) {
      for (const e of predict(item)) console.log(`  ${item.id} ${e.new ? 'NEW' : 'bg '} ${describe(e, e.is_retaliation)} | ${e.evidence.slice(0, 120)}`);
    }
  }
  printDev('all items       ', all);
  printDev('without d003    ', scoreDev(items.filter((i) => i.id !== 'd003'), predict));
  printDev('d001-d042 only  ', scoreDev(items.filter((i) => i.id.startsWith('d')), predict));
  if (only) return;

  console.log('\n== Readability pages (base URL http://fakehost/test/page.html) ==');
  const peers = scorePeers(loadPeerPages());
  for (const r of peers.rows) {
    const flags = [
      r.titleOk ? '' : `title "${r.title}" vs "${r.expectedTitle}"`,
      r.f1 < 0.9 ? `F1 ${r.f1.toFixed(3)}` : '',
      r.dateOk === false ? `date ${r.published} vs ${r.expectedDate}` : '',
      r.events ? `${r.events} events` : '',
    ].filter(Boolean);
    if (flags.length || verbose) console.log(`  ${r.name.padEnd(28)} F1 ${r.f1.toFixed(3)}  ${flags.join('; ')}`);
  }
  console.log(
    `title exact ${peers.titleOk}/${peers.pages} (${pct(peers.titleOk / peers.pages)})  mean token F1 ${peers.meanF1.toFixed(3)}  dates ${peers.datesOk}/${peers.datesTotal}  expulsion events ${peers.events}`,
  );
  printProjectSets();
}

/**
 * The project's own evaluation sets, written after the extractor: the practice set (written in
 * batches to be studied and tuned on), the held-out set (its misses are printed and were studied) and
 * the sealed set (totals only, so that it stays an estimate of how the extractor reads articles it has
 * never seen).
 */
/** Ids in numeric order: p999 before p1000. */
const byId = (a: string, b: string) => a.length - b.length || a.localeCompare(b);

function printBatch(range: string): void {
  const m = /^p(\d{3,4})-p(\d{3,4})$/.exec(range);
  if (!m) {
    console.error(`eval: --batch takes a range of practice ids such as p326-p350, not ${JSON.stringify(range)}`);
    process.exit(2);
  }
  const dir = path.resolve(__dirname, '..', 'tests', 'fixtures', 'practice', 'articles');
  const items = fs
    .readdirSync(dir)
    .filter((f) => /^p\d+\.json$/.test(f) && Number(f.slice(1, -5)) >= Number(m[1]) && Number(f.slice(1, -5)) <= Number(m[2]))
    .sort(byId)
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as DevItem);
  const score = scoreDev(items, (item) => extractArticle(renderDevItem(item), { url: `https://practice.invalid/${item.id}` }).events);
  console.log(`== Practice batch ${range} (${items.length} items, totals only) ==`);
  printDev(`${range.padEnd(16)}`, score);
}

function printProjectSets(): void {
  const fixtures = path.resolve(__dirname, '..', 'tests', 'fixtures');
  for (const [name, showMisses] of [['practice', true], ['holdout', true], ['sealed', false]] as const) {
    const dir = path.join(fixtures, name, 'articles');
    if (!fs.existsSync(dir)) continue;
    const items = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort(byId)
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as DevItem);
    const score = scoreDev(items, (item) => extractArticle(renderDevItem(item), { url: `https://${name}.invalid/${item.id}` }).events);
    console.log(`\n== Project ${name} set (${items.length} items${name === 'sealed' ? ', never studied' : ', studied'}) ==`);
    if (showMisses) for (const line of score.misses) console.log(`  ${line}`);
    printDev(`${name.padEnd(16)}`, score);
  }
}

if (require.main === module) main();

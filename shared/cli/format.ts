import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { StoredEvent } from '../domain/event.js';
import { effectiveDate } from '../domain/event.js';
import type { FeedState } from '../store/event-store.js';
import type { CycleReport } from '../pipeline/poll-cycle.js';
import { countryName, countryNameInText } from '../match/index.js';
import type { Chain } from '../match/chains.js';

export { countryName };

/** "Russia expels 60 diplomats of the United States (expulsion, 2018-03-29)". */
export function describeEvent(event: Pick<StoredEvent, 'expelling_country' | 'expelled_country' | 'count' | 'action' | 'date'> & { sources?: StoredEvent['sources'] }): string {
  const who = capitalize(countryNameInText(event.expelling_country));
  const whom = countryNameInText(event.expelled_country);
  const count = event.count === null ? '' : `${event.count} `;
  const date = event.sources ? effectiveDate({ date: event.date, sources: event.sources }) : event.date;
  const when = date ? `, ${date}` : '';
  switch (event.action) {
    case 'staff_cap':
      return `${who} caps the mission of ${whom}${event.count === null ? '' : ` (${event.count} must leave)`}${when}`;
    case 'consulate_closure':
      return `${who} closes a consulate of ${whom}${when}`;
    case 'ambassador_expulsion':
      return `${who} expels the ambassador of ${whom}${when}`;
    case 'persona_non_grata':
      return `${who} declares ${count}diplomats of ${whom} persona non grata${when}`;
    default:
      return `${who} expels ${count}diplomats of ${whom}${when}`;
  }
}

export function eventsTable(events: StoredEvent[]): string {
  if (events.length === 0) return 'No events stored yet.';
  const table = new Table({
    head: ['date', 'expelling', 'expelled', 'action', 'count', 'retaliation', 'sources', 'id'],
    style: { head: [], border: [] },
  });
  for (const e of events) {
    table.push([
      effectiveDate(e) ?? '?',
      `${countryName(e.expelling_country)} (${e.expelling_country})`,
      `${countryName(e.expelled_country)} (${e.expelled_country})`,
      e.action,
      e.count ?? '–',
      e.is_retaliation ? (e.responds_to.length ? `yes → ${e.responds_to.length}` : 'yes') : 'no',
      e.sources.length,
      e.id.slice(0, 12),
    ]);
  }
  return table.toString();
}

/** The CSV columns of `history --csv`, in order. */
export const EVENT_CSV_COLUMNS = [
  'id',
  'date',
  'effective_date',
  'expelling_country',
  'expelled_country',
  'action',
  'count',
  'is_retaliation',
  'new',
  'evidence',
  'source_urls',
  'responds_to',
] as const;

/**
 * Events as RFC 4180 CSV (header row, CRLF line ends, fields quoted where needed). Lists are
 * space-separated; an unknown count or date is an empty field. A text field that a spreadsheet
 * would run as a formula (=, +, -, @ first) gets a leading apostrophe: evidence is article text.
 */
export function eventsCsv(events: readonly StoredEvent[]): string {
  return stringify(
    events.map((e) => [
      e.id,
      e.date,
      effectiveDate(e),
      e.expelling_country,
      e.expelled_country,
      e.action,
      e.count,
      e.is_retaliation,
      e.new,
      e.evidence,
      e.sources.map((s) => s.url).join(' '),
      e.responds_to.join(' '),
    ]),
    { header: true, columns: [...EVENT_CSV_COLUMNS], record_delimiter: 'windows', escape_formulas: true, cast: { boolean: (value) => String(value) } },
  );
}

/**
 * The rounds of one pair, oldest first: each measure with its round number, whom it answers and
 * how long after, then the counts per side. `only` restricts the lines to some events (a page)
 * while the numbers and counts stay those of the whole chain.
 */
export function pairRounds(chain: Chain, only?: ReadonlySet<string>): string {
  const [a, b] = chain.pair;
  if (chain.rounds.length === 0 || !a || !b) return 'No rounds: no measure of this pair is stored.';
  const name = (code: string) => `${countryName(code)} (${code})`;
  const measures = chain.rounds.length;
  const lines = [
    `Rounds between ${name(a)} and ${name(b)}: ${measures} ${plural(measures, 'measure')}, ${chain.length} ${plural(chain.length, 'round')} deep.`,
  ];
  const byId = new Map(chain.rounds.map((r) => [r.event.id, r]));
  const shown = only ? chain.rounds.filter((r) => only.has(r.event.id)) : chain.rounds;
  if (only && shown.length < measures) lines.push(`(${shown.length} of them on this page)`);
  for (const round of shown) {
    lines.push(`  #${round.number}  ${describeEvent(round.event)}`);
    if (round.answers.length === 0) continue;
    const answered = round.answers
      .map((id) => byId.get(id))
      .filter((r) => r !== undefined)
      .map((r) => `#${r.number} (${countryName(r.by)}, ${r.date ?? 'undated'})`);
    const gap = round.gapDays === null ? '' : round.gapDays === 0 ? ', the same day' : `, ${round.gapDays} ${plural(round.gapDays, 'day')} later`;
    lines.push(`       ↳ ${countryName(round.by)} answers ${answered.join(' and ')}${gap}`);
  }
  const side = (code: string) => {
    const c = chain.counts[code] ?? { measures: 0, people: 0, answers: 0 };
    return `${name(code)} ${c.measures} ${plural(c.measures, 'measure')}, ${c.people} ${plural(c.people, 'person', 'people')} ordered out, ${c.answers} ${plural(c.answers, 'answer')}`;
  };
  lines.push(`Counts: ${side(a)}; ${side(b)}.`);
  if (chain.medianGapDays !== null) lines.push(`Median time to answer: ${chain.medianGapDays} ${plural(chain.medianGapDays, 'day')}.`);
  return lines.join('\n');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

export function feedsTable(feeds: FeedState[]): string {
  if (feeds.length === 0) return 'No feed polled yet.';
  const table = new Table({ head: ['feed', 'status', 'items', 'last polled', 'error'], style: { head: [], border: [] } });
  for (const f of feeds) table.push([f.name, f.status, f.items, f.lastPolledAt ?? '–', f.error ?? '']);
  return table.toString();
}

/** The human summary of one cycle: what was read, found, matched and delivered. */
export function cycleSummary(report: CycleReport): string {
  const lines: string[] = [];
  const skipped = report.feeds.filter((f) => f.status === 'skipped');
  const ok = report.feeds.filter((f) => f.status === 'ok' || f.status === 'not_modified').length;
  const unchanged = report.feeds.filter((f) => f.status === 'not_modified').length;
  const failed = report.feeds.filter((f) => f.status === 'error').length;
  lines.push(
    `Feeds: ${report.feeds.length - skipped.length} polled, ${ok} ok (${unchanged} unchanged), ${failed} failed` +
      (skipped.length ? `, ${skipped.length} resting.` : '.'),
  );
  for (const f of report.feeds.filter((f) => f.status === 'error')) lines.push(`  ✗ feed ${f.name}: ${f.error}`);
  for (const f of skipped) lines.push(`  … feed ${f.name}: ${f.error}`);
  const processed = report.articles.filter((a) => a.status === 'processed').length;
  lines.push(`Articles: ${report.articles.length} new, ${processed} read.`);
  for (const a of report.articles.filter((a) => a.status !== 'processed')) {
    lines.push(`  ✗ article ${a.url}: ${a.error}${a.status === 'deferred' ? ' (will retry next cycle)' : ''}`);
  }
  const created = report.events.filter((e) => e.outcome === 'created');
  const merged = report.events.filter((e) => e.outcome === 'merged');
  lines.push(`Events: ${created.length} new, ${merged.length} more reports of known events.`);
  for (const { event } of created) lines.push(`  + ${describeEvent(event)}${event.is_retaliation ? ' [retaliation]' : ''}`);
  for (const { event } of merged) lines.push(`  = ${describeEvent(event)} (now ${event.sources.length} sources)`);
  lines.push(`Rounds: ${report.rounds.length} matched.`);
  for (const round of report.rounds) {
    const best = round.matches[0];
    if (!best) continue;
    lines.push(`  ↔ ${describeEvent(round.event)}`);
    lines.push(`    answers ${describeEvent(best.event)} (score ${best.score.toFixed(2)}: ${best.reasons.join(', ')})`);
  }
  const alerts = report.alerts;
  lines.push(`Alerts: ${alerts.sent} delivered, ${alerts.failed} failed, ${alerts.alreadySent} already sent before.`);
  for (const line of alerts.lines) lines.push(`  ${line}`);
  if (report.resumed.sent + report.resumed.failed > 0) {
    lines.push(`Resumed from an interrupted cycle: ${report.resumed.sent} delivered, ${report.resumed.failed} failed.`);
  }
  return lines.join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

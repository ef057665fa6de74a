import Table from 'cli-table3';
import type { StoredEvent } from '../domain/event.js';
import { effectiveDate } from '../domain/event.js';
import type { FeedState } from '../store/event-store.js';
import type { CycleReport } from '../pipeline/poll-cycle.js';
import { countryName, countryNameInText } from '../match/index.js';

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

export function feedsTable(feeds: FeedState[]): string {
  if (feeds.length === 0) return 'No feed polled yet.';
  const table = new Table({ head: ['feed', 'status', 'items', 'last polled', 'error'], style: { head: [], border: [] } });
  for (const f of feeds) table.push([f.name, f.status, f.items, f.lastPolledAt ?? '–', f.error ?? '']);
  return table.toString();
}

/** The human summary of one cycle: what was read, found, matched and delivered. */
export function cycleSummary(report: CycleReport): string {
  const lines: string[] = [];
  const ok = report.feeds.filter((f) => f.status !== 'error').length;
  const unchanged = report.feeds.filter((f) => f.status === 'not_modified').length;
  lines.push(
    `Feeds: ${report.feeds.length} polled, ${ok} ok (${unchanged} unchanged), ${report.feeds.length - ok} failed.`,
  );
  for (const f of report.feeds.filter((f) => f.status === 'error')) lines.push(`  ✗ feed ${f.name}: ${f.error}`);
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

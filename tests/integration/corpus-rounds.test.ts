import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../shared/alert/index.js';
import { parseConfig } from '../../shared/domain/config.js';
import { daysBetween } from '../../shared/domain/dates.js';
import { actionFamily, effectiveDate, type Action, type StoredEvent } from '../../shared/domain/event.js';
import { DEFAULT_WINDOW_DAYS } from '../../shared/match/index.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { pollCycle } from '../../shared/pipeline/poll-cycle.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';
import { DEV_DIR, loadDevItems, renderDevItem, type DevItem } from '../../scripts/eval.js';

/**
 * The team's dev corpus replayed as a news feed, day by day, through the real poll cycle: every
 * round the gold labels hold between NEW events must be alerted exactly once, and nothing else.
 * The corpus is read from the team folder at run time; none of its text is kept in the project.
 *
 * Items without a publication date are served last, in one final cycle, with no feed date: their
 * events can still be stored, but an undated measure cannot be placed in a round, so they only
 * test that nothing spurious is alerted.
 */

const available = existsSync(DEV_DIR);
/** Reports of one measure by several outlets are one stored measure when this close (the store's merge rule). */
const SAME_MEASURE_DAYS = 7;

/** One real-world measure of the gold labels, however many items report it. */
interface GoldMeasure {
  expelling: string;
  expelled: string;
  family: string;
  date: string | null;
  items: string[];
}

/** One alert the gold labels call for: the answer is one of `candidates` (two for a same-day exchange). */
interface ExpectedAlert {
  pair: string;
  candidates: GoldMeasure[];
  alerts: string[];
}

function goldMeasures(items: DevItem[]): GoldMeasure[] {
  const measures: GoldMeasure[] = [];
  for (const item of items) {
    for (const e of item.events.filter((e) => e.new_in_this_article)) {
      const date = e.date ?? item.published;
      const family = actionFamily(e.action);
      const known = measures.find(
        (m) =>
          m.expelling === e.expelling_country &&
          m.expelled === e.expelled_country &&
          m.family === family &&
          (m.date && date ? Math.abs(daysBetween(m.date, date)) <= SAME_MEASURE_DAYS : m.date === date),
      );
      if (known) known.items.push(item.id);
      else measures.push({ expelling: e.expelling_country, expelled: e.expelled_country, family, date, items: [item.id] });
    }
  }
  return measures;
}

const pairOf = (a: string, b: string) => (a < b ? `${a}-${b}` : `${b}-${a}`);
const describeMeasure = (m: GoldMeasure) => `${m.expelling}→${m.expelled} ${m.family}-family ${m.date ?? 'undated'} (${m.items.join(', ')})`;

/**
 * The alerts the contract calls for among the gold measures: a measure answering a dated
 * reverse-direction measure up to the window before it; a same-day exchange is one alert, for
 * whichever of the two is presented as the answer. Also the gold pairs no alert can cover.
 */
function expectedAlerts(measures: GoldMeasure[]): { expected: ExpectedAlert[]; notAlertable: string[] } {
  const expected: ExpectedAlert[] = [];
  const sameDay = new Set<string>();
  for (const m of measures) {
    if (!m.date) continue;
    const reverse = measures.filter((r) => r.expelling === m.expelled && r.expelled === m.expelling && r.date);
    const gaps = reverse.map((r) => daysBetween(r.date!, m.date!));
    if (gaps.some((g) => g > 0 && g <= DEFAULT_WINDOW_DAYS)) {
      expected.push({ pair: pairOf(m.expelling, m.expelled), candidates: [m], alerts: [] });
      continue;
    }
    const partner = reverse.find((r, i) => gaps[i] === 0);
    const key = partner ? [measures.indexOf(m), measures.indexOf(partner)].sort().join('/') : '';
    if (partner && !sameDay.has(key)) {
      sameDay.add(key);
      expected.push({ pair: pairOf(m.expelling, m.expelled), candidates: [m, partner], alerts: [] });
    }
  }
  const covered = new Set(expected.map((e) => e.pair));
  const notAlertable = [...new Set(measures.filter((m) => measures.some((r) => r.expelling === m.expelled && r.expelled === m.expelling)).map((m) => pairOf(m.expelling, m.expelled)))]
    .filter((pair) => !covered.has(pair))
    .sort();
  return { expected, notAlertable };
}

function renderFeed(items: DevItem[], base: string): string {
  const entries = items.map((item) => {
    const link = `${base}/articles/${item.id}.html`;
    const pubDate = item.published ? `<pubDate>${new Date(`${item.published}T12:00:00Z`).toUTCString()}</pubDate>` : '';
    return `<item><title>${escapeHtml(item.title ?? item.id)}</title><link>${link}</link><guid isPermaLink="true">${link}</guid>${pubDate}</item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Corpus</title><link>${base}</link><description>dev corpus</description>\n${entries.join('\n')}\n</channel></rss>\n`;
}

describe.skipIf(!available)(
  available ? 'dev corpus served as a feed in date order: rounds alerted' : 'dev corpus rounds — SKIPPED: no dev corpus (../shared/corpus/dev/articles) next to the project',
  () => {
    let db: TestTable;
    let receiver: WebhookReceiver;
    let server: Server;
    let base = '';
    let released: DevItem[] = [];
    const items = available ? loadDevItems() : [];
    const SECRET = 'corpus-secret';

    beforeAll(async () => {
      [db, receiver] = await Promise.all([createTestTable('corpus-rounds'), startWebhookReceiver({ secret: SECRET })]);
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://corpus.invalid').pathname;
        if (url === '/feed.xml') {
          res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(renderFeed(released, base));
          return;
        }
        const item = released.find((i) => url === `/articles/${i.id}.html`);
        if (item) res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(renderDevItem(item));
        else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await Promise.all([
        db?.drop(),
        receiver?.close(),
        new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())),
      ]);
    });

    it('alerts every gold round between new events exactly once, and nothing else', { timeout: 600_000 }, async () => {
      const config = parseConfig({
        feeds: [{ name: 'corpus', url: `${base}/feed.xml` }],
        subscribers: [{ name: 'gold', webhook: { url: receiver.url, secret: SECRET } }],
        network: { allowPrivate: true },
      });
      const channels = channelsFromConfig(config);

      // One cycle per publication day, oldest first; the undated items in a last cycle.
      const days = [...new Set(items.map((i) => i.published).filter((d): d is string => !!d))].sort();
      const cycles: Array<DevItem[]> = [...days.map((day) => items.filter((i) => i.published === day)), items.filter((i) => !i.published)];
      const alerted: Array<{ event: StoredEvent; cycle: number }> = [];
      try {
        for (const [n, batch] of cycles.entries()) {
          if (batch.length === 0) continue;
          released = [...released, ...batch];
          const report = await pollCycle({ store: db.store, config, channels });
          expect(report.feeds[0]?.status, report.feeds[0]?.error ?? '').toBe('ok');
          expect(report.alerts.failed).toBe(0);
          for (const d of report.alerts.deliveries.filter((d) => d.status === 'sent')) {
            const round = report.rounds.find((r) => r.event.id === d.eventId);
            if (round) alerted.push({ event: round.event, cycle: n });
          }
        }
      } finally {
        await channels.close();
      }

      const { expected, notAlertable } = expectedAlerts(goldMeasures(items));
      const extra: string[] = [];
      for (const { event } of alerted) {
        const date = effectiveDate(event);
        const label = `${event.expelling_country}→${event.expelled_country} ${event.action} ${date ?? 'undated'}`;
        const fits = (m: GoldMeasure, sameFamily: boolean) =>
          m.expelling === event.expelling_country &&
          m.expelled === event.expelled_country &&
          (!sameFamily || m.family === actionFamily(event.action)) &&
          !!m.date &&
          !!date &&
          Math.abs(daysBetween(m.date, date)) <= SAME_MEASURE_DAYS;
        const slot =
          expected.find((e) => e.alerts.length === 0 && e.candidates.some((m) => fits(m, true))) ??
          expected.find((e) => e.candidates.some((m) => fits(m, true))) ??
          expected.find((e) => e.alerts.length === 0 && e.candidates.some((m) => fits(m, false)));
        if (slot) slot.alerts.push(slot.candidates.some((m) => fits(m, true)) ? label : `${label} (action family differs from gold)`);
        else extra.push(label);
      }

      const missed = expected.filter((e) => e.alerts.length === 0);
      const repeated = expected.filter((e) => e.alerts.length > 1);
      const lines = [
        `corpus rounds: ${items.length} items in ${cycles.filter((c) => c.length).length} cycles (undated items in the last)`,
        `expected alerts ${expected.length}, alerted ${alerted.length}, matched ${expected.length - missed.length}, missed ${missed.length}, repeated ${repeated.length}, extra ${extra.length}`,
        ...expected.map(
          (e) =>
            `  ${e.pair}: ${e.alerts.length === 1 ? 'alerted once' : e.alerts.length === 0 ? 'MISSED' : `alerted ${e.alerts.length} times`} — expected ${e.candidates.map(describeMeasure).join(' or ')}${e.alerts.length ? `; got ${e.alerts.join(', ')}` : ''}`,
        ),
        ...extra.map((label) => `  EXTRA: ${label}`),
        `  gold pairs with new events both ways that no alert can cover (undated, or beyond the ${DEFAULT_WINDOW_DAYS}-day window): ${notAlertable.join(', ') || 'none'}`,
      ];
      console.log(lines.join('\n'));

      // Deliveries: one per alert id, each signed.
      const ids = receiver.received.map((r) => r.deliveryId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
      expect(receiver.received).toHaveLength(alerted.length);

      expect({ missed: missed.map((e) => e.candidates.map(describeMeasure).join(' or ')), repeated: repeated.map((e) => e.alerts), extra }).toEqual({
        missed: [],
        repeated: [],
        extra: [],
      });
    });
  },
);

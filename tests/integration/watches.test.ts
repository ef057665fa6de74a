import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.js';
import { HttpWebhookSender, SmtpMailer, dispatchAlerts } from '../../shared/alert/index.js';
import type { ExtractedEvent, StoredEvent } from '../../shared/domain/event.js';
import { findRounds, type Round } from '../../shared/pipeline/find-rounds.js';
import { openWatches, withRoundContext } from '../../shared/pipeline/watches.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import { startSmtpSink, type SmtpSink } from '../../shared/local/smtp-sink.js';
import { capture, pointCliAtTable } from '../helpers/cli.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

function measure(expelling: string, expelled: string, count: number, date: string, isRetaliation = false): ExtractedEvent {
  return {
    expelling_country: expelling,
    expelled_country: expelled,
    count,
    action: 'expulsion',
    date,
    is_retaliation: isRetaliation,
    new: true,
    evidence: `${expelling} orders ${count} diplomats of ${expelled} out.`,
  };
}

/** Stores a measure as the poll cycle does (save, then link rounds) and returns it with its rounds. */
async function store(db: TestTable, extracted: ExtractedEvent): Promise<{ event: StoredEvent; rounds: Round[] }> {
  const source = { url: `https://news.example.org/${extracted.expelling_country}-${extracted.expelled_country}-${extracted.date}`, title: null, published: extracted.date, outlet: 'example' };
  const { event } = await db.store.saveEvent(extracted, source);
  const rounds = await findRounds(db.store, event, { windowDays: 400 });
  return { event, rounds };
}

const SECRET = 'watch-secret';

describe('open-round watches and the wait figures of an alert', () => {
  let db: TestTable;
  let receiver: WebhookReceiver;
  let smtp: SmtpSink;
  let latest: { event: StoredEvent; rounds: Round[] };
  let restoreEnv: () => void = () => {};

  beforeAll(async () => {
    [db, receiver, smtp] = await Promise.all([createTestTable('watches'), startWebhookReceiver({ secret: SECRET }), startSmtpSink()]);
    // Past rounds answered in 3, 26 and 1 days (median 3), then Czechia's counter-answer after 8 days (past the store's 7-day merge window).
    await store(db, measure('US', 'RU', 60, '2018-03-26'));
    await store(db, measure('RU', 'US', 60, '2018-03-29', true));
    await store(db, measure('GR', 'RU', 2, '2018-07-11'));
    await store(db, measure('RU', 'GR', 2, '2018-08-06', true));
    await store(db, measure('CZ', 'RU', 18, '2021-04-17'));
    await store(db, measure('RU', 'CZ', 20, '2021-04-18', true));
    latest = await store(db, measure('CZ', 'RU', 63, '2021-04-26', true));
    restoreEnv = pointCliAtTable(db.tableName);
  });
  afterAll(async () => {
    restoreEnv();
    await Promise.all([db?.drop(), receiver?.close(), smtp?.close()]);
  });

  it('lists the measures not answered within the window, days counted to an injected today', async () => {
    const now = await openWatches(db.store, { clock: () => new Date('2021-05-04T09:00:00Z') });
    expect(now.map((w) => w.words)).toEqual(["Russia has not answered the Czech Republic's expulsion of 63 diplomats: 8 days"]);
    expect(now[0]).toMatchObject({ waiting: 'RU', since: '2021-04-26', days: 8, windowEnds: '2022-05-31' });

    // As it stood on 1 August 2018: Greece's measure waits (Russia answered on the 6th), and so does Russia's answer to the US.
    const then = await openWatches(db.store, { clock: () => new Date('2018-08-01T09:00:00Z') });
    expect(then.map((w) => w.words)).toEqual([
      "The United States has not answered Russia's expulsion of 60 diplomats: 125 days",
      "Russia has not answered Greece's expulsion of 2 diplomats: 21 days",
    ]);

    // Past the window nothing is open any more.
    expect(await openWatches(db.store, { clock: () => new Date('2022-06-01T00:00:00Z') })).toEqual([]);
  });

  it('prints them with riposte watches, in words and as JSON', async () => {
    const text = capture();
    expect(await main(['node', 'riposte', 'watches', '--today', '2021-05-04'], text.io)).toBe(0);
    expect(text.out.join('\n')).toBe("Russia has not answered the Czech Republic's expulsion of 63 diplomats: 8 days");

    const json = capture();
    expect(await main(['node', 'riposte', 'watches', '--today', '2018-08-01', '--window-days', '30', '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out.join(''))).toEqual([
      {
        eventId: expect.any(String),
        expelling: 'GR',
        expelled: 'RU',
        action: 'expulsion',
        count: 2,
        date: '2018-07-11',
        waiting: 'RU',
        days: 21,
        windowEnds: '2018-08-10',
        text: "Russia has not answered Greece's expulsion of 2 diplomats: 21 days",
      },
    ]);
  });

  it('gives the answer its round number and the wait against the past median, in the webhook body and the email', async () => {
    expect(latest.rounds).toHaveLength(1);
    const rounds = await withRoundContext(db.store, latest.rounds);
    expect(rounds[0]).toMatchObject({ round: { number: 3, pair: ['CZ', 'RU'] }, watch: { waitedDays: 8, medianDays: 3 } });

    const mailer = new SmtpMailer({ host: smtp.host, port: smtp.port });
    try {
      const report = await dispatchAlerts(
        {
          store: db.store,
          subscribers: [{ name: 'ops', webhook: { url: receiver.url, secret: SECRET }, email: 'ops@example.org' }],
          webhook: new HttpWebhookSender({ allowPrivate: true }),
          mailer,
          emailFrom: 'riposte@example.org',
        },
        rounds,
      );
      expect(report.sent).toBe(2);
    } finally {
      await mailer.close();
    }

    const body = receiver.received[0]!.alert;
    expect(body).toMatchObject({ type: 'retaliation', event: { id: latest.event.id }, round: { number: 3, pair: ['CZ', 'RU'] }, watch: { waitedDays: 8, medianDays: 3 } });
    expect(Object.keys(body).sort()).toEqual(['event', 'id', 'matches', 'round', 'type', 'watch']);
    expect(smtp.messages[0]!.text).toContain("Round 3 between the Czech Republic and Russia: answered in 8 days; past rounds' median: 3 days");
  });
});

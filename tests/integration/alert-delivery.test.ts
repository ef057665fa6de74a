import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertRecord } from '../../shared/domain/alert.js';
import type { Subscriber } from '../../shared/domain/config.js';
import type { ExtractedEvent, StoredEvent } from '../../shared/domain/event.js';
import {
  SmtpMailer,
  alertId,
  createWebhookSender,
  dispatchAlerts,
  retryAlerts,
  verifySignature,
  type AlertDeps,
  type RoundToAlert,
} from '../../shared/alert/index.js';
import { findAnswers, matchRounds } from '../../shared/match/index.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

// ---- a loopback webhook receiver with one behaviour per path ---------------------------------

interface Received {
  path: string;
  delivery: string;
  signatureValid: boolean;
  alert: Alert;
  userAgent: string | undefined;
  contentType: string | undefined;
}

const SECRETS: Record<string, string> = { ok: 'ok-secret', flaky: 'flaky-secret', slow: 'slow-secret', down: 'down-secret', other: 'other-secret' };

class WebhookReceiver {
  readonly received: Received[] = [];
  /** Requests per delivery id at /flaky, to fail the first two of each. */
  private readonly flakyTries = new Map<string, number>();
  downRecovered = false;
  private server!: Server;
  private readonly hanging = new Set<ServerResponse>();
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Valid, accepted deliveries (2xx answered) at a path. */
  accepted(path: string): Received[] {
    return this.received.filter((r) => r.path === path && this.answeredOk.has(r));
  }

  private readonly answeredOk = new Set<Received>();

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '/').slice(1);
    const delivery = String(req.headers['x-riposte-delivery'] ?? '');
    const record: Received = {
      path,
      delivery,
      signatureValid: verifySignature(raw, SECRETS[path] ?? 'none', req.headers['x-riposte-signature'] as string | undefined),
      alert: JSON.parse(raw.toString('utf8')) as Alert,
      userAgent: req.headers['user-agent'],
      contentType: req.headers['content-type'],
    };
    this.received.push(record);
    const ok = () => {
      this.answeredOk.add(record);
      res.writeHead(record.signatureValid ? 204 : 401).end();
      if (!record.signatureValid) this.answeredOk.delete(record);
    };
    switch (path) {
      case 'flaky': {
        const tries = (this.flakyTries.get(delivery) ?? 0) + 1;
        this.flakyTries.set(delivery, tries);
        if (tries <= 2) res.writeHead(500).end('not yet');
        else ok();
        return;
      }
      case 'slow':
        this.hanging.add(res); // never answers: the sender's timeout must end it
        return;
      case 'down':
        if (this.downRecovered) ok();
        else res.writeHead(503).end('down');
        return;
      default:
        ok();
    }
  }
}

// ---- a loopback SMTP server that parses what it gets -----------------------------------------

class MailSink {
  readonly messages: ParsedMail[] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---- the rounds: 2018, the US and three allies expel Russians; Russia answers each -----------

function report(fields: Partial<ExtractedEvent> & Pick<ExtractedEvent, 'expelling_country' | 'expelled_country' | 'date'>): ExtractedEvent {
  return { count: null, action: 'expulsion', is_retaliation: false, new: true, evidence: '', ...fields };
}

let db: TestTable;
const receiver = new WebhookReceiver();
const mail = new MailSink();
let mailer: SmtpMailer;

beforeAll(async () => {
  await Promise.all([receiver.start(), mail.start()]);
  mailer = new SmtpMailer({ host: '127.0.0.1', port: mail.port });
  db = await createTestTable('alerts');
});

afterAll(async () => {
  mailer?.close();
  await Promise.all([receiver.stop(), mail.stop(), db?.drop()]);
});

async function store(event: ExtractedEvent, url: string): Promise<StoredEvent> {
  const { event: stored } = await db.store.saveEvent(event, { url, title: `report <b>${url}</b>`, published: event.date, outlet: 'wire' });
  return stored;
}

/** The rounds the newly stored event completes, as the pipeline finds them. */
async function roundsFor(event: StoredEvent): Promise<RoundToAlert[]> {
  const reverse = await db.store.findEvents({ expelling: event.expelled_country, expelled: event.expelling_country });
  const rounds: RoundToAlert[] = [];
  const matches = matchRounds(event, reverse);
  if (matches.length > 0) rounds.push({ event, matches });
  for (const later of findAnswers(event, reverse)) {
    const earlierOfLater = await db.store.findEvents({ expelling: later.expelled_country, expelled: later.expelling_country });
    rounds.push({ event: later, matches: matchRounds(later, earlierOfLater) });
  }
  return rounds;
}

function depsFor(subscribers: Subscriber[], extra: Partial<AlertDeps> = {}): AlertDeps {
  return {
    store: db.store,
    subscribers,
    // Fast retries so the failing receivers do not slow the run. The timeout stays generous: on a
    // loaded machine a short one expires on a receiver that did answer, and the retry is then a
    // legitimate at-least-once copy (same delivery id) that the counts below would misread.
    webhook: createWebhookSender({ allowPrivate: true, attempts: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 }),
    mailer,
    emailFrom: 'riposte@example.org',
    ...extra,
  };
}

function hook(path: string): Subscriber['webhook'] {
  return { url: `${receiver.base}/${path}`, secret: SECRETS[path]! };
}

describe('alert delivery with real webhooks, SMTP and DynamoDB Local', () => {
  let rounds: RoundToAlert[];
  let subscribers: Subscriber[];

  beforeAll(async () => {
    const allies = ['US', 'DE', 'FR', 'PL'] as const;
    const counts = { US: 60, DE: 4, FR: 4, PL: 4 };
    for (const ally of allies) {
      await store(report({ expelling_country: ally, expelled_country: 'RU', count: counts[ally], date: '2018-03-26', evidence: `${ally} expels Russian diplomats.` }), `https://wire.example/${ally}-expels`);
    }
    rounds = [];
    for (const ally of allies) {
      const answer = await store(
        report({
          expelling_country: 'RU',
          expelled_country: ally,
          count: counts[ally],
          date: '2018-03-30',
          is_retaliation: true,
          evidence: `Russia expels ${counts[ally]} diplomats in response <script>alert("x")</script>.`,
        }),
        `https://wire.example/RU-answers-${ally}`,
      );
      // The same answer reported by a second outlet is the same stored event: no new round.
      const again = await db.store.saveEvent(
        report({ expelling_country: 'RU', expelled_country: ally, count: counts[ally], date: '2018-03-30', is_retaliation: true }),
        { url: `https://other.example/RU-${ally}`, title: null, published: '2018-03-30', outlet: 'other' },
      );
      expect(again.outcome).not.toBe('created');
      rounds.push(...(await roundsFor(answer)));
    }
    subscribers = [
      { name: 'ops', webhook: hook('ok'), countries: ['RU'] },
      { name: 'flaky', webhook: hook('flaky') },
      { name: 'desk', email: 'desk@example.org' },
      { name: 'us-desk', email: 'us@example.org', webhook: hook('ok'), countries: ['US'] },
      { name: 'nordics', webhook: hook('other'), countries: ['SE', 'NO'] },
      { name: 'picky', webhook: hook('other'), minScore: 0.999 },
    ];
  });

  it('finds one round per answer, each linked to its own counterpart', () => {
    expect(rounds).toHaveLength(4);
    for (const round of rounds) {
      expect(round.matches.map((m) => m.event.expelling_country)).toEqual([round.event.expelled_country]);
    }
  });

  it('delivers every alert once per subscriber and channel, signed, with one email each', async () => {
    const result = await dispatchAlerts(depsFor(subscribers), rounds);

    // ops 4 + flaky 4 + desk 4 (email) + us-desk 1 webhook + 1 email; nordics and picky filtered out.
    expect(result).toMatchObject({ sent: 14, failed: 0, alreadySent: 0, inFlight: 0, skipped: 4 + 4 + 3 });
    expect(result.lines).toHaveLength(14);

    const okDeliveries = receiver.accepted('ok');
    expect(okDeliveries).toHaveLength(5);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.received.every((r) => r.contentType === 'application/json' && /Riposte/.test(r.userAgent ?? ''))).toBe(true);
    for (const r of receiver.received) {
      expect(r.delivery).toBe(r.alert.id);
      expect(r.alert.type).toBe('retaliation');
      expect(r.alert.event.expelling_country).toBe('RU');
    }
    const opsIds = okDeliveries.filter((r) => r.alert.id !== alertId(r.alert.event.id, 'us-desk')).map((r) => r.alert.id);
    expect(new Set(opsIds)).toEqual(new Set(rounds.map((round) => alertId(round.event.id, 'ops'))));

    // Flaky: two 500s then 200, for each of the four alerts, with the same delivery id each time.
    const flaky = receiver.received.filter((r) => r.path === 'flaky');
    expect(flaky).toHaveLength(12);
    expect(receiver.accepted('flaky')).toHaveLength(4);
    expect(new Set(flaky.map((r) => r.delivery)).size).toBe(4);

    // Email: one message per alert to desk, one to us-desk; the subject names both countries.
    const toDesk = mail.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === 'desk@example.org');
    expect(toDesk).toHaveLength(4);
    expect(toDesk.map((m) => m.subject).sort()).toEqual([
      'Russia answers France: 4 diplomats expelled',
      'Russia answers Germany: 4 diplomats expelled',
      'Russia answers Poland: 4 diplomats expelled',
      'Russia answers the United States: 60 diplomats expelled',
    ]);
    for (const message of toDesk) {
      expect(message.html).not.toMatch(/<script|<b>/);
      expect(message.html).toContain('&#60;script&#62;');
      expect(message.text).toContain('https://wire.example/');
    }
    expect(mail.messages).toHaveLength(5);

    const records = await db.store.listAlerts();
    expect(records).toHaveLength(14);
    expect(records.every((r) => r.status === 'sent' && r.lastError === null)).toBe(true);
    expect(records.filter((r) => r.subscriber === 'flaky').every((r) => r.attempts === 3)).toBe(true);
  });

  it('sends nothing new when the same rounds are dispatched again', async () => {
    const before = { hooks: receiver.received.length, mails: mail.messages.length };

    const result = await dispatchAlerts(depsFor(subscribers), rounds);

    expect(result).toMatchObject({ sent: 0, failed: 0, alreadySent: 14 });
    expect(receiver.received.length).toBe(before.hooks);
    expect(mail.messages.length).toBe(before.mails);
    expect(await db.store.listAlerts()).toHaveLength(14);
  });

  it('sends nothing twice when two runs dispatch the same rounds at the same time', async () => {
    const late = await store(
      report({ expelling_country: 'RU', expelled_country: 'US', action: 'consulate_closure', date: '2018-03-30', is_retaliation: true, evidence: 'Russia closes the US consulate in St Petersburg in response.' }),
      'https://wire.example/RU-closes-consulate',
    );
    const closure = await roundsFor(late);
    expect(closure).toHaveLength(1);
    const hooksBefore = receiver.accepted('ok').length;

    const [a, b] = await Promise.all([
      dispatchAlerts(depsFor([subscribers[0]!]), closure),
      dispatchAlerts(depsFor([subscribers[0]!]), closure),
    ]);

    expect(a.sent + b.sent).toBe(1);
    expect(a.alreadySent + b.alreadySent + a.inFlight + b.inFlight).toBe(1);
    expect(receiver.accepted('ok').length).toBe(hooksBefore + 1);
  });
});

describe('failed deliveries are kept and retried', () => {
  let round: RoundToAlert;

  beforeAll(async () => {
    await store(report({ expelling_country: 'GB', expelled_country: 'RU', count: 23, date: '2018-03-14' }), 'https://wire.example/GB-expels-23');
    const answer = await store(
      report({ expelling_country: 'RU', expelled_country: 'GB', count: 23, date: '2018-03-17', is_retaliation: true, evidence: 'Moscow expels 23 British diplomats in a tit-for-tat move.' }),
      'https://wire.example/RU-expels-23',
    );
    [round] = await roundsFor(answer);
  });

  beforeEach(() => {
    receiver.downRecovered = false;
  });

  it('records a receiver that keeps failing as failed, then retryAlerts delivers it once it recovers', async () => {
    const subscribers: Subscriber[] = [{ name: 'down', webhook: hook('down') }];
    const id = alertId(round.event.id, 'down');

    const first = await dispatchAlerts(depsFor(subscribers), [round]);

    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(first.lines[0]).toMatch(/^FAILED webhook .* 3 tries: delivery_failed: webhook answered HTTP 503/);
    const failed = (await db.store.listAlerts({ status: 'failed' })).filter((r) => r.id === id);
    expect(failed).toMatchObject([{ id, subscriber: 'down', channel: 'webhook', status: 'failed', attempts: 3 }]);
    expect(failed[0]!.lastError).toMatch(/503/);

    receiver.downRecovered = true;
    const retried = await retryAlerts(depsFor(subscribers));

    expect(retried).toMatchObject({ sent: 1, failed: 0 });
    const accepted = receiver.accepted('down');
    expect(accepted.map((r) => r.delivery)).toEqual([id]);
    expect(accepted[0]!.signatureValid).toBe(true);
    const sent = (await db.store.listAlerts({ status: 'sent' })).filter((r) => r.id === id);
    expect(sent).toMatchObject([{ status: 'sent', attempts: 4, lastError: null }]);

    const again = await retryAlerts(depsFor(subscribers));
    expect(again.sent + again.failed).toBe(0);
    expect(receiver.accepted('down')).toHaveLength(1);
  });

  it('records a receiver that never answers as failed with a timeout', async () => {
    const subscribers: Subscriber[] = [{ name: 'slow', webhook: hook('slow') }];
    const started = Date.now();

    const result = await dispatchAlerts(
      depsFor(subscribers, { webhook: createWebhookSender({ allowPrivate: true, attempts: 2, baseDelayMs: 5, maxDelayMs: 10, timeoutMs: 300 }) }),
      [round],
    );

    expect(result).toMatchObject({ sent: 0, failed: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [record] = (await db.store.listAlerts({ status: 'failed' })).filter((r) => r.subscriber === 'slow');
    expect(record).toMatchObject({ attempts: 2 });
    expect(record!.lastError).toMatch(/^timeout/);
  });

  it('refuses a loopback webhook when private addresses are not allowed, and keeps it as failed', async () => {
    const subscribers: Subscriber[] = [{ name: 'guarded', webhook: hook('ok') }];
    const before = receiver.received.length;

    const result = await dispatchAlerts(depsFor(subscribers, { webhook: undefined, allowPrivate: false }), [round]);

    expect(result).toMatchObject({ sent: 0, failed: 1 });
    expect(result.deliveries[0]!.error).toMatch(/^blocked_address/);
    expect(receiver.received.length).toBe(before);
  });

  it('sends a delivery left pending by an interrupted run once, under the same id', async () => {
    const subscribers: Subscriber[] = [{ name: 'resumed', webhook: hook('ok'), email: 'resumed@example.org' }];
    const id = alertId(round.event.id, 'resumed');
    const alert: Alert = { type: 'retaliation', id, event: round.event, matches: round.matches };
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    // The crash: both records written, nothing sent, no update.
    for (const channel of ['webhook', 'email'] as const) {
      const record: AlertRecord = { id, subscriber: 'resumed', channel, eventId: round.event.id, alert, status: 'pending', attempts: 0, lastError: null, createdAt: anHourAgo, updatedAt: anHourAgo };
      expect(await db.store.createAlert(record)).toBe('created');
    }
    const mailsBefore = mail.messages.length;

    const rerun = await dispatchAlerts(depsFor(subscribers), [round]);
    const rerunAgain = await dispatchAlerts(depsFor(subscribers), [round]);

    expect(rerun).toMatchObject({ sent: 2, alreadySent: 0 });
    expect(rerunAgain).toMatchObject({ sent: 0, alreadySent: 2 });
    expect(receiver.accepted('ok').filter((r) => r.delivery === id)).toHaveLength(1);
    expect(mail.messages.length).toBe(mailsBefore + 1);
    const records = (await db.store.listAlerts()).filter((r) => r.id === id);
    expect(records.map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('leaves a delivery that another run recorded moments ago to that run', async () => {
    const subscribers: Subscriber[] = [{ name: 'busy', webhook: hook('ok') }];
    const id = alertId(round.event.id, 'busy');
    const now = new Date().toISOString();
    await db.store.createAlert({
      id, subscriber: 'busy', channel: 'webhook', eventId: round.event.id,
      alert: { type: 'retaliation', id, event: round.event, matches: round.matches },
      status: 'pending', attempts: 0, lastError: null, createdAt: now, updatedAt: now,
    });

    const result = await dispatchAlerts(depsFor(subscribers), [round]);
    const retried = await retryAlerts(depsFor(subscribers), { status: 'pending' });

    expect(result).toMatchObject({ sent: 0, inFlight: 1 });
    expect(retried).toMatchObject({ sent: 0, inFlight: 1 });
    expect(receiver.received.filter((r) => r.delivery === id)).toHaveLength(0);
  });
});

describe('a round learned in reverse order', () => {
  it('alerts once, on the later measure, when the earlier one is stored after it', async () => {
    const subscribers: Subscriber[] = [{ name: 'late', webhook: hook('ok'), countries: ['CZ'] }];
    const answer = await store(
      report({ expelling_country: 'RU', expelled_country: 'CZ', count: 20, date: '2021-04-18', is_retaliation: true, evidence: 'Russia expels 20 Czech diplomats in response.' }),
      'https://wire.example/RU-expels-20-czech',
    );
    const first = await roundsFor(answer);
    expect(first).toEqual([]);
    expect((await dispatchAlerts(depsFor(subscribers), first)).sent).toBe(0);

    const earlier = await store(
      report({ expelling_country: 'CZ', expelled_country: 'RU', count: 18, date: '2021-04-17', evidence: 'Prague expels 18 Russian diplomats.' }),
      'https://wire.example/CZ-expels-18',
    );
    const late = await roundsFor(earlier);
    const result = await dispatchAlerts(depsFor(subscribers), late);
    // A third report of the earlier measure changes nothing.
    await db.store.saveEvent(
      report({ expelling_country: 'CZ', expelled_country: 'RU', count: 18, date: '2021-04-17' }),
      { url: 'https://other.example/CZ-18', title: null, published: '2021-04-17', outlet: 'other' },
    );
    const again = await dispatchAlerts(depsFor(subscribers), await roundsFor(earlier));

    expect(result.sent).toBe(1);
    expect(again).toMatchObject({ sent: 0, alreadySent: 1 });
    const delivered = receiver.accepted('ok').filter((r) => r.alert.id === alertId(answer.id, 'late'));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.alert.event.id).toBe(answer.id);
    expect(delivered[0]!.alert.matches.map((m) => m.event.id)).toEqual([earlier.id]);
    expect(delivered[0]!.alert.matches[0]!.reasons).toContain('close count (20 for 18)');
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context, ScheduledEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseConfig, parseDeployableConfig } from '../../shared/domain/config.js';
import { pollCycle } from '../../shared/pipeline/poll-cycle.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { handleApiRequest } from '../../shared/api/index.js';
import { startSampleServer, SAMPLE_FEEDS, type SampleServer } from '../../shared/local/sample-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import { startSmtpSink, type SmtpSink } from '../../shared/local/smtp-sink.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const SECRET = 'hook-secret-from-secrets-manager';
const SECRET_NAME = 'riposte/webhooks/hook';
const CUTOFFS = ['2017-08-01', '2018-04-01', '2021-04-20'];

/**
 * A loopback stand-in for the three AWS APIs that cannot run here (SQS, SES v2, Secrets
 * Manager), reached by the real SDK clients through AWS_ENDPOINT_URL_<SERVICE>. DynamoDB is
 * DynamoDB Local.
 */
interface FakeAws {
  url: string;
  queued: Array<{ id: string; body: string }>;
  emails: Array<{ to: string[]; subject: string }>;
  secretReads: string[];
  close(): Promise<void>;
}

async function startFakeAws(secrets: Record<string, string>): Promise<FakeAws> {
  const fake = { queued: [], emails: [], secretReads: [] } as unknown as FakeAws;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const target = String(req.headers['x-amz-target'] ?? '');
    const json = (status: number, answer: unknown) => res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer));
    if (target === 'AmazonSQS.SendMessageBatch') {
      const entries = body.Entries as Array<{ Id: string; MessageBody: string }>;
      const successful = entries.map((e) => {
        const id = randomUUID();
        fake.queued.push({ id, body: e.MessageBody });
        return { Id: e.Id, MessageId: id, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') };
      });
      json(200, { Successful: successful, Failed: [] });
      return;
    }
    if (target === 'secretsmanager.GetSecretValue') {
      fake.secretReads.push(body.SecretId);
      const value = secrets[body.SecretId];
      if (value === undefined) json(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
      else json(200, { Name: body.SecretId, ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${body.SecretId}-AbCdEf`, SecretString: value });
      return;
    }
    if (req.url === '/v2/email/outbound-emails') {
      fake.emails.push({ to: body.Destination.ToAddresses, subject: body.Content.Simple.Subject.Data });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ MessageId: randomUUID() }));
      return;
    }
    json(400, { __type: 'UnknownOperationException', message: `${req.method} ${req.url} ${target}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

function sqsEvent(messages: Array<{ id: string; body: string }>): SQSEvent {
  return {
    Records: messages.map(
      (m): SQSRecord => ({
        messageId: m.id,
        receiptHandle: `handle-${m.id}`,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AROAEXAMPLE:riposte-schedule',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(m.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:RiposteMonitor-WorkQueue',
        awsRegion: 'eu-west-1',
      }),
    ),
  };
}

function scheduledEvent(time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '123456789012',
    time: time.toISOString(),
    region: 'eu-west-1',
    resources: ['arn:aws:scheduler:eu-west-1:123456789012:schedule/default/RiposteMonitor-PollSchedule'],
    detail: {},
  };
}

function httpEvent(rawPath: string, query: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: rawPath.startsWith('/events/') ? 'GET /events/{id}' : 'GET /events',
    rawPath,
    rawQueryString,
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', accept: 'application/json' },
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: rawPath.startsWith('/events/') ? { id: rawPath.slice('/events/'.length) } : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: 'GET /events',
      stage: '$default',
      time: '23/Nov/2026:12:00:00 +0000',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const context = { functionName: 'riposte-worker', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/**
 * The three Lambda handlers, invoked with the events AWS sends them, against DynamoDB Local and
 * loopback feeds, webhooks and AWS APIs: the scheduled path must store and alert what the CLI
 * path (`pollCycle` over the same feeds, as `riposte poll` runs it) stores and alerts.
 */
describe('the Lambda handlers', () => {
  let aws: TestTable;
  let cli: TestTable;
  let feeds: SampleServer;
  let awsHook: WebhookReceiver;
  let cliHook: WebhookReceiver;
  let smtp: SmtpSink;
  let fake: FakeAws;
  let schedule: typeof import('../../functions/schedule/handler.js');
  let worker: typeof import('../../functions/sqs/handler.js');
  let query: typeof import('../../functions/http/handler.js');
  const ticks: Array<{ due: number; failures: unknown[] }> = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    [aws, cli, feeds, awsHook, cliHook, smtp] = await Promise.all([
      createTestTable('handlers-aws'),
      createTestTable('handlers-cli'),
      startSampleServer(),
      startWebhookReceiver({ secret: SECRET }),
      startWebhookReceiver({ secret: SECRET }),
      startSmtpSink(),
    ]);
    fake = await startFakeAws({ [SECRET_NAME]: SECRET });
    const base = {
      feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })),
      email: { from: 'riposte@example.org' },
      network: { allowPrivate: true },
    };
    const deployed = parseDeployableConfig({
      ...base,
      subscribers: [
        { name: 'hook', webhook: { url: awsHook.url, secret: { secretName: SECRET_NAME } } },
        { name: 'desk', email: 'desk@example.org', countries: ['RU'] },
      ],
    });
    const cliConfig = parseConfig({
      ...base,
      subscribers: [
        { name: 'hook', webhook: { url: cliHook.url, secret: SECRET } },
        { name: 'desk', email: 'desk@example.org', countries: ['RU'] },
      ],
      email: { ...base.email, smtp: { host: smtp.host, port: smtp.port } },
    });

    Object.assign(process.env, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: inject('ddbEndpoint') ?? '',
      AWS_ENDPOINT_URL_SQS: fake.url,
      AWS_ENDPOINT_URL_SESV2: fake.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
      RIPOSTE_TABLE: aws.tableName,
      RIPOSTE_WORK_QUEUE_URL: `${fake.url}/123456789012/work`,
      RIPOSTE_POLL_EVERY_MINUTES: '5',
      RIPOSTE_DEPLOYED_CONFIG: JSON.stringify(deployed),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    [schedule, worker, query] = await Promise.all([
      import('../../functions/schedule/handler.js'),
      import('../../functions/sqs/handler.js'),
      import('../../functions/http/handler.js'),
    ]);

    // Ticks five minutes apart (only Date is faked: sockets and timers stay real).
    vi.useFakeTimers({ toFake: ['Date'] });
    let now = Date.parse('2026-11-23T12:00:00Z');
    const channels = channelsFromConfig(cliConfig);
    try {
      for (const cutoff of CUTOFFS) {
        feeds.releaseUntil(cutoff);
        vi.setSystemTime(now);
        const from = fake.queued.length;
        const counts = await schedule.handler(scheduledEvent(new Date(now)));
        const result = await worker.handler(sqsEvent(fake.queued.slice(from)), context);
        ticks.push({ due: counts.due, failures: result.batchItemFailures });
        await pollCycle({ store: cli.store, config: cliConfig, channels });
        now += 5 * 60_000;
      }
    } finally {
      await channels.close();
      vi.useRealTimers();
    }
  }, 180_000);

  afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([aws?.drop(), cli?.drop(), feeds?.close(), awsHook?.close(), cliHook?.close(), smtp?.close(), fake?.close()]);
  });

  it('schedule: queues one message per due feed and one to resume pending alerts, each tick', () => {
    expect(ticks.map((t) => t.due)).toEqual([3, 3, 3]);
    const bodies = fake.queued.map((m) => JSON.parse(m.body));
    expect(bodies.filter((b) => b.kind === 'resume-alerts')).toHaveLength(3);
    expect(bodies.filter((b) => b.kind === 'poll-feed').map((b) => b.feed).sort()).toEqual(
      [...SAMPLE_FEEDS, ...SAMPLE_FEEDS, ...SAMPLE_FEEDS].map((f) => f.name).sort(),
    );
  });

  it('worker: processes every message of every batch (no item failures)', () => {
    expect(ticks.map((t) => t.failures)).toEqual([[], [], []]);
  });

  // An event's id comes from the first report of it that is stored. Workers poll feeds in
  // parallel, so when two outlets report one measure either may come first: the two paths are
  // compared by what the events say, not by their ids.
  type Stored = { id: string; expelling_country: string; expelled_country: string; count: number | null; action: string; date: string | null; responds_to: string[]; sources: Array<{ url: string }> };
  const keyOf = (e: Stored) => `${e.expelling_country}>${e.expelled_country} ${e.action} ${e.count ?? '?'} ${e.date ?? '?'}`;
  const contentOf = (events: Stored[]) => {
    const keys = new Map(events.map((e) => [e.id, keyOf(e)]));
    return events
      .map((e) => ({ key: keyOf(e), responds_to: e.responds_to.map((id) => keys.get(id) ?? id).sort(), sources: e.sources.map((s) => s.url).sort() }))
      .sort((a, b) => a.key.localeCompare(b.key));
  };

  it('worker: stores the same events and feed states as the CLI path', async () => {
    const onAws = contentOf(await aws.store.findEvents({}));
    expect(onAws.length).toBeGreaterThan(0);
    expect(onAws).toEqual(contentOf(await cli.store.findEvents({})));
    const states = async (t: TestTable) => (await t.store.listFeedStates()).map((s) => [s.name, s.status, s.items]).sort();
    expect(await states(aws)).toEqual(await states(cli));
  });

  it('worker: alerts the same rounds, once each, signed with the secret read from Secrets Manager', () => {
    const alerted = (hook: WebhookReceiver) =>
      hook.received.map((d) => `${keyOf(d.alert.event as Stored)} answers ${d.alert.matches.map((m) => keyOf(m.event as Stored)).sort().join(', ')}`).sort();
    expect(awsHook.received.length).toBeGreaterThan(0);
    expect(alerted(awsHook)).toEqual(alerted(cliHook));
    expect(awsHook.received.every((d) => d.signatureValid)).toBe(true);
    expect(new Set(awsHook.received.map((d) => d.deliveryId)).size).toBe(awsHook.received.length);
    // One read at cold start, cached after.
    expect(fake.secretReads).toEqual([SECRET_NAME]);
  });

  it('worker: emails through SES what the CLI path emails over SMTP', () => {
    expect(fake.emails.length).toBeGreaterThan(0);
    expect(fake.emails).toHaveLength(smtp.messages.length);
    expect(fake.emails.map((e) => e.subject).sort()).toEqual(smtp.messages.map((m) => m.subject ?? '').sort());
    expect(fake.emails[0]?.to).toEqual(['desk@example.org']);
  });

  it('worker: fails only the record it cannot read (partial batch response), the rest goes through', async () => {
    const result = await worker.handler(
      sqsEvent([
        { id: 'bad-1', body: '{"kind":"poll-feed"}' },
        { id: 'ok-1', body: JSON.stringify({ kind: 'resume-alerts' }) },
        { id: 'gone-1', body: JSON.stringify({ kind: 'poll-feed', feed: 'removed', url: 'https://example.org/feed' }) },
      ]),
      context,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }]);
  });

  it('schedule: leaves a failing feed to rest, and plans it again once its backoff is over', async () => {
    const [first] = SAMPLE_FEEDS;
    const state = (await aws.store.getFeedState(feeds.feedUrl(first!.name)))!;
    const polledAt = new Date(Date.now() - 6 * 60_000).toISOString();
    await aws.store.putFeedState({ ...state, status: 'error', error: 'timeout: test', consecutiveFailures: 3, lastPolledAt: polledAt });
    const resting = await schedule.handler(scheduledEvent(new Date()));
    expect(resting).toMatchObject({ feeds: 3, resting: 1 });
    await aws.store.putFeedState({ ...state, status: 'error', error: 'timeout: test', consecutiveFailures: 3, lastPolledAt: new Date(Date.now() - 20 * 60_000).toISOString() });
    expect(await schedule.handler(scheduledEvent(new Date()))).toMatchObject({ resting: 0 });
    await aws.store.putFeedState(state);
  });

  it('query: answers GET /events and GET /events/{id} as `riposte serve` does over the CLI store', async () => {
    const list = await query.handler(httpEvent('/events', { country: 'RU' }));
    expect(list.statusCode).toBe(200);
    expect(list.headers?.['content-type']).toMatch(/application\/json/);
    const viaServe = await handleApiRequest(cli.store, { method: 'GET', path: '/events', query: { country: 'RU' } });
    expect(contentOf(JSON.parse(list.body!).events)).toEqual(contentOf(JSON.parse(viaServe.body).events));
    const events = JSON.parse(list.body!).events as Array<{ id: string }>;
    expect(events.length).toBeGreaterThan(0);

    const one = await query.handler(httpEvent(`/events/${events[0]!.id}`));
    expect(one.statusCode).toBe(200);
    expect(JSON.parse(one.body!).event.id).toBe(events[0]!.id);
    expect((await query.handler(httpEvent('/events/no-such-event'))).statusCode).toBe(404);
  });
});

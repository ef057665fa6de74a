import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../infra/app.js';
import { parseDeployableConfig } from '../shared/domain/config.js';
import { startDynamoDbLocal, createLocalClient } from '../shared/local/dynamodb-local.js';
import { startSampleServer, SAMPLE_CYCLES, SAMPLE_FEEDS } from '../shared/local/sample-server.js';
import { ensureTable } from '../shared/store/table.js';
import { DynamoEventStore } from '../shared/store/dynamo-event-store.js';
import { scheduleCycle } from '../shared/pipeline/plan-cycle.js';
import { runWork } from '../shared/pipeline/run-work.js';
import { FEED_STATE_HEARTBEAT_MS } from '../shared/pipeline/poll-cycle.js';
import { MemoryWorkQueue, type WorkMessage } from '../shared/pipeline/work-messages.js';
import { HostGate } from '../shared/fetch/index.js';

/**
 * `npm run bench`, infrastructure part: each function's bundle (as `cdk synth` builds it) with
 * its size and init time in a fresh Node process, then a monthly cost for 200 feeds polled every
 * 5 minutes, from DynamoDB capacity and CPU times counted in a local run of the AWS path
 * (schedule → work messages → worker use case) over the sample feeds on DynamoDB Local, and the
 * worker's memory and batch size as the synthesised stack sets them.
 *
 * A poll is "unchanged" (304, or 200 with the bytes of the last read: no read, the state comes
 * in the work message, no write but the 6-hour heartbeat) or "changed" (the feed lists a new
 * article: at most one a new article). New articles and stored event mentions are priced per unit
 * on top. The schedule and the unchanged polls are measured with 200 registered feeds, the polls
 * in worker batches of the deployed size; first reads and changes on the sample feeds themselves.
 */
export async function benchInfra(log: (line: string) => void = console.log): Promise<void> {
  const root = path.resolve(__dirname, '..');
  log('\n## Lambda bundles (esbuild, as deployed)');
  const { bundles, deployed } = synthBundles(root);
  const inits: Record<string, number> = {};
  for (const [name, file] of Object.entries(bundles)) {
    const ms = initTimes(file, root);
    inits[name] = median(ms);
    log(`${name.padEnd(9)} ${(statSync(file).size / 1024).toFixed(0).padStart(5)} KB   init ${median(ms).toFixed(0)} ms (median of ${ms.length} fresh processes, min ${Math.min(...ms).toFixed(0)})`);
  }
  const counts = await measureLocalRun(deployed.batchSize);
  log('\n## Counted in a local run (sample feeds, DynamoDB Local)');
  for (const [k, v] of Object.entries(counts)) log(`${k.padEnd(34)} ${typeof v === 'number' ? v.toFixed(2) : v}`);
  log('\n## Monthly cost, 200 feeds every 5 minutes (us-east-1 prices, no free tier)');
  for (const line of costModel(counts, inits, deployed)) log(line);
}

/** Synthesises the app with bundling into a scratch folder; returns each function's index.js and the worker's settings. */
function synthBundles(root: string): { bundles: Record<string, string>; deployed: Deployed } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-synth-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  const assembly = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['RiposteMonitor'] } })).synth();
  const template = JSON.parse(readFileSync(path.join(assembly.directory, 'RiposteMonitor.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string }; MemorySize?: number; BatchSize?: number; MaximumBatchingWindowInSeconds?: number } }>;
  };
  const bundles: Record<string, string> = {};
  const memory: Record<string, number> = {};
  let source = { BatchSize: 10, MaximumBatchingWindowInSeconds: 0 };
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::Lambda::EventSourceMapping') source = { ...source, ...r.Properties };
    if (r.Type !== 'AWS::Lambda::Function' || !r.Properties.Code?.S3Key) continue;
    const hash = r.Properties.Code.S3Key.replace(/\.zip$/, '');
    const name = (['Schedule', 'Worker', 'Query'].find((n) => id.startsWith(n)) ?? id).toLowerCase();
    bundles[name] = path.join(assembly.directory, `asset.${hash}`, 'index.js');
    memory[name] = r.Properties.MemorySize ?? 128;
  }
  void root;
  return {
    bundles,
    deployed: {
      workerMemoryMb: memory.worker ?? 128,
      scheduleMemoryMb: memory.schedule ?? 128,
      batchSize: source.BatchSize,
      batchingWindowSeconds: source.MaximumBatchingWindowInSeconds,
    },
  };
}

/** Time to load the bundle (module init, as Lambda's INIT phase runs it) in fresh processes. */
function initTimes(file: string, root: string, runs = 5): number[] {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const env = {
    ...process.env,
    // The runtime provides the AWS SDK; here it comes from the project's node_modules.
    NODE_PATH: path.join(root, 'node_modules'),
    AWS_REGION: 'us-east-1',
    RIPOSTE_TABLE: 'bench',
    RIPOSTE_WORK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench',
    RIPOSTE_POLL_EVERY_MINUTES: '5',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    NODE_NO_WARNINGS: '1',
  };
  return Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })));
}

type Category = 'feed' | 'article' | 'event' | 'alert';
const CATEGORIES: Category[] = ['feed', 'article', 'event', 'alert'];
type Capacity = Record<Category, { rru: number; wru: number }>;

/** DynamoDB's item size: attribute names and values (strings in UTF-8, numbers about half their digits). */
function itemSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + itemSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + itemSize(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 1 + itemSize(v), 0);
  return 1;
}
const topLevelSize = (item: Record<string, unknown> | undefined) => (item ? itemSize(item) - 3 : 0);

/** Which part of the work an item belongs to, by its key. */
function categoryOf(pk: unknown, sk?: unknown): Category {
  const p = String(pk ?? '');
  if (p.startsWith('FEED#') || p === 'T#FEED') return 'feed';
  if (p.startsWith('ALERT#') || p.startsWith('T#ALERT')) return 'alert';
  if (p.startsWith('ARTICLE#') && sk === 'ARTICLE') return 'article';
  return 'event';
}

/**
 * Write units of one item written: 1 per KB on the table (2 in a transaction), and as much again
 * for each index whose keys it carries (every index projects all attributes).
 */
function writeUnits(item: Record<string, unknown>, transactional: boolean): number {
  const kb = Math.max(1, Math.ceil(topLevelSize(item) / 1024));
  const indexes = Object.keys(item).filter((k) => /^gsi\dpk$/.test(k)).length;
  return kb * (transactional ? 2 : 1) + kb * indexes;
}

/**
 * Counts DynamoDB capacity by the part of the work it serves: reads in 4 KB units, halved when
 * eventually consistent (every read but saveEvent's guards, and every index query); writes as
 * above. An UpdateItem's item is not seen here: events (5 indexes) and alerts (1) count 2 KB.
 */
function countedClient(endpoint: string, capacity: Capacity) {
  const client = createLocalClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as unknown as Record<string, any>;
      const output = result.output as unknown as Record<string, any>;
      const read = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
      switch (context.commandName) {
        case 'GetItemCommand':
          capacity[categoryOf(input.Key?.pk, input.Key?.sk)].rru += read(topLevelSize(output.Item), input.ConsistentRead === true);
          break;
        case 'QueryCommand': {
          const pk = Object.values(input.ExpressionAttributeValues ?? {})[0];
          const bytes = ((output.Items ?? []) as Record<string, unknown>[]).reduce((n, i) => n + topLevelSize(i), 0);
          capacity[categoryOf(pk, 'query')].rru += read(bytes, input.ConsistentRead === true && !input.IndexName);
          break;
        }
        case 'PutItemCommand':
          capacity[categoryOf(input.Item?.pk, input.Item?.sk)].wru += writeUnits(input.Item, false);
          break;
        case 'UpdateItemCommand': {
          const category = categoryOf(input.Key?.pk, input.Key?.sk);
          capacity[category].wru += 2 * (1 + (category === 'event' ? 5 : category === 'alert' ? 2 : 0));
          break;
        }
        case 'TransactWriteItemsCommand':
          for (const item of (input.TransactItems as Array<Record<string, { Item?: Record<string, unknown> }>>) ?? []) {
            const put = item.Put?.Item;
            capacity.event.wru += put ? writeUnits(put, true) : 2 * 2; // the series counter: under 1 KB, no index
          }
          break;
        default:
          break;
      }
      return result;
    },
    { step: 'initialize', name: 'riposteCapacityCounter' },
  );
  return client;
}

/** The sample server in a process of its own, so that its CPU time is not counted as the worker's. */
async function startSampleServerProcess(validators: boolean) {
  const child = fork(__filename, ['--sample-server', String(validators)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('error', reject);
  });
  return {
    feedUrl: (name: string) => `${base}/feeds/${name}.xml`,
    releaseUntil: (date: string) => new Promise<void>((resolve) => child.send({ release: date }, () => resolve())),
    close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill())),
  };
}

interface Part {
  feeds: number;
  capacity: Capacity;
  ms: number;
  articles: number;
  events: number;
  changedFeeds: number;
}

/** Feeds registered in the local run that measures the schedule and the unchanged polls. */
const MEASURED_FEEDS = 200;

/**
 * The AWS path over the sample feeds, served twice: with validators (an unchanged feed answers
 * 304) and without (it answers 200 with the same body, as many real feeds do). First, the sample
 * feeds themselves: a first read, then a tick where every feed lists new articles. Then 200
 * registered feeds (copies of the sample feeds, half on each server, each its own URL), in a
 * table of their own: a first read (not counted), an unchanged tick (the schedule over 200
 * states; the polls in worker batches of `batchSize`, each batch at once under one HostGate, as
 * the worker runs them) and an unchanged tick six hours on (the feed state's heartbeat write).
 */
async function measureLocalRun(batchSize: number) {
  const ddb = await startDynamoDbLocal({ inMemory: true });
  const servers = { validating: await startSampleServerProcess(true), plain: await startSampleServerProcess(false) };
  const zero = (): Capacity => Object.fromEntries(CATEGORIES.map((c) => [c, { rru: 0, wru: 0 }])) as Capacity;
  const capacity = zero();
  try {
    const client = countedClient(ddb.endpoint, capacity);
    await ensureTable(client, 'bench');
    await ensureTable(client, 'bench-many');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = () => new Date(now);
    // CPU time of this process only: DynamoDB Local and the sample servers run in their own processes.
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const part = async (messages: WorkMessage[], run: (m: WorkMessage) => Promise<Partial<Part>>): Promise<Part> => {
      const before = JSON.parse(JSON.stringify(capacity)) as Capacity;
      const t0 = cpuMs();
      const results = await Promise.all(messages.map(run));
      const ms = cpuMs() - t0;
      const delta = zero();
      for (const c of CATEGORIES) delta[c] = { rru: capacity[c].rru - before[c].rru, wru: capacity[c].wru - before[c].wru };
      const sum = (k: 'articles' | 'events' | 'changedFeeds') => results.reduce((n, r) => n + (r[k] ?? 0), 0);
      return { feeds: messages.length, capacity: delta, ms, articles: sum('articles'), events: sum('events'), changedFeeds: sum('changedFeeds') };
    };
    const sumParts = (parts: Part[]): Part => ({
      feeds: parts.reduce((n, p) => n + p.feeds, 0),
      capacity: Object.fromEntries(CATEGORIES.map((c) => [c, { rru: parts.reduce((n, p) => n + p.capacity[c].rru, 0), wru: parts.reduce((n, p) => n + p.capacity[c].wru, 0) }])) as Capacity,
      ms: parts.reduce((n, p) => n + p.ms, 0),
      articles: parts.reduce((n, p) => n + p.articles, 0),
      events: parts.reduce((n, p) => n + p.events, 0),
      changedFeeds: parts.reduce((n, p) => n + p.changedFeeds, 0),
    });

    /** The AWS path over one table and feed list: a tick plans, then the worker runs its batches one after another. */
    const pathOver = (tableName: string, feeds: Array<{ name: string; url: string }>) => {
      const store = new DynamoEventStore({ tableName, client });
      const { config } = parseDeployableConfig({ feeds, network: { allowPrivate: true } });
      const queue = new MemoryWorkQueue();
      const deps = { store, config, channels: {} };
      const poll = (batch: { gate: HostGate }) => async (m: WorkMessage): Promise<Partial<Part>> => {
        // Through JSON, as through SQS.
        const outcome = await runWork(JSON.parse(JSON.stringify(m)) as WorkMessage, { ...deps, clock, batch });
        if (outcome.kind !== 'poll-feed') return {};
        const { report } = outcome;
        return { articles: report.articles.length, events: report.events.filter((e) => e.outcome !== 'duplicate').length, changedFeeds: report.feeds[0]!.newItems > 0 ? 1 : 0 };
      };
      const batches = async (messages: WorkMessage[]) => {
        const parts: Part[] = [];
        for (let i = 0; i < messages.length; i += batchSize) parts.push(await part(messages.slice(i, i + batchSize), poll({ gate: new HostGate() })));
        return { parts, total: sumParts(parts) };
      };
      const tick = async () => {
        const before = queue.sent.length;
        const schedule = await part([{ kind: 'resume-alerts' }], () => scheduleCycle({ store, config, queue, everyMinutes: 5, clock }).then(() => ({})));
        const messages = queue.sent.slice(before);
        const resume = await part(messages.filter((m) => m.kind === 'resume-alerts'), poll({ gate: new HostGate() }));
        const isPlain = (m: WorkMessage) => m.kind === 'poll-feed' && m.feed.includes('-plain');
        const validating = await batches(messages.filter((m) => m.kind === 'poll-feed' && !isPlain(m)));
        const plain = await batches(messages.filter(isPlain));
        const sizes = messages.map((m) => Buffer.byteLength(JSON.stringify(m)));
        now += 5 * 60_000;
        return { schedule, resume, validating: validating.total, plain: plain.total, batchMs: [...validating.parts, ...plain.parts].map((p) => p.ms / p.feeds), sizes, store };
      };
      return { tick, config };
    };

    // The sample feeds: first read, then a tick where every feed lists new articles.
    const sample = pathOver('bench', (['validating', 'plain'] as const).flatMap((kind) => SAMPLE_FEEDS.map((f) => ({ name: kind === 'plain' ? `${f.name}-plain` : f.name, url: servers[kind].feedUrl(f.name) }))));
    await servers.validating.releaseUntil(SAMPLE_CYCLES[1]!);
    await servers.plain.releaseUntil(SAMPLE_CYCLES[1]!);
    await sample.tick();
    await servers.validating.releaseUntil('9999-12-31');
    await servers.plain.releaseUntil('9999-12-31');
    const changed = await sample.tick();

    // 200 registered feeds: a first read, an unchanged tick, an unchanged tick six hours on.
    const many = pathOver(
      'bench-many',
      Array.from({ length: MEASURED_FEEDS }, (_, i) => {
        const kind = i < MEASURED_FEEDS / 2 ? 'validating' : 'plain';
        const f = SAMPLE_FEEDS[i % SAMPLE_FEEDS.length]!;
        return { name: `${f.name}-${kind}-${i}`, url: `${servers[kind].feedUrl(f.name)}?copy=${i}` };
      }),
    );
    await many.tick();
    const unchanged = await many.tick();
    now += FEED_STATE_HEARTBEAT_MS;
    const heartbeat = await many.tick();

    const states = await unchanged.store.listFeedStates();
    const perPoll = (p: Part, c: Category, k: 'rru' | 'wru') => p.capacity[c][k] / Math.max(1, p.feeds);
    const both = (k: keyof Part) => (changed.validating[k] as number) + (changed.plain[k] as number);
    const sumOver = (c: Category, k: 'rru' | 'wru') => changed.validating.capacity[c][k] + changed.plain.capacity[c][k];
    const feedStateBytes = states.reduce((n, s) => n + topLevelSize({ pk: 'FEED#'.padEnd(37, '0'), sk: 'FEED', entity: 'feed', ...s, gsi5pk: 'T#FEED', gsi5sk: `${s.name}#${s.url}` }), 0) / states.length;
    const seenItems = states.reduce((n, s) => n + (s.seenItems?.length ?? 0), 0) / states.length;
    const unchangedMs = (unchanged.validating.ms + unchanged.plain.ms) / (unchanged.validating.feeds + unchanged.plain.feeds);
    return {
      'feeds registered (schedule, unchanged)': many.config.feeds.length,
      'worker batch size': batchSize,
      'feed state: bytes (mean)': feedStateBytes,
      'feed state: seen items (mean)': seenItems,
      'work message: bytes (largest)': Math.max(...unchanged.sizes),
      'schedule: RRU per tick': unchanged.schedule.capacity.feed.rru,
      'schedule: CPU ms per tick (local)': unchanged.schedule.ms,
      'resume alerts: RRU per tick': unchanged.resume.capacity.alert.rru,
      'resume alerts: CPU ms per tick (local)': unchanged.resume.ms,
      'unchanged 304: RRU per poll': perPoll(unchanged.validating, 'feed', 'rru') + perPoll(unchanged.validating, 'article', 'rru'),
      'unchanged 304: WRU per poll': perPoll(unchanged.validating, 'feed', 'wru'),
      'unchanged 304: CPU ms per poll (local)': unchanged.validating.ms / unchanged.validating.feeds,
      'unchanged 200: RRU per poll': perPoll(unchanged.plain, 'feed', 'rru') + perPoll(unchanged.plain, 'article', 'rru'),
      'unchanged 200: WRU per poll': perPoll(unchanged.plain, 'feed', 'wru'),
      'unchanged 200: CPU ms per poll (local)': unchanged.plain.ms / unchanged.plain.feeds,
      'unchanged: CPU ms per poll, by batch': unchanged.batchMs.map((ms) => ms.toFixed(2)).join(' '),
      'heartbeat (6-hourly): WRU per poll': (perPoll(heartbeat.validating, 'feed', 'wru') + perPoll(heartbeat.plain, 'feed', 'wru')) / 2,
      'changed: feeds with new items': both('changedFeeds'),
      'changed: RRU per poll (feed state)': sumOver('feed', 'rru') / both('feeds'),
      'changed: WRU per poll (feed state)': sumOver('feed', 'wru') / both('feeds'),
      'new article: count': both('articles'),
      'new article: RRU each (lookup, record)': sumOver('article', 'rru') / Math.max(1, both('articles')),
      'new article: WRU each (record)': sumOver('article', 'wru') / Math.max(1, both('articles')),
      'new article: CPU ms each (local)': (both('ms') - unchangedMs * both('feeds')) / Math.max(1, both('articles')),
      'event mention: stored': both('events'),
      'event mention: RRU each (guards, merge, rounds)': sumOver('event', 'rru') / Math.max(1, both('events')),
      'event mention: WRU each (event, mention, series)': sumOver('event', 'wru') / Math.max(1, both('events')),
    };
  } finally {
    await Promise.all([servers.validating.close(), servers.plain.close()]);
    await ddb.stop();
  }
}

/** What the synthesised stack says about the worker: the model follows the deployed settings. */
interface Deployed {
  workerMemoryMb: number;
  scheduleMemoryMb: number;
  batchSize: number;
  batchingWindowSeconds: number;
}

/** Prices (us-east-1, on demand) and the workload assumed, each printed with the result. */
function costModel(measured: Record<string, number | string>, inits: Record<string, number>, deployed: Deployed): string[] {
  const m = measured as Record<string, number>;
  const FEEDS = 200;
  const TICKS = (30 * 24 * 60) / 5; // 8,640 a month
  const ASSUME = {
    itemsPerFeed: 20,
    newArticlesPerFeedPerDay: 5, // each arrives in a poll of its own: 30k "changed" polls a month, an upper bound
    unchanged200Share: 0.5, // unchanged polls answered 200 with nothing new (feeds without working validators); the rest 304
    eventMentionsPerMonth: 600, // stored reports of expulsions and closures: 2% of the new articles
    slowestOf10FeedsSeconds: 0.4, // network wait of a batch is its slowest feed (a batch's feeds are polled at once): 0.4 s for 10 feeds,
    // growing with the batch as the expected maximum of n exponential waits (H_n / H_10: ×1.5 at 50); feeds of one host spread over batches
    sqsSendSeconds: 0.03, // one SendMessageBatch round trip; the schedule sends its batches at once
    articleFetchSeconds: 0.8, // four articles of a feed are fetched at once: a fourth of it counts per article
    cpuSlowdownAt512MB: 3, // a 512 MB arm64 Lambda has about 0.29 vCPU; CPU-bound time scales with 1/memory
    coldStartShare: 0.05, // invocations that pay an INIT phase (billed since Aug 2025)
    alertsPerMonth: 30,
    emailsPerAlert: 2,
  };
  const PRICE = { gbSecond: 0.0000133334, request: 0.2 / 1e6, rru: 0.125 / 1e6, wru: 0.625 / 1e6, sqsRequest: 0.4 / 1e6, email: 0.1 / 1000, logGb: 0.5, storageGb: 0.25 + 0.2 };

  const polls = FEEDS * TICKS;
  const articles = FEEDS * ASSUME.newArticlesPerFeedPerDay * 30;
  const changed = Math.min(polls, articles);
  const unchanged = polls - changed;
  const heartbeats = (FEEDS * 30 * 24 * 3_600_000) / FEED_STATE_HEARTBEAT_MS;
  const events = ASSUME.eventMentionsPerMonth;
  // Feed states grow with the items they remember (a 16-hex key each); the local feeds list fewer.
  const stateBytes = m['feed state: bytes (mean)']! + (ASSUME.itemsPerFeed - m['feed state: seen items (mean)']!) * 20;
  const stateScale = (measured: number, unit: number) => (measured * Math.max(1, Math.ceil(stateBytes / unit))) / Math.max(1, Math.ceil(m['feed state: bytes (mean)']! / unit));

  // Lambda: a batch's feeds are polled at once (one network wait) and share the function's CPU.
  const slowdown = (mb: number) => (ASSUME.cpuSlowdownAt512MB * 512) / mb;
  const messagesPerTick = FEEDS + 1;
  const invocationsPerTick = Math.ceil(messagesPerTick / deployed.batchSize);
  const invocations = invocationsPerTick * TICKS;
  const harmonic = (n: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
  const feedsPerInvocation = Math.ceil(messagesPerTick / invocationsPerTick);
  const batchWaitSeconds = (ASSUME.slowestOf10FeedsSeconds * harmonic(feedsPerInvocation)) / harmonic(10);
  const unchangedCpuMs = (1 - ASSUME.unchanged200Share) * m['unchanged 304: CPU ms per poll (local)']! + ASSUME.unchanged200Share * m['unchanged 200: CPU ms per poll (local)']!;
  const workerCpuLocalSeconds = (unchanged * unchangedCpuMs + changed * m['unchanged 200: CPU ms per poll (local)']! + articles * m['new article: CPU ms each (local)']! + TICKS * m['resume alerts: CPU ms per tick (local)']!) / 1000;
  const workerSeconds =
    invocations * batchWaitSeconds +
    workerCpuLocalSeconds * slowdown(deployed.workerMemoryMb) +
    (articles * ASSUME.articleFetchSeconds) / 4 +
    (invocations * ASSUME.coldStartShare * (inits.worker ?? 0) * slowdown(deployed.workerMemoryMb)) / 1000;
  const scheduleSeconds =
    TICKS * (ASSUME.sqsSendSeconds + 0.03 + (m['schedule: CPU ms per tick (local)']! * (FEEDS / m['feeds registered (schedule, unchanged)']!) * slowdown(deployed.scheduleMemoryMb)) / 1000) +
    (TICKS * ASSUME.coldStartShare * (inits.schedule ?? 0) * slowdown(deployed.scheduleMemoryMb)) / 1000;
  const workerGbs = (workerSeconds * deployed.workerMemoryMb) / 1024;
  const scheduleGbs = (scheduleSeconds * deployed.scheduleMemoryMb) / 1024;
  const lambda = (workerGbs + scheduleGbs) * PRICE.gbSecond + (invocations + TICKS) * PRICE.request;

  const unchangedRru = (1 - ASSUME.unchanged200Share) * m['unchanged 304: RRU per poll']! + ASSUME.unchanged200Share * m['unchanged 200: RRU per poll']!;
  const unchangedWru = (1 - ASSUME.unchanged200Share) * m['unchanged 304: WRU per poll']! + ASSUME.unchanged200Share * m['unchanged 200: WRU per poll']!;
  const rru = {
    // One eventually consistent query of every feed state (the local run's 6 states fit one unit).
    schedule: TICKS * Math.ceil((FEEDS * stateBytes) / 4096) * 0.5,
    resume: TICKS * m['resume alerts: RRU per tick']!,
    polls: stateScale(unchanged * unchangedRru + changed * m['changed: RRU per poll (feed state)']!, 4096),
    articles: articles * m['new article: RRU each (lookup, record)']!,
    events: events * m['event mention: RRU each (guards, merge, rounds)']!,
  };
  const wru = {
    heartbeats: stateScale(heartbeats * m['heartbeat (6-hourly): WRU per poll']!, 1024),
    polls: stateScale(unchanged * unchangedWru + changed * m['changed: WRU per poll (feed state)']!, 1024),
    articles: articles * m['new article: WRU each (record)']!,
    events: events * m['event mention: WRU each (event, mention, series)']!,
  };
  const total = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const dynamo = total(rru) * PRICE.rru + total(wru) * PRICE.wru + 0.1 * PRICE.storageGb;

  const idlePolls = 5 * 3 * 60 * 24 * 30; // the event source's five pollers, 20 s long polls, all month
  const tenths = Math.ceil(messagesPerTick / 10) * TICKS; // SendMessageBatch, ReceiveMessage and DeleteMessageBatch each take ten
  // A work message carries its feed's state: ten of them are billed as one request per 64 KB (sends and receives).
  const messageBytes = m['work message: bytes (largest)']! + Math.max(0, ASSUME.itemsPerFeed - m['feed state: seen items (mean)']!) * 19;
  const unitsPerTen = Math.ceil((10 * messageBytes) / 65_536);
  const sqsRequests = tenths * (2 * unitsPerTen + 1) + idlePolls;
  const sqs = sqsRequests * PRICE.sqsRequest;
  const ses = ASSUME.alertsPerMonth * ASSUME.emailsPerAlert * PRICE.email;
  const logGb = (invocations * 400 + articles * 600 + TICKS * 300) / 1e9; // EMF line per invocation, one line per new article, one per tick
  const logs = logGb * PRICE.logGb;
  const usage = lambda + dynamo + sqs + ses + logs;
  // Always-free (not the 12-month tier), shared with whatever else runs in the account.
  const afterFree =
    Math.max(0, (workerGbs + scheduleGbs - 400_000) * PRICE.gbSecond) + Math.max(0, (invocations + TICKS - 1e6) * PRICE.request) + dynamo + Math.max(0, (sqsRequests - 1e6) * PRICE.sqsRequest) + ses + Math.max(0, logGb - 5) * PRICE.logGb;
  const fixed = { alarms: 10 * 0.1, customMetrics: 2 * 0.3 };
  const $ = (x: number) => `$${x.toFixed(2)}`;
  const M = (x: number) => `${(x / 1e6).toFixed(2)}M`;
  const parts = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${(v / 1e3).toFixed(0)}k`).join(', ');
  return [
    `assumed: ${JSON.stringify(ASSUME)}`,
    `polls: ${(unchanged / 1e6).toFixed(2)}M unchanged (nothing new listed), ${(changed / 1e3).toFixed(0)}k changed; feed state ≈ ${stateBytes.toFixed(0)} bytes at ${ASSUME.itemsPerFeed} items, work message ≈ ${messageBytes.toFixed(0)} bytes (ten: ${unitsPerTen} SQS billing unit)`,
    `deployed: worker ${deployed.workerMemoryMb} MB, batches of ≤${deployed.batchSize} (window ${deployed.batchingWindowSeconds} s); schedule ${deployed.scheduleMemoryMb} MB`,
    `Lambda      ${$(lambda).padStart(7)}  ${((workerGbs + scheduleGbs) / 1000).toFixed(1)}k GB-s (worker ${(workerGbs / 1000).toFixed(1)}k: network wait ${((invocations * batchWaitSeconds * deployed.workerMemoryMb) / 1024 / 1000).toFixed(1)}k at ${batchWaitSeconds.toFixed(2)} s per batch of ${feedsPerInvocation}, CPU ${((workerCpuLocalSeconds * slowdown(deployed.workerMemoryMb) * deployed.workerMemoryMb) / 1024 / 1000).toFixed(1)}k; schedule ${(scheduleGbs / 1000).toFixed(1)}k), ${((invocations + TICKS) / 1000).toFixed(0)}k requests (${invocationsPerTick} worker invocations per tick at best)`,
    `DynamoDB    ${$(dynamo).padStart(7)}  ${M(total(rru))} RRU (${parts(rru)}), ${M(total(wru))} WRU (${parts(wru)}), storage+PITR ≈ 0.1 GB`,
    `SQS         ${$(sqs).padStart(7)}  ${M(sqsRequests)} requests, of which ${M(idlePolls)} are the event source's idle long polls (structural: billed whether or not work arrives)`,
    `SES         ${$(ses).padStart(7)}  ${ASSUME.alertsPerMonth * ASSUME.emailsPerAlert} emails`,
    `Logs        ${$(logs).padStart(7)}  ${(logGb * 1000).toFixed(0)} MB ingested (quiet polls log nothing; platform lines off)`,
    `usage total ${$(usage).padStart(7)}  (goal < $1.00)`,
    `fixed       ${$(fixed.alarms + fixed.customMetrics).padStart(7)}  10 alarms, 2 custom metrics; $0 inside CloudWatch's always-free 10 alarms / 10 metrics; +$0.40 per webhook secret (Secrets Manager)`,
    `free tier   ${$(afterFree).padStart(7)}  usage after the always-free tiers (Lambda 1M requests + 400k GB-s, SQS 1M requests, 5 GB logs; DynamoDB on demand is not covered), if nothing else in the account uses them`,
  ];
}

if (require.main === module && process.argv[2] === '--sample-server') {
  // The child of startSampleServerProcess: serves until killed, releasing articles when told.
  void startSampleServer({ validators: process.argv[3] !== 'false' }).then((server) => {
    process.on('message', (m: { release?: string }) => m.release && server.releaseUntil(m.release));
    process.send!({ url: server.url });
  });
} else if (require.main === module) {
  benchInfra().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

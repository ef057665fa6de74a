import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../infra/app.js';
import { parseDeployableConfig } from '../shared/domain/config.js';
import { startDynamoDbLocal, createLocalClient } from '../shared/local/dynamodb-local.js';
import { startSampleServer, SAMPLE_FEEDS } from '../shared/local/sample-server.js';
import { ensureTable } from '../shared/store/table.js';
import { DynamoEventStore } from '../shared/store/dynamo-event-store.js';
import { scheduleCycle } from '../shared/pipeline/plan-cycle.js';
import { runWork } from '../shared/pipeline/run-work.js';
import { MemoryWorkQueue, type WorkMessage } from '../shared/pipeline/work-messages.js';

/**
 * `npm run bench`, infrastructure part: each function's bundle (as `cdk synth` builds it) with
 * its size and init time in a fresh Node process, then a monthly cost for 200 feeds polled every
 * 5 minutes, from DynamoDB operations and processing times counted in a local run of the AWS path
 * (schedule → work messages → worker use case) over the sample feeds on DynamoDB Local.
 */
export async function benchInfra(log: (line: string) => void = console.log): Promise<void> {
  const root = path.resolve(__dirname, '..');
  log('\n## Lambda bundles (esbuild, as deployed)');
  const bundles = synthBundles(root);
  const inits: Record<string, number> = {};
  for (const [name, file] of Object.entries(bundles)) {
    const ms = initTimes(file, root);
    inits[name] = median(ms);
    log(`${name.padEnd(9)} ${(statSync(file).size / 1024).toFixed(0).padStart(5)} KB   init ${median(ms).toFixed(0)} ms (median of ${ms.length} fresh processes, min ${Math.min(...ms).toFixed(0)})`);
  }
  const counts = await measureLocalRun();
  log('\n## Counted in a local run (sample feeds, DynamoDB Local)');
  for (const [k, v] of Object.entries(counts)) log(`${k.padEnd(34)} ${typeof v === 'number' ? v.toFixed(2) : v}`);
  log('\n## Monthly cost, 200 feeds every 5 minutes (us-east-1 prices, no free tier)');
  for (const line of costModel(counts, inits)) log(line);
}

/** Synthesises the app with bundling into a scratch folder; returns each function's index.js. */
function synthBundles(root: string): Record<string, string> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-synth-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  const assembly = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['RiposteMonitor'] } })).synth();
  const template = JSON.parse(readFileSync(path.join(assembly.directory, 'RiposteMonitor.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  const out: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || !r.Properties.Code?.S3Key) continue;
    const hash = r.Properties.Code.S3Key.replace(/\.zip$/, '');
    const name = ['Schedule', 'Worker', 'Query'].find((n) => id.startsWith(n)) ?? id;
    out[name.toLowerCase()] = path.join(assembly.directory, `asset.${hash}`, 'index.js');
  }
  void root;
  return out;
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

interface Counter {
  reads: number; // RRU, strongly consistent, 4 KB units
  writes: number; // WRU, 1 KB units
  ops: number;
}

/** Counts DynamoDB operations and estimates capacity units from item sizes. */
function countedClient(endpoint: string, counter: Counter) {
  const client = createLocalClient(endpoint);
  const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v ?? {}));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as unknown as Record<string, unknown>;
      const output = result.output as unknown as Record<string, unknown>;
      counter.ops++;
      switch (context.commandName) {
        case 'GetItemCommand':
          counter.reads += Math.max(1, Math.ceil(size(output.Item) / 4096));
          break;
        case 'QueryCommand':
          counter.reads += Math.max(1, Math.ceil(size(output.Items) / 4096));
          break;
        case 'PutItemCommand':
          counter.writes += Math.max(1, Math.ceil(size(input.Item) / 1024));
          break;
        case 'UpdateItemCommand':
          counter.writes += 2; // the updated item's size is not known here: events are 1-2 KB
          break;
        case 'TransactWriteItemsCommand':
          for (const item of (input.TransactItems as Array<Record<string, { Item?: unknown }>>) ?? []) {
            const put = item.Put?.Item;
            counter.writes += 2 * (put ? Math.max(1, Math.ceil(size(put) / 1024)) : 2);
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

/** The AWS path over the sample feeds: per-message figures for each kind of work. */
async function measureLocalRun() {
  const ddb = await startDynamoDbLocal({ inMemory: true });
  const feeds = await startSampleServer();
  const counter: Counter = { reads: 0, writes: 0, ops: 0 };
  try {
    const client = countedClient(ddb.endpoint, counter);
    await ensureTable(client, 'bench');
    const store = new DynamoEventStore({ tableName: 'bench', client });
    const { config } = parseDeployableConfig({
      feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })),
      network: { allowPrivate: true },
    });
    const queue = new MemoryWorkQueue();
    const deps = { store, config, channels: {} };
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = () => new Date(now);
    // CPU time of this process only: DynamoDB Local runs in its own JVM, as DynamoDB is not billed as Lambda time.
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const snapshot = () => ({ ...counter, at: cpuMs() });
    const tick = async () => {
      const before = queue.sent.length;
      const s0 = snapshot();
      await scheduleCycle({ store, config, queue, everyMinutes: 5, clock });
      const s1 = snapshot();
      const messages = queue.sent.slice(before);
      let articles = 0;
      await Promise.all(
        messages.map(async (m: WorkMessage) => {
          const outcome = await runWork(m, { ...deps, clock });
          if (outcome.kind === 'poll-feed') articles += outcome.report.articles.length;
        }),
      );
      const s2 = snapshot();
      now += 5 * 60_000;
      const feedMessages = messages.filter((m) => m.kind === 'poll-feed').length;
      return {
        schedule: { reads: s1.reads - s0.reads, writes: s1.writes - s0.writes, ms: s1.at - s0.at },
        work: { reads: s2.reads - s1.reads, writes: s2.writes - s1.writes, ms: s2.at - s1.at, feedMessages, articles },
      };
    };

    // Warm up and read every sample article (all cutoffs released at once).
    feeds.releaseUntil('9999-12-31');
    const first = await tick();
    // Steady state: every feed answers 304 Not Modified.
    const unchanged = await tick();
    // Feeds without validators: read in full, every item already known.
    for (const f of config.feeds) {
      const state = (await store.getFeedState(f.url))!;
      await store.putFeedState({ ...state, etag: null, lastModified: null });
    }
    const reread = await tick();
    const itemsPerFeed = (await store.listFeedStates()).reduce((n, s) => n + s.items, 0) / config.feeds.length;
    const perArticle = (x: number) => (x - (unchanged.work as { reads: number }).reads) / Math.max(1, first.work.articles);
    return {
      'feeds in the local run': config.feeds.length,
      'items per feed (mean)': itemsPerFeed,
      'articles read in the first tick': first.work.articles,
      'schedule: RRU per tick': unchanged.schedule.reads,
      'schedule: CPU ms per tick (local)': unchanged.schedule.ms,
      'feed 304: RRU per poll': unchanged.work.reads / unchanged.work.feedMessages,
      'feed 304: WRU per poll': unchanged.work.writes / unchanged.work.feedMessages,
      'feed 304: CPU ms per poll (local)': unchanged.work.ms / unchanged.work.feedMessages,
      'feed 200: RRU per poll per item': reread.work.reads / reread.work.feedMessages / itemsPerFeed,
      'feed 200: WRU per poll': reread.work.writes / reread.work.feedMessages,
      'feed 200: CPU ms per poll (local)': reread.work.ms / reread.work.feedMessages,
      'new article: RRU each': perArticle(first.work.reads),
      'new article: WRU each': (first.work.writes - unchanged.work.writes) / Math.max(1, first.work.articles),
      'new article: CPU ms each (local)': first.work.ms / Math.max(1, first.work.articles),
    };
  } finally {
    await feeds.close();
    await ddb.stop();
  }
}

/** Prices (us-east-1, on demand) and the workload assumed, each printed with the result. */
function costModel(m: Record<string, number>, inits: Record<string, number>): string[] {
  const FEEDS = 200;
  const TICKS = (30 * 24 * 60) / 5; // 8,640 a month
  const ASSUME = {
    share304: 0.5, // polls answered 304 Not Modified (many news feeds send validators; many do not)
    itemsPerFeed: 20,
    newArticlesPerFeedPerDay: 5,
    feedFetchSeconds: 0.4, // network wait per feed poll, in parallel within a batch
    articleFetchSeconds: 0.8, // four articles are fetched at once: half of it counts per article
    cpuSlowdown: 3, // a 512 MB arm64 Lambda has about a third of a vCPU
    coldStartShare: 0.05, // invocations that pay an INIT phase (billed since Aug 2025)
    alertsPerMonth: 30,
    emailsPerAlert: 2,
  };
  const PRICE = { gbSecond: 0.0000133334, request: 0.2 / 1e6, rru: 0.125 / 1e6, wru: 0.625 / 1e6, sqsRequest: 0.4 / 1e6, email: 0.1 / 1000, logGb: 0.5, storageGb: 0.25 + 0.2 };

  const polls = FEEDS * TICKS;
  const articles = FEEDS * ASSUME.newArticlesPerFeedPerDay * 30;
  const batches = Math.ceil((FEEDS + 1) / 10) * TICKS;
  const cpuPollMs = ASSUME.share304 * m['feed 304: CPU ms per poll (local)']! + (1 - ASSUME.share304) * m['feed 200: CPU ms per poll (local)']!;
  // A batch's ten feeds are fetched in parallel (one network wait) but share the function's CPU.
  const workerSeconds =
    batches * (ASSUME.feedFetchSeconds + (10 * cpuPollMs * ASSUME.cpuSlowdown) / 1000) +
    articles * (ASSUME.articleFetchSeconds / 2 + (m['new article: CPU ms each (local)']! * ASSUME.cpuSlowdown) / 1000) +
    (batches * ASSUME.coldStartShare * (inits.worker ?? 0) * ASSUME.cpuSlowdown) / 1000;
  const scheduleSeconds = TICKS * (0.1 + (m['schedule: CPU ms per tick (local)']! * ASSUME.cpuSlowdown) / 1000 + (ASSUME.coldStartShare * (inits.schedule ?? 0) * ASSUME.cpuSlowdown) / 1000);
  const gbSeconds = workerSeconds * 0.5 + scheduleSeconds * 0.25;
  const lambda = gbSeconds * PRICE.gbSecond + (batches + TICKS) * PRICE.request;

  const rru =
    TICKS * m['schedule: RRU per tick']! * (FEEDS / m['feeds in the local run']!) +
    polls * ASSUME.share304 * m['feed 304: RRU per poll']! +
    polls * (1 - ASSUME.share304) * m['feed 200: RRU per poll per item']! * ASSUME.itemsPerFeed +
    articles * Math.max(0, m['new article: RRU each']!);
  const wru = polls * ASSUME.share304 * m['feed 304: WRU per poll']! + polls * (1 - ASSUME.share304) * m['feed 200: WRU per poll']! + articles * m['new article: WRU each']!;
  const dynamo = rru * PRICE.rru + wru * PRICE.wru + 0.1 * PRICE.storageGb;

  const idlePolls = 5 * 3 * 60 * 24 * 30; // Lambda's five SQS pollers, 20 s long polls
  const sqsRequests = Math.ceil((FEEDS + 1) / 10) * TICKS + batches * 2 + idlePolls;
  const sqs = sqsRequests * PRICE.sqsRequest;
  const ses = ASSUME.alertsPerMonth * ASSUME.emailsPerAlert * PRICE.email;
  const logGb = (batches * 400 + articles * 600 + TICKS * 300) / 1e9; // EMF line per batch, one line per new article, one per tick
  const logs = logGb * PRICE.logGb;
  const usage = lambda + dynamo + sqs + ses + logs;
  const fixed = { alarms: 10 * 0.1, customMetrics: 2 * 0.3 };
  const $ = (x: number) => `$${x.toFixed(2)}`;
  return [
    `assumed: ${JSON.stringify(ASSUME)}`,
    `Lambda      ${$(lambda).padStart(7)}  ${(gbSeconds / 1000).toFixed(1)}k GB-s, ${((batches + TICKS) / 1000).toFixed(0)}k requests (${batches / TICKS} worker batches of ≤10 feeds per tick)`,
    `DynamoDB    ${$(dynamo).padStart(7)}  ${(rru / 1e6).toFixed(2)}M RRU, ${(wru / 1e6).toFixed(2)}M WRU, storage+PITR ≈ 0.1 GB`,
    `SQS         ${$(sqs).padStart(7)}  ${(sqsRequests / 1e6).toFixed(2)}M requests, of which ${(idlePolls / 1e6).toFixed(2)}M are the event source's idle long polls`,
    `SES         ${$(ses).padStart(7)}  ${ASSUME.alertsPerMonth * ASSUME.emailsPerAlert} emails`,
    `Logs        ${$(logs).padStart(7)}  ${(logGb * 1000).toFixed(0)} MB ingested (quiet polls log nothing; platform lines off)`,
    `usage total ${$(usage).padStart(7)}  (goal < $1.00)`,
    `fixed       ${$(fixed.alarms + fixed.customMetrics).padStart(7)}  10 alarms, 2 custom metrics; $0 inside CloudWatch's always-free 10 alarms / 10 metrics; +$0.40 per webhook secret (Secrets Manager)`,
    `free tier   Lambda (1M requests, 400k GB-s), SQS (1M requests) and DynamoDB (25 GB) free tiers would cover most of the usage in a small account`,
  ];
}

if (require.main === module) {
  benchInfra().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Benchmarks, one section per function: extraction speed, store queries and writes, polling at
 * scale, and the AWS functions (bundle sizes, init times, monthly cost).
 * Usage: npm run bench [-- --rounds 5] [-- --only extraction,store,scale,infra]
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractArticle } from '../shared/extract/index.js';
import { startDynamoDbLocal } from '../shared/local/dynamodb-local.js';
import { benchPairQuery, benchUnchangedPoll } from './bench-store.js';
import { benchScale } from './bench-scale.js';
import { benchInfra } from './bench-infra.js';

const SHARED_DIR = process.env.RIPOSTE_SHARED_DIR ?? path.resolve(__dirname, '..', '..', 'shared');
const READABILITY_DIR = path.join(SHARED_DIR, 'peers', 'readability');
const FAKE_URL = 'http://fakehost/test/page.html';

interface Timing {
  pages: number;
  ms: number;
  pagesPerSecond: number;
}

function time(pages: string[], rounds: number, run: (html: string) => void): Timing {
  for (const html of pages) run(html); // warm-up: JIT and lazy module loading
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const html of pages) run(html);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const n = pages.length * rounds;
  return { pages: n, ms, pagesPerSecond: (n / ms) * 1000 };
}

/** Section: extractArticle (Cheerio slim) against Readability + jsdom on the same 45 pages. */
async function benchExtraction(rounds: number): Promise<void> {
  if (!fs.existsSync(READABILITY_DIR)) {
    console.log(`extraction: skipped, Readability pages not found (team folder ../shared beside the repository)`);
    return;
  }
  const pages = fs
    .readdirSync(READABILITY_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => fs.readFileSync(path.join(READABILITY_DIR, d.name, 'source.html'), 'utf8'));
  // Dev-only dependencies, loaded here so nothing else pulls them in.
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const { Readability } = await import('@mozilla/readability');
  const virtualConsole = new VirtualConsole();

  const ours = time(pages, rounds, (html) => {
    extractArticle(html, { url: FAKE_URL });
  });
  const theirs = time(pages, Math.max(1, Math.ceil(rounds / 3)), (html) => {
    const dom = new JSDOM(html, { url: FAKE_URL, virtualConsole });
    new Readability(dom.window.document).parse();
    dom.window.close();
  });
  const ratio = ours.pagesPerSecond / theirs.pagesPerSecond;
  console.log(`extraction (${pages.length} Readability test pages)`);
  console.log(`  riposte extractArticle (cheerio/slim): ${ours.pagesPerSecond.toFixed(1)} pages/s  (${ours.pages} pages in ${ours.ms.toFixed(0)} ms)`);
  console.log(`  @mozilla/readability + jsdom:         ${theirs.pagesPerSecond.toFixed(1)} pages/s  (${theirs.pages} pages in ${theirs.ms.toFixed(0)} ms)`);
  console.log(`  ratio: ${ratio.toFixed(1)}×`);
}

/** Sections: the store's pair query over 10,000 events and the writes of an unchanged poll; 1,000 feeds polled twice. */
async function benchStoreAndScale(sections: Set<string>): Promise<void> {
  const local = await startDynamoDbLocal({ inMemory: true });
  try {
    if (sections.has('store')) {
      const pair = await benchPairQuery({ endpoint: local.endpoint });
      console.log(`\nstore (DynamoDB Local, ${pair.events} events stored)`);
      console.log(
        `  pair query both ways (${pair.pairEvents} events): median ${pair.medianMs.toFixed(1)} ms (min ${pair.minMs.toFixed(1)}, max ${pair.maxMs.toFixed(1)}; first page of 50: ${pair.firstPageMedianMs.toFixed(1)} ms); goal < ${pair.goalMs} ms`,
      );
      const poll = await benchUnchangedPoll({ endpoint: local.endpoint });
      console.log(`  writes of a poll of ${poll.feeds} unchanged feeds: ${poll.secondCycleWrites} (first cycle: ${poll.firstCycleWrites}); goal 0`);
    }
    if (sections.has('scale')) {
      const scale = await benchScale({ endpoint: local.endpoint });
      console.log(`\nscale (${scale.feeds} feeds on loopback, ${scale.itemsPerFeed} items each)`);
      console.log(`  first cycle: ${(scale.firstCycleMs / 1000).toFixed(1)} s`);
      console.log(`  second, unchanged cycle: ${(scale.secondCycleMs / 1000).toFixed(2)} s, ${scale.secondCycleWrites} DynamoDB writes; goal ≤ 10 s and 0 writes`);
    }
  } finally {
    await local.stop();
  }
}

async function main(): Promise<void> {
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1]) || 3) : 3;
  const onlyArg = process.argv.indexOf('--only');
  const sections = new Set(onlyArg > 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : ['extraction', 'store', 'scale', 'infra']);
  if (sections.has('extraction')) await benchExtraction(rounds);
  if (sections.has('store') || sections.has('scale')) await benchStoreAndScale(sections);
  if (sections.has('infra')) {
    console.log('\nAWS functions');
    await benchInfra((line) => console.log(`  ${line}`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

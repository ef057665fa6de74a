/**
 * Benchmarks, one section per function (extraction now; store and polling can be added the same way).
 * Usage: npm run bench [-- --rounds 5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractArticle } from '../shared/extract/index.js';

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

async function main(): Promise<void> {
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1]) || 3) : 3;
  await benchExtraction(rounds);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

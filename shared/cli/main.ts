import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ACTIONS, type Action, type StoredEvent } from '../domain/event.js';
import { loadConfig } from '../domain/config.js';
import { describeError } from '../domain/errors.js';
import { extractArticle } from '../extract/index.js';
import { decodePage } from '../pipeline/decode-page.js';
import { pollCycle } from '../pipeline/poll-cycle.js';
import { channelsFromConfig } from '../pipeline/channels.js';
import { DEFAULT_DATA_DIR } from '../local/open-store.js';
import { STORE_HELP, countryCode, isoDate, withStore, type Io } from './context.js';
import { registerCommands } from './commands/index.js';
import { cycleSummary, eventsCsv, eventsTable, feedsTable, pairRounds } from './format.js';
import { MAX_PAGE_SIZE, type EventQuery, type FeedState } from '../store/event-store.js';
import { buildChain } from '../match/chains.js';

/** The page size of `history --cursor` without --limit. */
const DEFAULT_HISTORY_PAGE = 50;



const defaultIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Runs `riposte` with argv (as process.argv) and resolves to the exit status. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let status = 0;
  const program = new Command()
    .name('riposte')
    .description('Track diplomatic expulsions and the tit-for-tat rounds that follow them.')
    .addHelpText('after', STORE_HELP)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();

  program
    .command('extract')
    .description('read saved article pages (HTML): no network, no store')
    .option('--with-text', 'also print the extracted main text')
    .option('--url <url>', 'the address the page was saved from')
    .option('--published <date>', 'publication date YYYY-MM-DD (overrides the page)', isoDate)
    .argument('<file...>', 'saved HTML pages')
    .action(async (files: string[], opts: { withText?: boolean; url?: string; published?: string }) => {
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (error) {
          io.out(JSON.stringify({ file, error: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}` }));
          status = 1;
          continue;
        }
        const article = extractArticle(decodePage(bytes, null), { url: opts.url, published: opts.published ?? null });
        const line: Record<string, unknown> = { file, title: article.title, published: article.published, events: article.events };
        if (opts.withText) line.text = article.text;
        io.out(JSON.stringify(line));
      }
    });

  program
    .command('poll')
    .description('one poll cycle over the config\'s feeds: fetch, extract, store, match, alert')
    .requiredOption('--config <file>', 'the configuration file (JSON)')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .addHelpText('after', STORE_HELP)
    .action(async (opts: { config: string; dataDir: string }) => {
      const config = await loadConfig(opts.config);
      await withStore(opts.dataDir, async ({ store }) => {
        const channels = channelsFromConfig(config);
        try {
          const report = await pollCycle({ store, config, channels });
          io.out(cycleSummary(report));
        } finally {
          await channels.close();
        }
      });
    });

  program
    .command('history')
    .description('stored events, newest first')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--country <XX>', 'events where this country is either side', countryCode)
    .option('--with <YY>', 'with --country: only the pair, both ways, followed by its rounds in order', countryCode)
    .option('--since <date>', 'from this date (YYYY-MM-DD)', isoDate)
    .option('--until <date>', 'up to this date (YYYY-MM-DD)', isoDate)
    .addOption(new Option('--action <action>', 'only this action').choices([...ACTIONS]))
    .addOption(new Option('--json', 'print a JSON array of events').conflicts('csv'))
    .option('--csv', 'print CSV (RFC 4180, with a header row)')
    .option('--limit <n>', `one page of at most n events (1-${MAX_PAGE_SIZE}); the next page's --cursor is printed`, pageSize)
    .option('--cursor <cursor>', 'the next page of the same query, as printed by the previous page')
    .addHelpText(
      'after',
      `
Paging: with --limit (or --cursor), one page is printed; when more follow, the table ends with
the --cursor to pass for the next page, and with --json or --csv it goes to stderr, so stdout
stays one JSON array or one CSV document.
${STORE_HELP}`,
    )
    .action(
      async (opts: {
        dataDir: string;
        country?: string;
        with?: string;
        since?: string;
        until?: string;
        action?: Action;
        json?: boolean;
        csv?: boolean;
        limit?: number;
        cursor?: string;
      }) => {
        if (opts.with && !opts.country) throw new InvalidArgumentError('--with needs --country');
        await withStore(opts.dataDir, async ({ store }) => {
          const query: EventQuery = { country: opts.country, with: opts.with, since: opts.since, until: opts.until, action: opts.action };
          const paged = opts.limit !== undefined || opts.cursor !== undefined;
          let events: StoredEvent[];
          let next: string | null = null;
          if (paged) {
            if (!store.findEventsPage) throw new Error('this store cannot page; leave out --limit and --cursor');
            ({ events, cursor: next } = await store.findEventsPage({ ...query, limit: opts.limit ?? DEFAULT_HISTORY_PAGE, cursor: opts.cursor }));
          } else {
            events = await store.findEvents(query);
          }

          if (opts.json || opts.csv) {
            io.out(opts.json ? JSON.stringify(events, null, 2) : eventsCsv(events));
            if (next) io.err(`next page: --cursor ${next}`);
            return;
          }
          const parts = [eventsTable(events)];
          if (opts.country && opts.with) {
            // Round numbers come from the whole pair (within the filters), even when one page is shown.
            const pair = paged ? await store.findEvents(query) : events;
            parts.push(pairRounds(buildChain(pair), paged ? new Set(events.map((e) => e.id)) : undefined));
          }
          if (next) parts.push(`More events: run again with --cursor ${next}`);
          io.out(parts.join('\n\n'));
        });
      },
    );

  program
    .command('feeds')
    .description('the state of each feed after the last cycle')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--config <file>', 'also list configured feeds never polled (status "never")')
    .option('--json', 'print a JSON array')
    .addHelpText('after', STORE_HELP)
    .action(async (opts: { dataDir: string; config?: string; json?: boolean }) => {
      const config = opts.config ? await loadConfig(opts.config) : null;
      await withStore(opts.dataDir, async ({ store }) => {
        const states = await store.listFeedStates();
        const byUrl = new Map(states.map((s) => [s.url, s]));
        const feeds: FeedState[] = config
          ? config.feeds.map((f) => byUrl.get(f.url) ?? neverPolled(f.name, f.url))
          : states;
        if (opts.json) {
          io.out(
            JSON.stringify(
              feeds.map((f) => ({ name: f.name, url: f.url, status: f.status, error: f.error, items: f.items, lastPolledAt: f.lastPolledAt })),
              null,
              2,
            ),
          );
        } else io.out(feedsTable(feeds));
      });
    });

  registerCommands(program, { io, setStatus: (code) => void (status = code) });

  try {
    await program.parseAsync(argv);
    return status;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    io.err(`riposte: ${describeError(error)}`);
    return 1;
  }
}

function pageSize(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_PAGE_SIZE) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

function neverPolled(name: string, url: string): FeedState {
  return { name, url, status: 'never', error: null, items: 0, lastPolledAt: null, etag: null, lastModified: null, consecutiveFailures: 0 };
}


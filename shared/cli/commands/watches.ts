import { InvalidArgumentError, type Command } from 'commander';
import { effectiveDate } from '../../domain/event.js';
import { DEFAULT_DATA_DIR } from '../../local/open-store.js';
import { DEFAULT_WINDOW_DAYS } from '../../match/match-rounds.js';
import { openWatches } from '../../pipeline/watches.js';
import { STORE_HELP, isoDate, withStore, type CommandContext } from '../context.js';

/** `riposte watches`: the measures still waiting for the other state's answer, longest first. */
export function register(program: Command, { io }: CommandContext): void {
  program
    .command('watches')
    .description("open rounds: measures the other state has not answered yet, within the matching window")
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--window-days <days>', `how long an answer is awaited (default ${DEFAULT_WINDOW_DAYS}, as config matching.windowDays)`, positiveInt)
    .option('--today <date>', 'count the days to this date (YYYY-MM-DD) instead of today', isoDate)
    .option('--json', 'print a JSON array')
    .addHelpText('after', STORE_HELP)
    .action(async (opts: { dataDir: string; windowDays?: number; today?: string; json?: boolean }) => {
      const clock = opts.today ? () => new Date(`${opts.today}T12:00:00Z`) : undefined;
      await withStore(opts.dataDir, async ({ store }) => {
        const watches = await openWatches(store, { windowDays: opts.windowDays, clock });
        if (opts.json) {
          io.out(
            JSON.stringify(
              watches.map((w) => ({
                eventId: w.event.id,
                expelling: w.event.expelling_country,
                expelled: w.event.expelled_country,
                action: w.event.action,
                count: w.event.count,
                date: effectiveDate(w.event),
                waiting: w.waiting,
                days: w.days,
                windowEnds: w.windowEnds,
                text: w.words,
              })),
              null,
              2,
            ),
          );
        } else {
          io.out(watches.length === 0 ? 'No open rounds: every recent measure has been answered, or none is stored.' : watches.map((w) => w.words).join('\n'));
        }
      });
    });
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of days');
  return n;
}

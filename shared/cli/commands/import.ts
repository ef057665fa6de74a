import { InvalidArgumentError, type Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { DEFAULT_DATA_DIR } from '../../local/open-store.js';
import { DEFAULT_WINDOW_DAYS } from '../../match/index.js';
import { importRecord, loadRecordFile, type ImportRecordResult } from '../../pipeline/import-record.js';
import { STORE_HELP, withStore, type CommandContext } from '../context.js';

/** `riposte import FILE`: stores a record of past rounds; a second import of the same file changes nothing. */
export function register(program: Command, { io }: CommandContext): void {
  program
    .command('import')
    .description('store a record of past measures (JSON) and link the rounds among them; importing again changes nothing')
    .argument('<file>', 'the record file, e.g. shared/local/record/past-rounds.json')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .option('--window-days <days>', `how far apart two measures of a round may be (default ${DEFAULT_WINDOW_DAYS})`, positiveInt)
    .option('--json', 'print the counts as JSON')
    .addHelpText('after', STORE_HELP)
    .action(async (file: string, opts: { dataDir: string; windowDays?: number; json?: boolean }) => {
      // Read and parse before the store starts: a broken file costs no JVM start-up.
      const records = await loadRecordFile(file);
      await withStore(opts.dataDir, async ({ store }) => {
        const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ stream: process.stderr, hideCursor: true, format: 'importing {bar} {value}/{total}' }, Presets.shades_classic) : null;
        let result: ImportRecordResult;
        try {
          result = await importRecord(store, records, {
            windowDays: opts.windowDays,
            onProgress: (done, total) => {
              if (!bar) return;
              if (done === 1) bar.start(total, 0);
              bar.update(done);
            },
          });
        } finally {
          bar?.stop();
        }
        io.out(opts.json ? JSON.stringify(result) : importSummary(file, result));
      });
    });
}

/** "past-rounds.json: 245 entries — 245 created, 0 merged, 0 duplicate; 180 rounds linked." */
export function importSummary(file: string, r: ImportRecordResult): string {
  const unchanged = r.created === 0 && r.merged === 0 && r.rounds === 0 && r.total > 0 ? ' Nothing changed: already imported.' : '';
  return `${file}: ${r.total} entries — ${r.created} created, ${r.merged} merged, ${r.duplicate} duplicate; ${r.rounds} rounds linked.${unchanged}`;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of days');
  return n;
}

import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import type { AlertRecord, DeliveryStatus } from '../../domain/alert.js';
import { loadConfig } from '../../domain/config.js';
import { retryAlerts, type DispatchReport } from '../../alert/index.js';
import { channelsFromConfig } from '../../pipeline/channels.js';
import { DEFAULT_DATA_DIR } from '../../local/open-store.js';
import { STORE_HELP, withStore, type CommandContext } from '../context.js';

/**
 * `riposte alerts`: the delivery records, as a table or JSON; `riposte alerts retry`: sends the
 * failed ones (and pending ones left by an interrupted run) again with the config's channels.
 */
export function register(program: Command, { io, setStatus }: CommandContext): void {
  const alerts = program
    .command('alerts')
    .description('alert deliveries: id, subscriber, channel, event, status, tries, last error, times')
    .option('--data-dir <dir>', 'where the embedded store keeps its data', DEFAULT_DATA_DIR)
    .addOption(new Option('--status <status>', 'only deliveries in this state').choices(['pending', 'sent', 'failed']))
    .option('--json', 'print a JSON array')
    .addHelpText('after', STORE_HELP)
    .action(async (opts: { dataDir: string; status?: DeliveryStatus; json?: boolean }) => {
      await withStore(opts.dataDir, async ({ store }) => {
        const records = await store.listAlerts(opts.status ? { status: opts.status } : {});
        io.out(opts.json ? JSON.stringify(records.map(deliveryView), null, 2) : deliveriesTable(records));
      });
    });

  alerts
    .command('retry')
    .description('send failed deliveries (and pending ones of an interrupted run) again; exit 1 unless all go out')
    .requiredOption('--config <file>', 'the configuration file (JSON): subscribers and channels as they are now')
    .option('--id <alertId>', 'only this alert')
    // --data-dir belongs to `alerts` and is read from there, wherever it is written.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', STORE_HELP)
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ config: string; id?: string; dataDir: string }>();
      const config = await loadConfig(opts.config);
      await withStore(opts.dataDir, async ({ store }) => {
        const channels = channelsFromConfig(config);
        try {
          const report = await retryAlerts(
            { store, subscribers: config.subscribers, channels, emailFrom: config.email?.from, allowPrivate: config.network.allowPrivate },
            opts.id ? { alertId: opts.id } : {},
          );
          const { text, ok } = retrySummary(report, opts.id);
          io.out(text);
          if (!ok) setStatus(1);
        } finally {
          await channels.close();
        }
      });
    });
}

/** One delivery as `riposte alerts --json` prints it: the record without the alert body. */
export function deliveryView(record: AlertRecord) {
  return {
    id: record.id,
    subscriber: record.subscriber,
    channel: record.channel,
    eventId: record.eventId,
    event: `${record.alert.event.expelling_country}→${record.alert.event.expelled_country}`,
    status: record.status,
    attempts: record.attempts,
    lastError: record.lastError,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function deliveriesTable(records: AlertRecord[]): string {
  if (records.length === 0) return 'No alert deliveries recorded.';
  const table = new Table({
    head: ['alert', 'subscriber', 'channel', 'event', 'status', 'tries', 'last error', 'created', 'updated'],
    style: { head: [], border: [] },
  });
  for (const r of records.map(deliveryView)) {
    table.push([r.id, r.subscriber, r.channel, r.event, r.status, r.attempts, r.lastError ?? '', r.createdAt, r.updatedAt]);
  }
  return table.toString();
}

/** The retry's summary, and whether every delivery it found went out. */
export function retrySummary(report: DispatchReport, alertId?: string): { text: string; ok: boolean } {
  const found = report.sent + report.failed + report.skipped + report.inFlight;
  if (found === 0) {
    return alertId
      ? { text: `No failed or pending delivery of alert ${alertId}.`, ok: false }
      : { text: 'Nothing to retry: no failed or pending deliveries.', ok: true };
  }
  const lines = [
    `Retried ${found} ${found === 1 ? 'delivery' : 'deliveries'}: ${report.sent} sent, ${report.failed} failed, ${report.skipped} skipped (no longer configured), ${report.inFlight} left to a run still sending them.`,
    ...report.lines.map((line) => `  ${line}`),
  ];
  const ok = report.failed + report.skipped + report.inFlight === 0;
  if (!ok) lines.push('Not every delivery went out; they are kept and can be retried again.');
  return { text: lines.join('\n'), ok };
}

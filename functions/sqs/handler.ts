import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { configWithSecrets, deployedConfig, requireEnv } from '../../shared/pipeline/deployed-config.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { parseWorkMessage } from '../../shared/pipeline/work-messages.js';
import { runWork, type WorkBatch, type WorkOutcome } from '../../shared/pipeline/run-work.js';
import { HostGate } from '../../shared/fetch/index.js';
import { cycleCounts } from '../../shared/pipeline/cycle-counts.js';
import { secretsManagerReader } from '../adapters/secrets-manager.js';
import { addCounts, observability } from '../adapters/observability.js';

const { logger, metrics } = observability('riposte-worker');
const deployable = deployedConfig();
const config = configWithSecrets(deployable, secretsManagerReader());
const store = new DynamoEventStore({ tableName: requireEnv('RIPOSTE_TABLE'), client: new DynamoDBClient({}) });
// On AWS email goes through SES whatever the file says about SMTP (CONTRACT.md, configuration).
const channels = channelsFromConfig({ ...deployable.config, email: deployable.config.email && { from: deployable.config.email.from } });
const processor = new BatchProcessor(EventType.SQS);

async function work(record: SQSRecord, batch: WorkBatch): Promise<void> {
  const outcome = await runWork(parseWorkMessage(record.body), { store, config: await config(), channels, batch });
  report(outcome);
}

/**
 * SQS batch of work messages, all polled at once under one per-host gate; article fetches stop
 * starting after three quarters of the time left (the rest is deferred to the next tick). A
 * message that fails is retried alone (partial batch response), then dead-lettered.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  const batch = { gate: new HostGate(), deadline: Date.now() + 0.75 * context.getRemainingTimeInMillis() };
  try {
    return await processPartialResponse(event, (record: SQSRecord) => work(record, batch), processor, { context });
  } finally {
    metrics.publishStoredMetrics();
  }
};

/**
 * Two custom metrics only (each costs $0.30 a month): events found, deliveries failed (alarmed).
 * A quiet poll logs at debug: at 200 feeds every 5 minutes, one info line per poll would cost
 * more in CloudWatch Logs ingestion than the functions themselves.
 */
function report(outcome: WorkOutcome): void {
  if (outcome.kind === 'unknown-feed') return logger.warn('feed no longer configured, message dropped', { feed: outcome.feed });
  if (outcome.kind === 'resume-alerts') {
    const { sent, failed, inFlight } = outcome.report;
    addCounts(metrics, { alertsFailed: failed });
    if (sent + failed + inFlight > 0) logger.info('pending alerts resumed', { sent, failed, inFlight });
    return;
  }
  const counts = cycleCounts(outcome.report);
  addCounts(metrics, { eventsCreated: counts.eventsCreated, alertsFailed: counts.alertsFailed });
  const stale = outcome.report.feeds[0]?.staleState === true;
  const quiet = counts.articles === 0 && counts.feedsFailed === 0 && counts.alertsSent + counts.alertsFailed === 0 && !stale;
  logger[quiet ? 'debug' : 'info']('feed polled', { feed: outcome.feed, ...counts, error: outcome.report.feeds[0]?.error ?? null, ...(stale ? { staleState: true } : {}) });
}

import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { deployedConfig, requireEnv } from '../../shared/pipeline/deployed-config.js';
import { scheduleCycle } from '../../shared/pipeline/plan-cycle.js';
import { SqsWorkQueue } from '../adapters/sqs-work-queue.js';
import { observability } from '../adapters/observability.js';

const { logger } = observability('riposte-schedule');
// The planner reads feed state and queues work: it needs no webhook secret.
const { config } = deployedConfig();
const store = new DynamoEventStore({ tableName: requireEnv('RIPOSTE_TABLE'), client: new DynamoDBClient({}) });
const queue = new SqsWorkQueue({ queueUrl: requireEnv('RIPOSTE_WORK_QUEUE_URL') });
const everyMinutes = Number(requireEnv('RIPOSTE_POLL_EVERY_MINUTES'));

/** EventBridge Scheduler tick: queue one message per due feed, and one to resume pending alerts. */
export const handler = async (event: Partial<ScheduledEvent>) => {
  const counts = await scheduleCycle({ store, config, queue, everyMinutes });
  logger.info('tick planned', { scheduledAt: event.time, ...counts });
  return counts;
};

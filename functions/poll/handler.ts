import type { ScheduledEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { configFromEnvironment, requireEnv } from '../../shared/pipeline/environment.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { pollCycle } from '../../shared/pipeline/poll-cycle.js';
import { cycleCounts } from '../../shared/pipeline/cycle-counts.js';

const logger = new Logger({ serviceName: 'riposte-poll' });
const config = configFromEnvironment();
const store = new DynamoEventStore({ tableName: requireEnv('RIPOSTE_TABLE'), client: new DynamoDBClient({}) });
const channels = channelsFromConfig(config);

/** Scheduled poll: one cycle over the configured feeds, the same use case as `riposte poll`. */
export const handler = async (event: ScheduledEvent) => {
  logger.appendKeys({ scheduledAt: event.time });
  const report = await pollCycle({ store, config, channels });
  const counts = cycleCounts(report);
  logger.info('poll cycle finished', { ...counts });
  return counts;
};

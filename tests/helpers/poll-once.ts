/**
 * One poll cycle in a process of its own, for the crash tests (tests/integration/faults.test.ts):
 * the config comes as JSON in RIPOSTE_TEST_CONFIG, the store is a DynamoDB-compatible endpoint
 * (AWS_ENDPOINT_URL_DYNAMODB) and table (RIPOSTE_TABLE). Prints `done` when the cycle completes.
 */
import { parseConfig } from '../../shared/domain/config.js';
import { createLocalClient } from '../../shared/local/dynamodb-local.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { pollCycle } from '../../shared/pipeline/poll-cycle.js';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';

async function main(): Promise<void> {
  const config = parseConfig(JSON.parse(process.env.RIPOSTE_TEST_CONFIG ?? '{}'));
  const client = createLocalClient(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
  const store = new DynamoEventStore({ tableName: process.env.RIPOSTE_TABLE!, client });
  const channels = channelsFromConfig(config);
  process.stdout.write('started\n');
  try {
    await pollCycle({ store, config, channels });
    process.stdout.write('done\n');
  } finally {
    await channels.close();
    client.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`poll-once: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

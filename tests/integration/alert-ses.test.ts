import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../shared/alert/index.js';

/** A loopback stand-in for the SES v2 endpoint that records what it is sent. */
let server: Server;
const requests: Array<{ method: string; path: string; body: Record<string, unknown> }> = [];
let answerStatus = 200;
let client: SESv2Client;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ method: req.method ?? '', path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
    res.writeHead(answerStatus, { 'Content-Type': 'application/json' });
    res.end(answerStatus === 200 ? JSON.stringify({ MessageId: 'm-1' }) : JSON.stringify({ message: 'Email address is not verified.' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new SESv2Client({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('SesMailer', () => {
  const message = {
    from: 'riposte@example.org',
    to: 'desk@example.org',
    subject: 'Russia answers the United States: 60 diplomats expelled',
    text: 'plain',
    html: '<p>escaped</p>',
  };

  it('sends one SendEmail with the subject, both parts and the recipient', async () => {
    await new SesMailer({ client, configurationSetName: 'riposte' }).send(message);

    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/v2/email/outbound-emails',
      body: {
        FromEmailAddress: 'riposte@example.org',
        Destination: { ToAddresses: ['desk@example.org'] },
        ConfigurationSetName: 'riposte',
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: 'plain', Charset: 'UTF-8' }, Html: { Data: '<p>escaped</p>', Charset: 'UTF-8' } },
          },
        },
      },
    });
  });

  it('throws when SES refuses the message, so the delivery is recorded as failed', async () => {
    answerStatus = 400;
    await expect(new SesMailer({ client }).send(message)).rejects.toThrow();
    answerStatus = 200;
  });
});

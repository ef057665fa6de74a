import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '../domain/alert.js';
import { verifySignature } from '../alert/index.js';

export interface ReceivedDelivery {
  deliveryId: string | null;
  signatureValid: boolean;
  alert: Alert;
  receivedAt: string;
}

export interface WebhookReceiver {
  url: string;
  /** Deliveries answered 2xx, in arrival order. */
  readonly received: ReceivedDelivery[];
  /** Every request, including those answered with an error. */
  readonly attempts: number;
  close(): Promise<void>;
}

/**
 * A subscriber's webhook endpoint on loopback, as a user would run one: it checks the
 * signature, answers 401 when it is wrong, and keeps what it received. `failFirst` answers the
 * first n requests with 503, `hangFirst` leaves the first n unanswered (a timeout).
 */
export async function startWebhookReceiver(options: {
  secret: string;
  failFirst?: number;
  hangFirst?: number;
  onDelivery?: (delivery: ReceivedDelivery) => void;
}): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  let attempts = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      attempts++;
      if (attempts <= (options.hangFirst ?? 0)) return; // never answered
      if (attempts <= (options.hangFirst ?? 0) + (options.failFirst ?? 0)) {
        res.writeHead(503).end('try later');
        return;
      }
      const body = Buffer.concat(chunks);
      const header = req.headers['x-riposte-signature'];
      const signatureValid = verifySignature(body, options.secret, Array.isArray(header) ? header[0] : header);
      if (!signatureValid) {
        res.writeHead(401).end('bad signature');
        return;
      }
      const delivery: ReceivedDelivery = {
        deliveryId: (req.headers['x-riposte-delivery'] as string | undefined) ?? null,
        signatureValid,
        alert: JSON.parse(body.toString('utf8')) as Alert,
        receivedAt: new Date().toISOString(),
      };
      received.push(delivery);
      options.onDelivery?.(delivery);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/riposte`,
    received,
    get attempts() {
      return attempts;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

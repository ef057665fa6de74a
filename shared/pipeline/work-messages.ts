import { RiposteError } from '../domain/errors.js';

/**
 * The units of work the scheduled planner hands to the feed workers (on AWS, one SQS message
 * each): poll one feed, or send the alert deliveries an interrupted run left pending.
 */
export type WorkMessage = { kind: 'poll-feed'; feed: string; url: string } | { kind: 'resume-alerts' };

/** Where the planner puts work. Throws when a message could not be queued. */
export interface WorkQueue {
  send(messages: WorkMessage[]): Promise<void>;
}

/** A message body as received; anything but a WorkMessage is refused, saying why. (No zod here: it would triple the bundles.) */
export function parseWorkMessage(body: string): WorkMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new RiposteError('config_invalid', 'work message is not JSON', { cause });
  }
  const m = json as Record<string, unknown> | null;
  if (m?.kind === 'resume-alerts' && Object.keys(m).length === 1) return { kind: 'resume-alerts' };
  if (m?.kind === 'poll-feed' && typeof m.feed === 'string' && m.feed && typeof m.url === 'string' && m.url && Object.keys(m).length === 3) {
    return { kind: 'poll-feed', feed: m.feed, url: m.url };
  }
  throw new RiposteError('config_invalid', `not a work message: ${body.slice(0, 200)}`);
}

/** An in-process queue (tests, local runs): keeps what it is sent. */
export class MemoryWorkQueue implements WorkQueue {
  readonly sent: WorkMessage[] = [];
  async send(messages: WorkMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
}

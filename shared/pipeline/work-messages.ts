import { z } from 'zod';
import { RiposteError } from '../domain/errors.js';

/**
 * The units of work the scheduled planner hands to the feed workers (on AWS, one SQS message
 * each): poll one feed, or send the alert deliveries an interrupted run left pending.
 */
export const WorkMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('poll-feed'), feed: z.string().min(1), url: z.string().min(1) }),
  z.strictObject({ kind: z.literal('resume-alerts') }),
]);
export type WorkMessage = z.infer<typeof WorkMessageSchema>;

/** Where the planner puts work. Throws when a message could not be queued. */
export interface WorkQueue {
  send(messages: WorkMessage[]): Promise<void>;
}

/** A message body as received; a body that is not a WorkMessage is refused by name. */
export function parseWorkMessage(body: string): WorkMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new RiposteError('config_invalid', 'work message is not JSON', { cause });
  }
  const parsed = WorkMessageSchema.safeParse(json);
  if (!parsed.success) throw new RiposteError('config_invalid', `not a work message: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { cause: parsed.error });
  return parsed.data;
}

/** An in-process queue (tests, local runs): keeps what it is sent. */
export class MemoryWorkQueue implements WorkQueue {
  readonly sent: WorkMessage[] = [];
  async send(messages: WorkMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
}

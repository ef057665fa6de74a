import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { RiposteError } from '../../shared/domain/errors.js';
import type { WorkMessage, WorkQueue } from '../../shared/pipeline/work-messages.js';

/** SQS's limit on entries per SendMessageBatch. */
const BATCH = 10;

/** The work queue on Amazon SQS: messages sent ten to a request; a refused entry throws. */
export class SqsWorkQueue implements WorkQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(options: { queueUrl: string; client?: SQSClient }) {
    this.queueUrl = options.queueUrl;
    this.client = options.client ?? new SQSClient({});
  }

  /** All batches at once: the schedule function is billed for one round trip, not one per ten feeds. */
  async send(messages: WorkMessage[]): Promise<void> {
    const batches: WorkMessage[][] = [];
    for (let start = 0; start < messages.length; start += BATCH) batches.push(messages.slice(start, start + BATCH));
    await Promise.all(batches.map((batch, b) => this.sendBatch(batch, b * BATCH)));
  }

  private async sendBatch(messages: WorkMessage[], first: number): Promise<void> {
    const entries = messages.map((message, i) => ({ Id: String(first + i), MessageBody: JSON.stringify(message) }));
    const answer = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
    if (answer.Failed && answer.Failed.length > 0) {
      const failed = answer.Failed[0]!;
      throw new RiposteError('store_unavailable', `SQS refused ${answer.Failed.length} of ${entries.length} work messages (${failed.Code}: ${failed.Message ?? ''})`);
    }
  }
}

import type { Config } from '../domain/config.js';
import { HttpWebhookSender, SesMailer, SmtpMailer, type AlertChannels } from '../alert/index.js';

/**
 * The delivery channels a config asks for: signed webhooks always; email over SMTP when
 * `email.smtp` is set (local and self-hosted), else over Amazon SES (the AWS deployment).
 */
export function channelsFromConfig(config: Config): AlertChannels & { close(): Promise<void> } {
  const webhook = new HttpWebhookSender({ allowPrivate: config.network.allowPrivate });
  const smtp = config.email?.smtp ? new SmtpMailer({ host: config.email.smtp.host, port: config.email.smtp.port }) : null;
  const mailer = smtp ?? (config.email ? new SesMailer() : undefined);
  return {
    webhook,
    mailer,
    close: async () => smtp?.close(),
  };
}

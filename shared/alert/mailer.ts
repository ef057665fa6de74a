import { createTransport } from 'nodemailer';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The port alerts are emailed through. Throws when the message was not accepted. */
export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/**
 * SMTP delivery for local and self-hosted use (config `email.smtp`): no authentication and, by
 * default, no STARTTLS, as for a relay on the same machine.
 */
export class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(options: { host: string; port: number; ignoreTLS?: boolean; timeoutMs?: number }) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      secure: false,
      ignoreTLS: options.ignoreTLS ?? true,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({ ...message, disableFileAccess: true, disableUrlAccess: true });
  }

  close(): void {
    this.transport.close();
  }
}

/** Amazon SES (v2 API) delivery, for the AWS deployment. The client is injectable. */
export class SesMailer implements Mailer {
  private readonly client: SESv2Client;
  private readonly configurationSetName: string | undefined;

  constructor(options: { client?: SESv2Client; configurationSetName?: string } = {}) {
    this.client = options.client ?? new SESv2Client({});
    this.configurationSetName = options.configurationSetName;
  }

  async send(message: EmailMessage): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
        },
        ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
      }),
    );
  }
}

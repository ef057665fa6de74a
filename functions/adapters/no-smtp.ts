/**
 * Stands in for nodemailer in the Lambda bundles (esbuild alias, infra/riposte-function.ts): on AWS
 * email goes through SES, and the SMTP mailer (237 KB) is never constructed.
 */
export function createTransport(): never {
  throw new Error('SMTP is not available in the Lambda bundle: email goes through Amazon SES');
}

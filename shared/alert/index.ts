export { alertId } from './alert-id.js';
export { signBody, verifySignature } from './signature.js';
export { backoffDelay, withRetries, type RetryPolicy, type AttemptOutcome } from './retry.js';
export {
  HttpWebhookSender,
  createWebhookSender,
  DEFAULT_WEBHOOK_RETRY,
  WEBHOOK_TIMEOUT_MS,
  WEBHOOK_USER_AGENT,
  type WebhookOptions,
  type WebhookRequest,
  type WebhookResult,
  type WebhookSender,
  type WebhookTarget,
} from './webhook.js';
export { renderEmail, describeMeasure, escapeHtml, safeUrl, type RenderedEmail } from './email.js';
export { SmtpMailer, SesMailer, type EmailMessage, type Mailer } from './mailer.js';
export {
  dispatchAlerts,
  DEFAULT_PENDING_LEASE_MS,
  retryAlerts,
  wants,
  type AlertChannels,
  type AlertDeps,
  type DeliveryOutcome,
  type DeliveryOutcomeStatus,
  type DispatchReport,
  type RoundToAlert,
} from './dispatch.js';

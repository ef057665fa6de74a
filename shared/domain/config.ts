import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { RiposteError } from './errors.js';

/**
 * The configuration file, one schema that both checks and documents it
 * (docs/CONTRACT.md, "Configuration file"). Unknown keys are refused, so a typo is named.
 */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "RU"');
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

export const FeedConfigSchema = z.strictObject({
  name: z.string().min(1),
  url: httpUrl,
});

export const SubscriberSchema = z
  .strictObject({
    name: z.string().min(1),
    webhook: z.strictObject({ url: httpUrl, secret: z.string().min(1) }).optional(),
    email: z.email().optional(),
    countries: z.array(countryCode).optional(),
    minScore: z.number().min(0).max(1).optional(),
  })
  .refine((s) => s.webhook || s.email, { message: 'a subscriber needs a webhook or an email' });

export const ConfigSchema = z
  .strictObject({
    feeds: z.array(FeedConfigSchema),
    subscribers: z.array(SubscriberSchema).default([]),
    email: z
      .strictObject({
        from: z.email(),
        smtp: z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }).optional(),
      })
      .optional(),
    network: z.strictObject({ allowPrivate: z.boolean().default(false) }).default({ allowPrivate: false }),
    matching: z.strictObject({ windowDays: z.number().int().min(1).max(3650).default(400) }).default({ windowDays: 400 }),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.feeds.forEach((feed, i) => {
      if (names.has(feed.name)) ctx.addIssue({ code: 'custom', path: ['feeds', i, 'name'], message: `duplicate feed name "${feed.name}"` });
      names.add(feed.name);
    });
    if (config.subscribers.some((s) => s.email) && !config.email) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'required when a subscriber has an email' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;
export type FeedConfig = z.infer<typeof FeedConfigSchema>;
export type Subscriber = z.infer<typeof SubscriberSchema>;

/** Validates a parsed config; the error names every field that is wrong. */
export function parseConfig(input: unknown, origin = 'config'): Config {
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  throw new RiposteError('config_invalid', `${origin} is not valid:\n  ${problems.join('\n  ')}`, { cause: result.error });
}

export async function loadConfig(file: string): Promise<Config> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (cause) {
    throw new RiposteError('config_unreadable', `cannot read config file ${file}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new RiposteError('config_invalid', `${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(json, file);
}

/**
 * Deployed configs name webhook secrets instead of holding them: `"secret": {"secretName": "..."}`
 * is an AWS Secrets Manager secret whose SecretString is the HMAC key, read by the functions at
 * cold start. The plain-string form stays valid for local use (`riposte poll`, `npm start`).
 */
export const SecretRefSchema = z.strictObject({ secretName: z.string().min(1).max(512) });
export type SecretRef = z.infer<typeof SecretRefSchema>;

/** A config as deployed: plain values, plus the webhook secrets still to be read. */
export interface DeployableConfig {
  config: Config;
  /** One per subscriber whose webhook secret is a reference; `index` is its place in `subscribers`. */
  secretRefs: Array<SecretRef & { index: number; subscriber: string }>;
}

/** Stands in for a named secret until it is read; never sent anywhere (resolveSecrets replaces it). */
const UNRESOLVED_SECRET = '(secret not read yet)';

/**
 * Validates a config whose webhook secrets may be `{"secretName"}` references. The references are
 * set aside and the rest is checked by the same schema as `parseConfig`, so both give the same
 * errors, by field name.
 */
export function parseDeployableConfig(input: unknown, origin = 'config'): DeployableConfig {
  const secretRefs: DeployableConfig['secretRefs'] = [];
  const problems: string[] = [];
  const copy = structuredClone(input) as { subscribers?: unknown };
  if (copy && typeof copy === 'object' && Array.isArray(copy.subscribers)) {
    copy.subscribers.forEach((subscriber: unknown, i: number) => {
      const webhook = (subscriber as { webhook?: { secret?: unknown } } | null)?.webhook;
      if (!webhook || typeof webhook.secret !== 'object' || webhook.secret === null) return;
      const ref = SecretRefSchema.safeParse(webhook.secret);
      if (!ref.success) {
        problems.push(`subscribers.${i}.webhook.secret: a string, or {"secretName": "..."} naming a Secrets Manager secret`);
        return;
      }
      const name = (subscriber as { name?: unknown }).name;
      secretRefs.push({ ...ref.data, index: i, subscriber: typeof name === 'string' ? name : `#${i}` });
      webhook.secret = UNRESOLVED_SECRET;
    });
  }
  if (problems.length > 0) throw new RiposteError('config_invalid', `${origin} is not valid:\n  ${problems.join('\n  ')}`);
  return { config: parseConfig(copy, origin), secretRefs };
}

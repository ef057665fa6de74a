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

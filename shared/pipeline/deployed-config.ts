import type { Config, DeployableConfig } from '../domain/config.js';
import { RiposteError } from '../domain/errors.js';

/*
 * This module and the function handlers import nothing from shared/domain/config.ts at run
 * time: it pulls in zod with all its locales (≈ 450 KB of bundle) to
 * check a config that was already checked at synth.
 */

/** Put into each function bundle at synth by the stack (esbuild `define`). */
declare const __RIPOSTE_DEPLOYED_CONFIG__: string | undefined;

/** The environment variable that holds the same JSON when the bundle does not (tests, a function run by hand). */
export const DEPLOYED_CONFIG_VARIABLE = 'RIPOSTE_DEPLOYED_CONFIG';

/**
 * The config a deployed function runs with: the output of `parseDeployableConfig` at synth
 * (defaults applied, webhook secrets as references), as JSON. The stack compiles it into the
 * bundle, as Lambda's 4 KB of environment would not hold 200 feeds. Webhook secrets are read
 * later, by `configWithSecrets`.
 */
export function deployedConfig(env: NodeJS.ProcessEnv = process.env): DeployableConfig {
  const raw = typeof __RIPOSTE_DEPLOYED_CONFIG__ === 'string' ? __RIPOSTE_DEPLOYED_CONFIG__ : requireEnv(DEPLOYED_CONFIG_VARIABLE, env);
  let json: Partial<DeployableConfig> | null;
  try {
    json = JSON.parse(raw) as Partial<DeployableConfig> | null;
  } catch (cause) {
    throw new RiposteError('config_invalid', 'the deployed config is not valid JSON', { cause });
  }
  const config = json?.config;
  if (!config || !Array.isArray(config.feeds) || !Array.isArray(config.subscribers) || !config.network || !config.matching || !Array.isArray(json?.secretRefs)) {
    throw new RiposteError('config_invalid', 'the deployed config is not the output of parseDeployableConfig (synth writes it; see infra/app.ts)');
  }
  return json as DeployableConfig;
}

/** A setting a function cannot run without: missing means the deployment is wrong, said by name. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new RiposteError('config_invalid', `environment variable ${name} is not set`);
  return value;
}

/** The config with every named secret read through `readSecret` (one call per distinct name). */
export async function resolveSecrets(deployable: DeployableConfig, readSecret: (secretName: string) => Promise<string>): Promise<Config> {
  const names = [...new Set(deployable.secretRefs.map((ref) => ref.secretName))];
  const values = new Map(await Promise.all(names.map(async (name) => [name, await readSecret(name)] as const)));
  return {
    ...deployable.config,
    subscribers: deployable.config.subscribers.map((subscriber, index) => {
      const ref = deployable.secretRefs.find((r) => r.index === index);
      if (!ref || !subscriber.webhook) return subscriber;
      return { ...subscriber, webhook: { ...subscriber.webhook, secret: values.get(ref.secretName)! } };
    }),
  };
}

/**
 * The config with its webhook secrets read once per cold start, then again every `maxAgeMs`
 * (default 15 min) so that a rotated secret is picked up without a deploy. A failed read is not
 * cached: the next message tries again.
 */
export function configWithSecrets(
  deployable: DeployableConfig,
  readSecret: (secretName: string) => Promise<string>,
  options: { maxAgeMs?: number; clock?: () => number } = {},
): () => Promise<Config> {
  const maxAge = options.maxAgeMs ?? 15 * 60_000;
  const now = options.clock ?? Date.now;
  let cached: { at: number; config: Promise<Config> } | null = null;
  return () => {
    if (deployable.secretRefs.length === 0) return Promise.resolve(deployable.config);
    if (!cached || now() - cached.at > maxAge) {
      const config = resolveSecrets(deployable, readSecret);
      const entry = { at: now(), config };
      cached = entry;
      config.catch(() => {
        if (cached === entry) cached = null;
      });
    }
    return cached.config;
  };
}

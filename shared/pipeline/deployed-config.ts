import { parseDeployableConfig, resolveSecrets, type Config, type DeployableConfig } from '../domain/config.js';
import { RiposteError } from '../domain/errors.js';
import { requireEnv } from './environment.js';

/** Put into each function bundle at synth by the stack (esbuild `define`): the validated config file. */
declare const __RIPOSTE_CONFIG__: string | undefined;

/**
 * The config a deployed function runs with. The stack writes the config file, validated at synth,
 * into the bundle, as Lambda's 4 KB of environment would not hold 200 feeds; without it (tests,
 * a function run by hand) RIPOSTE_CONFIG holds the same JSON. Webhook secrets are references,
 * read later by `configWithSecrets`.
 */
export function deployedConfig(env: NodeJS.ProcessEnv = process.env): DeployableConfig {
  const raw = typeof __RIPOSTE_CONFIG__ === 'string' ? __RIPOSTE_CONFIG__ : requireEnv('RIPOSTE_CONFIG', env);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new RiposteError('config_invalid', 'the deployed config is not valid JSON', { cause });
  }
  return parseDeployableConfig(json, 'the deployed config');
}

/**
 * The config with its webhook secrets read once per cold start, then again every `maxAgeMs`
 * (default 15 min) so that a rotated secret is picked up without a deploy. A failed read is not
 * cached: the next invocation tries again.
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

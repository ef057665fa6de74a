import { parseConfig, type Config } from '../domain/config.js';
import { RiposteError } from '../domain/errors.js';

/** A setting a function cannot run without: missing means the deployment is wrong, said by name. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new RiposteError('config_invalid', `environment variable ${name} is not set`);
  return value;
}

/** The config a Lambda runs with: validated JSON in RIPOSTE_CONFIG, put there by the stack at synth. */
export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = requireEnv('RIPOSTE_CONFIG', env);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new RiposteError('config_invalid', 'RIPOSTE_CONFIG is not valid JSON', { cause });
  }
  return parseConfig(json, 'RIPOSTE_CONFIG');
}

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RiposteError } from '../../shared/domain/errors.js';

/** Reads a secret's SecretString from AWS Secrets Manager; one client per cold start. */
export function secretsManagerReader(client: SecretsManagerClient = new SecretsManagerClient({})): (secretName: string) => Promise<string> {
  return async (secretName) => {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
    if (!answer.SecretString) throw new RiposteError('config_invalid', `secret ${secretName} has no SecretString (a webhook secret must be text)`);
    return answer.SecretString;
  };
}

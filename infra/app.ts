import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeployableConfig, type DeployableConfig } from '../shared/domain/config.js';
import { RiposteError } from '../shared/domain/errors.js';
import { StatefulStack } from './stateful-stack.js';
import { MonitorStack } from './monitor-stack.js';

/**
 * `cdk synth` / `cdk deploy`. The config file (context riposte:config) is validated here, at
 * synth: a bad one deploys nothing. cdk-nag's AwsSolutions checks run on every synth; each
 * finding left is acknowledged next to its resource, with the reason.
 */
export function buildApp(app = new App()): App {
  const configFile = path.resolve(__dirname, '..', (app.node.tryGetContext('riposte:config') as string | undefined) ?? 'config/example.config.json');
  const raw: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
  const deployable = parseDeployableConfig(raw, configFile);
  refuseUndeployable(deployable, configFile);
  const pollEveryMinutes = Number(app.node.tryGetContext('riposte:pollEveryMinutes') ?? 5);
  if (!Number.isInteger(pollEveryMinutes) || pollEveryMinutes < 1 || pollEveryMinutes > 1440) {
    throw new RiposteError('config_invalid', `context riposte:pollEveryMinutes must be a whole number of minutes from 1 to 1440, not ${pollEveryMinutes}`);
  }
  const tracing = String(app.node.tryGetContext('riposte:tracing') ?? 'false') === 'true';
  const alarmEmail = app.node.tryGetContext('riposte:alarmEmail') as string | undefined;

  const stateful = new StatefulStack(app, 'RiposteData', { description: 'Riposte: the events table (retained)' });
  new MonitorStack(app, 'RiposteMonitor', {
    description: 'Riposte: schedule, feed workers, query API, alarms',
    table: stateful.table,
    deployable,
    pollEveryMinutes,
    alarmEmail,
    tracing,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: false }));
  return app;
}

/** What a local config may hold but a deployed one must not. */
function refuseUndeployable(deployable: DeployableConfig, origin: string): void {
  const problems: string[] = [];
  deployable.config.subscribers.forEach((s, i) => {
    if (s.webhook && !deployable.secretRefs.some((r) => r.index === i)) {
      problems.push(`subscribers.${i}.webhook.secret: a deployed webhook secret must be {"secretName": "..."} (an AWS Secrets Manager secret), never the key itself`);
    }
  });
  if (deployable.config.network.allowPrivate) problems.push('network.allowPrivate: must be false when deployed (it lets feeds reach private addresses)');
  if (problems.length > 0) throw new RiposteError('config_invalid', `${origin} cannot be deployed:\n  ${problems.join('\n  ')}`);
}

if (require.main === module) buildApp().synth();

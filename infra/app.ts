import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { parseConfig } from '../shared/domain/config.js';
import { StatefulStack } from './stateful-stack.js';
import { MonitorStack } from './monitor-stack.js';

/** `cdk synth` / `cdk deploy`. The config file is validated here, at synth: a bad one deploys nothing. */
export function buildApp(app = new App()): App {
  const configFile = path.resolve(__dirname, '..', (app.node.tryGetContext('riposte:config') as string | undefined) ?? 'config/example.config.json');
  const config = parseConfig(JSON.parse(readFileSync(configFile, 'utf8')), configFile);
  const pollEveryMinutes = Number(app.node.tryGetContext('riposte:pollEveryMinutes') ?? 5);
  const stateful = new StatefulStack(app, 'RiposteData');
  new MonitorStack(app, 'RiposteMonitor', { table: stateful.table, config, pollEveryMinutes });
  return app;
}

if (require.main === module) buildApp().synth();

import path from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import type { Config } from '../shared/domain/config.js';

export interface MonitorStackProps extends StackProps {
  table: ITableV2;
  config: Config;
  /** Minutes between polls. */
  pollEveryMinutes: number;
}

const root = path.resolve(__dirname, '..');

/** The stateless part: the scheduled poll function over the table. */
export class MonitorStack extends Stack {
  readonly pollFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: MonitorStackProps) {
    super(scope, id, props);
    this.pollFunction = new NodejsFunction(this, 'Poll', {
      entry: path.join(root, 'functions/poll/handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(4),
      depsLockFilePath: path.join(root, 'package-lock.json'),
      projectRoot: root,
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: OutputFormat.CJS,
      },
      environment: {
        RIPOSTE_TABLE: props.table.tableName,
        RIPOSTE_CONFIG: JSON.stringify(props.config),
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    props.table.grantReadWriteData(this.pollFunction);

    new Schedule(this, 'PollSchedule', {
      description: 'Riposte poll cycle',
      schedule: ScheduleExpression.rate(Duration.minutes(props.pollEveryMinutes)),
      target: new LambdaInvoke(this.pollFunction, { retryAttempts: 0 }),
    });
  }
}

import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, ApplicationLogLevel, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

export interface RiposteFunctionProps {
  /** The folder under functions/ that holds its handler.ts (its trigger: schedule, sqs, http). */
  trigger: string;
  description: string;
  memorySize?: number;
  timeout: Duration;
  environment?: Record<string, string>;
  /** The config as validated at synth, compiled into the bundle (shared/pipeline/deployed-config.ts). */
  deployedConfigJson?: string;
  /** X-Ray active tracing (context riposte:tracing). */
  tracing?: boolean;
  logRetention?: RetentionDays;
}

/**
 * A Riposte Lambda with the project's defaults: arm64, Node.js 24 (the latest runtime, which
 * cdk-nag's L1 asks for; the code also runs on Node 20, where the tests run), one minified CJS
 * bundle made by the local esbuild (the AWS SDK is the runtime's; SMTP and XML building, never
 * used on AWS, are stubbed out, and `entities` keeps only decoding and escaping; `cheerio/slim`
 * only, as the extractor imports nothing else), Powertools JSON logs with Lambda's own
 * START/END/REPORT lines left out (CloudWatch Logs ingestion is the biggest line of the bill
 * otherwise), and a log group with a retention.
 */
export class RiposteFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RiposteFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, 'functions', props.trigger, 'handler.ts'),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      projectRoot: PROJECT_ROOT,
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.CJS,
        // ESM builds of dependencies (zod, the SDK's own helpers) tree-shake; CJS builds do not.
        mainFields: ['module', 'main'],
        // The runtime's AWS SDK v3 (and @smithy, see cdk.json): 350-520 KB less per bundle.
        bundleAwsSDK: false,
        esbuildArgs: {
          '--alias:nodemailer': './functions/adapters/no-smtp.ts',
          '--alias:xmlbuilder': './functions/adapters/no-xml-builder.ts',
          // rss-parser requires all of `entities` for decodeHTML; the stand-in leaves out the unused encoding trie (14 KB).
          '--alias:entities': './functions/adapters/entities',
          // The gazetteer's names stay UTF-8 instead of \u escapes.
          '--charset': 'utf8',
          '--legal-comments': 'none',
          // Packages required from CommonJS code (rss-parser's require('entities')) resolve to the same ESM build the
          // rest imports, so a library is bundled once (about 45 KB less in the worker).
          '--conditions': 'import',
        },
        define: props.deployedConfigJson === undefined ? undefined : { __RIPOSTE_DEPLOYED_CONFIG__: JSON.stringify(props.deployedConfigJson) },
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS managed basic execution role only lets the function write its own logs; it is the documented minimum for Lambda.',
    });
  }
}

import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { TABLE_DESIGN, INDEX } from '../../shared/store/table.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type Resource = { Type: string; Properties: Record<string, unknown> };

/** Bundling is skipped (the template is what is asserted), except in the one test that bundles. */
function synth(context: Record<string, unknown> = {}, bundle = false) {
  const app = buildApp(new App({ context: { ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } }));
  const assembly = app.synth(); // cdk-nag runs here: an unacknowledged finding throws
  return {
    assembly,
    data: Template.fromStack(app.node.findChild('RiposteData') as Stack),
    monitor: Template.fromStack(app.node.findChild('RiposteMonitor') as Stack),
  };
}

function configFile(config: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-config-'));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** The function whose handler folder is `trigger`, and the statements of its role's policies. */
function functionOf(template: Template, trigger: string) {
  const functions = template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
  const [logicalId, fn] = Object.entries(functions).find(([id]) => id.startsWith(trigger))!;
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(`"${role}"`),
  );
  const statements = policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const actions = [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
  return { logicalId, fn, statements, actions };
}

describe('the CDK app', () => {
  let data: Template;
  let monitor: Template;

  beforeAll(() => {
    ({ data, monitor } = synth());
  }, 120_000);

  it('keeps the table: retained on delete, deletion protection, point-in-time recovery, encrypted', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      }),
    });
  });

  it('creates the table with the key design the store code uses', () => {
    const table = Object.values(data.findResources('AWS::DynamoDB::GlobalTable'))[0] as Resource;
    const indexes = (table.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>).map((i) => i.IndexName).sort();
    expect(indexes).toEqual(TABLE_DESIGN.globalSecondaryIndexes.map((i) => i.indexName).sort());
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey.name, KeyType: 'RANGE' },
    ]);
  });

  it('runs three functions on arm64 Node.js 24 with JSON logs, no platform log lines, and a retained-for-a-month log group each', () => {
    monitor.resourceCountIs('AWS::Lambda::Function', 3);
    monitor.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', SystemLogLevel: 'WARN', LogGroup: Match.anyValue() }),
    });
    monitor.resourceCountIs('AWS::Logs::LogGroup', 4); // three functions and the API's access log
    monitor.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('never puts the config or a secret in an environment variable', () => {
    for (const fn of Object.values(monitor.findResources('AWS::Lambda::Function')) as Resource[]) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).sort()).not.toContain('RIPOSTE_DEPLOYED_CONFIG');
      expect(JSON.stringify(variables)).not.toMatch(/feeds|secret/i);
    }
  });

  it('ticks every 5 minutes by default, with a ScheduledEvent payload, retries and a dead-letter queue', () => {
    monitor.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionOf(monitor, 'Schedule').logicalId, 'Arn'] },
        Input: Match.stringLikeRegexp('"detail-type":"Scheduled Event"'),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('feeds the worker from the work queue: batches of up to 50 gathered for 5 s, partial batch responses, three receives then the DLQ', () => {
    monitor.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    monitor.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionOf(monitor, 'Worker').logicalId },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkQueue'), 'Arn'] },
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    monitor.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * 180,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
      SqsManagedSseEnabled: true,
    });
    monitor.resourceCountIs('AWS::SQS::Queue', 3);
    monitor.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('grants the schedule function only a query of the feed-state index and sending to the work queue', () => {
    const { statements, actions } = functionOf(monitor, 'Schedule');
    expect(actions).toEqual(['dynamodb:Query', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    const query = statements.find((s) => s.Action === 'dynamodb:Query')!;
    expect(JSON.stringify(query.Resource)).toContain(`/index/${INDEX.byType}`);
  });

  it('grants the worker item reads and writes on the table and its named indexes, nothing table-wide or *', () => {
    const { statements, actions } = functionOf(monitor, 'Worker');
    expect(actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'ses:SendEmail',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"|index\/\*/);
    const ses = statements.find((s) => s.Action === 'ses:SendEmail')!;
    expect(JSON.stringify(ses.Resource)).toContain('identity/riposte@example.org');
    expect(JSON.stringify(ses.Resource)).toContain('identity/desk@example.org');
  });

  it('grants the query function reads only', () => {
    expect(functionOf(monitor, 'Query').actions).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('serves GET /events and GET /events/{id} behind IAM authorisation, with access logs and throttling', () => {
    const routes = Object.values(monitor.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['GET /events', 'GET /events/{id}']);
    for (const r of routes) expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
    monitor.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 20 }),
    });
  });

  it('verifies the sender with SES', () => {
    monitor.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'riposte@example.org' });
  });

  it('alarms operators on dead letters, errors, throttles, queue age and failed alerts', () => {
    const alarms = Object.values(monitor.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    expect(alarms).toHaveLength(10);
    const topic = Object.keys(monitor.findResources('AWS::SNS::Topic'))[0]!;
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    const metrics = alarms.map((a) => a.Properties.MetricName).sort();
    expect(metrics).toEqual([
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Errors',
      'Errors',
      'Throttles',
      'Throttles',
      'Throttles',
      'alertsFailed',
    ]);
  });
});

describe('the CDK app, configured', () => {
  it('takes the rate from context and subscribes the operators’ address', () => {
    const { monitor } = synth({ 'riposte:pollEveryMinutes': 15, 'riposte:alarmEmail': 'ops@example.org' });
    monitor.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
    monitor.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  }, 60_000);

  it('lets the worker read the named webhook secrets, those only', () => {
    const file = configFile({
      feeds: [{ name: 'f', url: 'https://example.org/feed.xml' }],
      subscribers: [{ name: 'ops', webhook: { url: 'https://hooks.example.org/r', secret: { secretName: 'riposte/ops' } } }],
    });
    const { monitor } = synth({ 'riposte:config': file });
    const secrets = functionOf(monitor, 'Worker').statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toHaveLength(1);
    expect(JSON.stringify(secrets[0]!.Resource)).toContain(':secret:riposte/ops-??????');
    expect(functionOf(monitor, 'Schedule').actions.some((a) => a.startsWith('secretsmanager:'))).toBe(false);
  }, 60_000);

  it('refuses at synth a webhook secret written in the config, or private addresses, naming the field', () => {
    const plain = configFile({ feeds: [], subscribers: [{ name: 'ops', webhook: { url: 'https://h.example.org/', secret: 'k' } }] });
    expect(() => synth({ 'riposte:config': plain })).toThrow(/subscribers\.0\.webhook\.secret/);
    const open = configFile({ feeds: [], network: { allowPrivate: true } });
    expect(() => synth({ 'riposte:config': open })).toThrow(/network\.allowPrivate/);
    const bad = configFile({ feeds: [{ name: 'f', url: 'ftp://x' }] });
    expect(() => synth({ 'riposte:config': bad })).toThrow(/feeds\.0\.url/);
  });

  it('bundles each function under 500 KB, with the config compiled in, cheerio/slim only and entities without its encoder', () => {
    const { assembly } = synth({}, true);
    const bundles = readdirSync(assembly.directory)
      .filter((d) => d.startsWith('asset.') && existsSync(path.join(assembly.directory, d, 'index.js')))
      .map((d) => path.join(assembly.directory, d, 'index.js'));
    expect(bundles).toHaveLength(3);
    for (const bundle of bundles) expect(statSync(bundle).size).toBeLessThanOrEqual(500 * 1024);
    // The worker is the biggest: it alone fetches, parses feeds and reads pages.
    const worker = readFileSync(bundles.sort((a, b) => statSync(b).size - statSync(a).size)[0]!, 'utf8');
    expect(worker).toContain('https://www.state.gov/rss-feed/press-releases/feed/');
    expect(worker).not.toMatch(/parse5/);
    // The entities stand-in: decoding and escaping only, not the HTML encoding trie (which spells out entity names).
    expect(worker).not.toContain('&DownLeftRightVector;');
  }, 120_000);
});

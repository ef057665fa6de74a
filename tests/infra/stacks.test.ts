import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { TABLE_DESIGN } from '../../shared/store/table.js';

describe('the CDK app', () => {
  let data: Template;
  let monitor: Template;

  beforeAll(() => {
    // Bundling is skipped here: the template is what is asserted, not the bundle.
    const app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    data = Template.fromStack(app.node.findChild('RiposteData') as never);
    monitor = Template.fromStack(app.node.findChild('RiposteMonitor') as never);
  }, 60_000);

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
    const table = Object.values(data.findResources('AWS::DynamoDB::GlobalTable'))[0] as { Properties: Record<string, unknown> };
    const indexes = (table.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>).map((i) => i.IndexName).sort();
    expect(indexes).toEqual(TABLE_DESIGN.globalSecondaryIndexes.map((i) => i.indexName).sort());
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey.name, KeyType: 'RANGE' },
    ]);
  });

  it('runs the poll function on arm64 Node.js 22 with the table and a validated config', () => {
    monitor.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ RIPOSTE_TABLE: Match.anyValue(), RIPOSTE_CONFIG: Match.stringLikeRegexp('"feeds"') }) },
    });
  });

  it('schedules a poll every 5 minutes by default', () => {
    monitor.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('grants the poll function data access to its table only', () => {
    const policies = monitor.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> } } }).Properties.PolicyDocument.Statement,
    );
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const s of dynamo) expect(JSON.stringify(s.Resource)).not.toContain('"*"');
    expect([...new Set(dynamo.flatMap((s) => [s.Action].flat()))].some((a) => a === 'dynamodb:*')).toBe(false);
  });
});

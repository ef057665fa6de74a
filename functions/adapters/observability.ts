import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Logger and metrics of one function, under the namespace the stack's alarms read. */
export function observability(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
  };
}

export const METRICS_NAMESPACE = 'Riposte';

/** Adds counts as Count metrics (zeros included, so that a dashboard shows a quiet tick as 0). */
export function addCounts(metrics: Metrics, counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
}

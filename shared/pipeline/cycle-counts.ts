import type { CycleReport } from './poll-cycle.js';

/** The figures of a cycle, for logs and metrics. */
export function cycleCounts(report: CycleReport) {
  return {
    feeds: report.feeds.length,
    feedsFailed: report.feeds.filter((f) => f.status === 'error').length,
    feedsSkipped: report.feeds.filter((f) => f.status === 'skipped').length,
    feedsUnchanged: report.feeds.filter((f) => f.status === 'not_modified').length,
    articles: report.articles.length,
    articlesFailed: report.articles.filter((a) => a.status !== 'processed').length,
    eventsCreated: report.events.filter((e) => e.outcome === 'created').length,
    eventsMerged: report.events.filter((e) => e.outcome === 'merged').length,
    rounds: report.rounds.length,
    alertsSent: report.alerts.sent,
    alertsFailed: report.alerts.failed,
  };
}

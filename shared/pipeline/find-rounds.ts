import type { RoundMatch } from '../domain/alert.js';
import { effectiveDate, type StoredEvent } from '../domain/event.js';
import { addDays } from '../domain/dates.js';
import type { EventStore } from '../store/event-store.js';
import { findAnswers, matchRounds } from '../match/index.js';

export interface Round {
  /** The later measure: the answer. */
  event: StoredEvent;
  /** The earlier measure(s) it answers, best first. */
  matches: RoundMatch[];
}

/**
 * The rounds a newly stored event completes: as the answer to earlier reverse-direction events,
 * or, when it is a late report of an earlier measure, as the one answered by events already
 * stored. Links are recorded in `responds_to`; the rounds are returned for alerting.
 */
export async function findRounds(
  store: EventStore,
  event: StoredEvent,
  options: { windowDays: number },
): Promise<Round[]> {
  const date = effectiveDate(event);
  if (!date) return [];
  const reverse = await store.findEvents({
    expelling: event.expelled_country,
    expelled: event.expelling_country,
    since: addDays(date, -options.windowDays),
    until: addDays(date, options.windowDays),
  });
  const rounds: Round[] = [];

  const answered = matchRounds(event, reverse, options);
  if (answered.length > 0) {
    await store.addRespondsTo(event.id, answered.map((m) => m.event.id));
    rounds.push({ event: { ...event, responds_to: union(event.responds_to, answered.map((m) => m.event.id)) }, matches: answered });
  }

  for (const later of findAnswers(event, reverse, options)) {
    const laterDate = effectiveDate(later);
    if (!laterDate) continue;
    const earlierOfLater = await store.findEvents({
      expelling: later.expelled_country,
      expelled: later.expelling_country,
      since: addDays(laterDate, -options.windowDays),
      until: laterDate,
    });
    const matches = matchRounds(later, earlierOfLater, options);
    if (!matches.some((m) => m.event.id === event.id)) continue;
    await store.addRespondsTo(later.id, matches.map((m) => m.event.id));
    rounds.push({ event: { ...later, responds_to: union(later.responds_to, matches.map((m) => m.event.id)) }, matches });
  }
  return rounds;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

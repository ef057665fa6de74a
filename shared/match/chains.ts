import type { AlertWatch } from '../domain/alert.js';
import { effectiveDate, type CountryCode, type StoredEvent } from '../domain/event.js';
import { daysBetween } from '../domain/dates.js';

/** One measure in the chain of rounds between two states. */
export interface ChainRound {
  /** 1 for an opening move; an answer is one more than the highest round it answers. */
  number: number;
  event: StoredEvent;
  /** The state that took the measure, and the one it was taken against. */
  by: CountryCode;
  against: CountryCode;
  /** The effective date (its own date, else its first report's); null when unknown. */
  date: string | null;
  /** Ids of the earlier measures of this pair it answers (its `responds_to`, restricted to the pair). */
  answers: string[];
  /** Days from the most recent measure it answers; null for an opening move or when a date is unknown. */
  gapDays: number | null;
}

export interface SideCounts {
  /** Measures this state took against the other. */
  measures: number;
  /** People it ordered out, summed over the measures that give a count. */
  people: number;
  /** Measures that answer one of the other state's. */
  answers: number;
}

/** The tit-for-tat history of one pair of states. */
export interface Chain {
  /** The two states, in code order. */
  pair: [CountryCode, CountryCode];
  /** Every measure of the pair, by effective date (undated last), then id. */
  rounds: ChainRound[];
  /** The highest round number reached (0 for no measures). */
  length: number;
  counts: Record<CountryCode, SideCounts>;
  /** Median of `gapDays` over the rounds that answer something; null when none does. */
  medianGapDays: number | null;
}

/**
 * Builds the chain of one pair from its stored events (both directions, with `responds_to`):
 * each measure numbered by how deep it sits in the answer links, with who answered whom, the gap
 * in days and the counts per side. Pure; links to events outside the list are ignored.
 *
 * @example buildChain([usExpels60, russiaExpels60]).rounds.map((r) => r.number) // → [1, 2]
 */
export function buildChain(events: readonly StoredEvent[]): Chain {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const pair = pairOf(unique);
  const byId = new Map(unique.map((e) => [e.id, e]));
  const numbers = new Map<string, number>();
  const visiting = new Set<string>();

  const answersOf = (event: StoredEvent): StoredEvent[] =>
    event.responds_to
      .map((id) => byId.get(id))
      .filter((earlier): earlier is StoredEvent => !!earlier && earlier.expelling_country === event.expelled_country);

  const numberOf = (event: StoredEvent): number => {
    const known = numbers.get(event.id);
    if (known !== undefined) return known;
    // A link cycle would be a store error; it is cut rather than followed forever.
    if (visiting.has(event.id)) return 0;
    visiting.add(event.id);
    const number = 1 + Math.max(0, ...answersOf(event).map(numberOf));
    visiting.delete(event.id);
    numbers.set(event.id, number);
    return number;
  };

  const rounds = unique.sort(byDateThenId).map((event): ChainRound => {
    const answered = answersOf(event);
    const date = effectiveDate(event);
    const latestAnswered = answered
      .map((e) => effectiveDate(e))
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    return {
      number: numberOf(event),
      event,
      by: event.expelling_country,
      against: event.expelled_country,
      date,
      answers: answered.map((e) => e.id),
      gapDays: date && latestAnswered ? daysBetween(latestAnswered, date) : null,
    };
  });

  const counts: Record<CountryCode, SideCounts> = {};
  for (const state of pair) counts[state] = { measures: 0, people: 0, answers: 0 };
  for (const round of rounds) {
    const side = counts[round.by]!;
    side.measures++;
    side.people += round.event.count ?? 0;
    if (round.answers.length > 0) side.answers++;
  }

  return {
    pair,
    rounds,
    length: Math.max(0, ...rounds.map((r) => r.number)),
    counts,
    medianGapDays: median(rounds.filter((r) => r.answers.length > 0 && r.gapDays !== null).map((r) => r.gapDays!)),
  };
}

/** The chain's round of one event, or null when the event is not in it. */
export function roundOf(chain: Chain, eventId: string): ChainRound | null {
  return chain.rounds.find((r) => r.event.id === eventId) ?? null;
}

/** The two states of a pair in code order, whichever way the measure runs. */
export function pairKey(a: CountryCode, b: CountryCode): [CountryCode, CountryCode] {
  return a <= b ? [a, b] : [b, a];
}

/** The median of a list of numbers (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "answered in 3 days; past rounds' median: 5 days": the words of an alert's watch figures. */
export function describeWait(watch: AlertWatch): string {
  const waited = watch.waitedDays === 0 ? 'answered the same day' : `answered in ${dayCount(watch.waitedDays)}`;
  const past = watch.medianDays === null ? 'no past rounds to compare' : `past rounds' median: ${dayCount(watch.medianDays)}`;
  return `${waited}; ${past}`;
}

function dayCount(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

function pairOf(events: readonly StoredEvent[]): [CountryCode, CountryCode] {
  const first = events[0];
  if (!first) return ['', ''];
  const pair = pairKey(first.expelling_country, first.expelled_country);
  for (const event of events) {
    const other = pairKey(event.expelling_country, event.expelled_country);
    if (other[0] !== pair[0] || other[1] !== pair[1]) {
      throw new RangeError(`buildChain: events of more than one pair (${pair.join('-')} and ${other.join('-')})`);
    }
  }
  return pair;
}

function byDateThenId(a: StoredEvent, b: StoredEvent): number {
  const left = effectiveDate(a) ?? '\uffff';
  const right = effectiveDate(b) ?? '\uffff';
  return left < right ? -1 : left > right ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

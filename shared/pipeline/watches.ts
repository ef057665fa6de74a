import type { AlertRound, AlertWatch, RoundMatch } from '../domain/alert.js';
import { addDays, daysBetween } from '../domain/dates.js';
import { effectiveDate, type StoredEvent } from '../domain/event.js';
import type { EventStore } from '../store/event-store.js';
import { DEFAULT_WINDOW_DAYS, isAnswerTo } from '../match/match-rounds.js';
import { buildChain, median, pairKey, roundOf } from '../match/chains.js';
import { countryNameInText } from '../match/countries.js';

/**
 * Open-round watches. A watch is derived, never stored: a dated measure A→B is open while no
 * later B→A measure answers it (by the matching rule) and the matching window since it has not
 * run out. Listing them is one query (the events of the last window), and an answer closes its
 * watch with no write, so the two can never disagree.
 */

/** A measure still waiting for the other state's answer. */
export interface OpenWatch {
  event: StoredEvent;
  /** The state expected to answer (the one the measure was taken against). */
  waiting: string;
  /** Its effective date. */
  since: string;
  /** Days from `since` to today. */
  days: number;
  /** The last day an answer still counts as one. */
  windowEnds: string;
  /** "Russia has not answered Czechia's expulsion of 18 diplomats: 12 days". */
  words: string;
}

export interface WatchOptions {
  /** Default 400, the matching window. */
  windowDays?: number;
  clock?: () => Date;
}

/**
 * The open watches as of today, longest waiting first.
 *
 * @example (await openWatches(store, { clock: () => new Date('2021-05-01') }))[0].words
 * // → "Russia has not answered Czechia's expulsion of 18 diplomats: 12 days"
 */
export async function openWatches(store: EventStore, options: WatchOptions = {}): Promise<OpenWatch[]> {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const today = (options.clock ?? (() => new Date()))().toISOString().slice(0, 10);
  // Every answer to a measure of the window is dated after it, so it is in the same read;
  // measures dated after today are left out, so a past date gives the view as it was then.
  const recent = await store.findEvents({ since: addDays(today, -windowDays), until: today });
  return openAmong(recent, today, windowDays);
}

/** The open watches among `events` as of `today` (pure; `events` must hold every later event of the window). */
export function openAmong(events: readonly StoredEvent[], today: string, windowDays = DEFAULT_WINDOW_DAYS): OpenWatch[] {
  const byDirection = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const direction = `${event.expelling_country}>${event.expelled_country}`;
    byDirection.set(direction, [...(byDirection.get(direction) ?? []), event]);
  }
  const watches: OpenWatch[] = [];
  for (const event of events) {
    const since = effectiveDate(event);
    if (!since || event.expelling_country === event.expelled_country) continue;
    const days = daysBetween(since, today);
    if (days < 0 || days > windowDays) continue;
    const reverse = byDirection.get(`${event.expelled_country}>${event.expelling_country}`) ?? [];
    const answered = reverse.some((later) => later.responds_to.includes(event.id) || isAnswerTo(later, event, windowDays));
    if (answered) continue;
    watches.push({ event, waiting: event.expelled_country, since, days, windowEnds: addDays(since, windowDays), words: describeWatch(event, days) });
  }
  return watches.sort((a, b) => b.days - a.days || (a.event.id < b.event.id ? -1 : 1));
}

/** "Russia has not answered Czechia's expulsion of 18 diplomats: 12 days". */
export function describeWatch(event: Pick<StoredEvent, 'expelling_country' | 'expelled_country' | 'action' | 'count'>, days: number): string {
  const waiting = capitalise(countryNameInText(event.expelled_country));
  const author = possessive(countryNameInText(event.expelling_country));
  return `${waiting} has not answered ${author} ${measureNoun(event)}: ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** "expulsion of 18 diplomats", "closure of a consulate", "expulsion of the ambassador". */
export function measureNoun(event: Pick<StoredEvent, 'action' | 'count'>): string {
  const n = event.count;
  const people = n === null ? 'diplomats' : `${n} ${n === 1 ? 'diplomat' : 'diplomats'}`;
  switch (event.action) {
    case 'expulsion':
      return `expulsion of ${people}`;
    case 'persona_non_grata':
      return `persona non grata order for ${people}`;
    case 'ambassador_expulsion':
      return 'expulsion of the ambassador';
    case 'staff_cap':
      return n === null ? 'cap on embassy staff' : `cap on embassy staff (${n} to leave)`;
    case 'consulate_closure':
      return 'closure of a consulate';
  }
}

/** A round about to be alerted, with where it stands in its chain and how long the answer took. */
export interface RoundWithContext {
  event: StoredEvent;
  matches: RoundMatch[];
  round?: AlertRound;
  watch?: AlertWatch;
}

/**
 * Adds to each round its number in the pair's chain and the watch figures (days waited against
 * the median of past answered rounds). Costs one query per pair with a round and, only when
 * there is a round at all, one read of the stored events for the median: once per call, never
 * per event. Rounds of the same answer are given the same context.
 */
export async function withRoundContext(store: EventStore, rounds: readonly RoundWithContext[]): Promise<RoundWithContext[]> {
  if (rounds.length === 0) return [];
  const allEvents = store.findEvents({});
  const pairs = new Map<string, Promise<StoredEvent[]>>();
  const contexts = new Map<string, Promise<Pick<RoundWithContext, 'round' | 'watch'>>>();

  const contextOf = async (round: RoundWithContext): Promise<Pick<RoundWithContext, 'round' | 'watch'>> => {
    const { event } = round;
    const [a, b] = pairKey(event.expelling_country, event.expelled_country);
    const key = `${a}-${b}`;
    if (!pairs.has(key)) pairs.set(key, store.findEvents({ country: a, with: b }));
    const pairEvents = (await pairs.get(key)!).filter((e) => e.id !== event.id);
    const respondsTo = [...new Set([...event.responds_to, ...rounds.filter((r) => r.event.id === event.id).flatMap((r) => r.matches.map((m) => m.event.id))])];
    const chain = buildChain([...pairEvents, { ...event, responds_to: respondsTo }]);
    const place = roundOf(chain, event.id);

    const answerDate = effectiveDate(event);
    const latestAnswered = rounds
      .filter((r) => r.event.id === event.id)
      .flatMap((r) => r.matches.map((m) => effectiveDate(m.event)))
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    const watch: AlertWatch | undefined =
      answerDate && latestAnswered
        ? { waitedDays: daysBetween(latestAnswered, answerDate), medianDays: pastMedian(await allEvents, event.id, answerDate) }
        : undefined;
    return { ...(place ? { round: { number: place.number, pair: [a, b] as [string, string] } } : {}), ...(watch ? { watch } : {}) };
  };

  return Promise.all(
    rounds.map(async (round) => {
      if (!contexts.has(round.event.id)) contexts.set(round.event.id, contextOf(round));
      return { ...round, ...(await contexts.get(round.event.id)!) };
    }),
  );
}

/** Median days from measure to answer over the stored answered rounds dated up to `until`, this answer left out. */
export function pastMedian(events: readonly StoredEvent[], exceptId: string, until: string): number | null {
  const byId = new Map(events.map((e) => [e.id, e]));
  const gaps: number[] = [];
  for (const answer of events) {
    if (answer.id === exceptId || answer.responds_to.length === 0) continue;
    const date = effectiveDate(answer);
    if (!date || date > until) continue;
    const latest = answer.responds_to
      .map((id) => byId.get(id))
      .map((e) => (e ? effectiveDate(e) : null))
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    if (latest) gaps.push(daysBetween(latest, date));
  }
  return median(gaps);
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

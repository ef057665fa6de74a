/**
 * The expulsion event, in the shape of the public contract (docs/CONTRACT.md in the team folder):
 * field names are the wire names, so extracted, stored, queried and alerted events need no mapping.
 */

export const ACTIONS = [
  'expulsion',
  'persona_non_grata',
  'staff_cap',
  'consulate_closure',
  'ambassador_expulsion',
] as const;

export type Action = (typeof ACTIONS)[number];

/** expulsion, persona_non_grata and ambassador_expulsion are one family: people ordered out. */
export type ActionFamily = 'expulsion' | 'staff_cap' | 'consulate_closure';

export function actionFamily(action: Action): ActionFamily {
  return action === 'staff_cap' || action === 'consulate_closure' ? action : 'expulsion';
}

/** ISO 3166-1 alpha-2 code, upper case. */
export type CountryCode = string;

/** An event as the extractor reads it from one article. */
export interface ExtractedEvent {
  expelling_country: CountryCode;
  expelled_country: CountryCode;
  /** People ordered out; null when the text gives no number. */
  count: number | null;
  action: Action;
  /** YYYY-MM-DD, the day the measure was announced; null when unknown. */
  date: string | null;
  is_retaliation: boolean;
  /** The article's news (false: background mentioned from the past). */
  new: boolean;
  /** The sentence(s) the event was read from. */
  evidence: string;
}

/** One outlet's report of an event. */
export interface Source {
  url: string;
  title: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  outlet: string;
}

/** A stored event: one real-world measure, however many outlets reported it. */
export interface StoredEvent extends ExtractedEvent {
  id: string;
  sources: Source[];
  /** Ids of earlier stored events this one answers. */
  responds_to: string[];
}

/** The day an event is placed on for matching and ordering: its own date, else its first report's. */
export function effectiveDate(event: Pick<StoredEvent, 'date' | 'sources'>): string | null {
  if (event.date) return event.date;
  const published = event.sources.map((s) => s.published).filter((p): p is string => !!p).sort();
  return published[0] ?? null;
}

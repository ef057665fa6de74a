import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { z } from 'zod';
import { ACTIONS, type ExtractedEvent, type Source } from '../domain/event.js';
import { addDays, isIsoDate } from '../domain/dates.js';
import type { EventStore } from '../store/event-store.js';
import { DEFAULT_WINDOW_DAYS } from '../match/index.js';
import { findRounds } from './find-rounds.js';

/**
 * The record of past rounds (shared/local/record/past-rounds.json): measures already known when
 * Riposte starts, in the shape of the public Event with one source each. One schema checks and
 * documents it; unknown keys are refused so that a misspelt field is named.
 */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "RU"');
const isoDate = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');

export const RecordSourceSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }),
  title: z.string().min(1).nullable(),
  published: isoDate.nullable(),
  outlet: z.string().min(1),
});

export const RecordEntrySchema = z
  .strictObject({
    expelling_country: countryCode,
    expelled_country: countryCode,
    count: z.number().int().positive().nullable(),
    action: z.enum(ACTIONS),
    /** The day the measure was first announced. Required: an undated entry cannot be matched. */
    date: isoDate,
    is_retaliation: z.boolean(),
    evidence: z.string().trim().min(1).max(2_000),
    source: RecordSourceSchema,
  })
  .refine((entry) => entry.expelling_country !== entry.expelled_country, {
    message: 'a state cannot expel its own diplomats',
    path: ['expelled_country'],
  });

export const RecordFileSchema = z.strictObject({
  about: z.string().min(1),
  records: z.array(RecordEntrySchema),
});

export type RecordEntry = z.infer<typeof RecordEntrySchema>;
export type RecordFile = z.infer<typeof RecordFileSchema>;

/** A record that cannot be read or does not validate; nothing was stored. */
export class RecordError extends Error {
  readonly code: 'record_unreadable' | 'record_invalid';
  constructor(code: RecordError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordError';
    this.code = code;
  }
}

const IMPORT_CONCURRENCY = 8;

export interface ImportRecordOptions {
  /** How far apart two measures of a round may be, in days (default 400, as for alerts). */
  windowDays?: number;
  /** Called after each entry is stored and linked. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportRecordResult {
  /** Entries in the record. */
  total: number;
  /** Entries stored as new measures. */
  created: number;
  /** Entries that added a source to a measure already stored (by the monitor or an earlier record). */
  merged: number;
  /** Entries already imported from this source: nothing changed. */
  duplicate: number;
  /** Links "answer → earlier measure" newly recorded in `responds_to` by this import. */
  rounds: number;
}

/**
 * Validates a whole record (the file's parsed JSON, or a bare array of entries), then stores every
 * entry and links the rounds they complete. Rounds are recorded, never alerted: the record is
 * history. Importing the same record again changes nothing.
 *
 * @example
 * const result = await importRecord(store, await loadRecordFile(DEFAULT_RECORD_FILE));
 * // → { total: 245, created: 245, merged: 0, duplicate: 0, rounds: 180 }
 */
export async function importRecord(store: EventStore, records: unknown, options: ImportRecordOptions = {}): Promise<ImportRecordResult> {
  const entries = parseRecord(records);
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  // Stable: entries of the same day keep the record's order.
  const ordered = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.date.localeCompare(b.entry.date) || a.index - b.index);
  const result: ImportRecordResult = { total: entries.length, created: 0, merged: 0, duplicate: 0, rounds: 0 };
  if (ordered.length === 0) return result;

  // The links already recorded before this import, for every event a round could touch, so that
  // only new links are counted (a rerun counts none, whichever side of a round finds it).
  const first = ordered[0]!.entry.date;
  const last = ordered[ordered.length - 1]!.entry.date;
  const links = new Map<string, Set<string>>();
  for (const stored of await store.findEvents({ since: addDays(first, -windowDays), until: addDays(last, windowDays) })) {
    links.set(stored.id, new Set(stored.responds_to));
  }
  const linksOf = (id: string): Set<string> => {
    let set = links.get(id);
    if (!set) links.set(id, (set = new Set()));
    return set;
  };

  // Storing runs a few entries at a time: the record holds no two reports of one measure (one
  // direction and kind within the merge window), so no two concurrent saves compete for an event.
  // Rounds are linked once everything is stored, so every earlier measure is there to be found.
  const limit = pLimit(IMPORT_CONCURRENCY);
  let done = 0;
  const saved = await Promise.all(
    ordered.map(({ entry }) =>
      limit(async () => {
        const { source, ...fields } = entry;
        const event: ExtractedEvent = { ...fields, new: true };
        const outcome = await store.saveEvent(event, toSource(source));
        result[outcome.outcome] += 1;
        done += 1;
        options.onProgress?.(done, entries.length);
        return outcome.event;
      }),
    ),
  );
  const linked = await Promise.all(saved.map((event) => limit(() => findRounds(store, event, { windowDays }))));
  for (const rounds of linked) {
    for (const round of rounds) {
      const recorded = linksOf(round.event.id);
      for (const match of round.matches) {
        if (recorded.has(match.event.id)) continue;
        recorded.add(match.event.id);
        result.rounds += 1;
      }
    }
  }
  return result;
}

/** Reads and parses a record file; validation happens in importRecord (or parseRecord). */
export async function loadRecordFile(file: string): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (cause) {
    throw new RecordError('record_unreadable', `cannot read record file ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new RecordError('record_invalid', `${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Validates a record: the file's object `{ about, records }` or a bare array of entries. */
export function parseRecord(records: unknown): RecordEntry[] {
  const parsed = Array.isArray(records) ? z.array(RecordEntrySchema).safeParse(records) : RecordFileSchema.safeParse(records);
  if (parsed.success) return Array.isArray(parsed.data) ? parsed.data : parsed.data.records;
  const problems = parsed.error.issues.slice(0, 20).map((issue) => `${describePath(issue.path, Array.isArray(records))}: ${issue.message}`);
  const more = parsed.error.issues.length > 20 ? `\n  … and ${parsed.error.issues.length - 20} more` : '';
  throw new RecordError('record_invalid', `the record is not valid, nothing was imported:\n  ${problems.join('\n  ')}${more}`, { cause: parsed.error });
}

function describePath(path: PropertyKey[], bare: boolean): string {
  const rest = bare ? path : path[0] === 'records' ? path.slice(1) : path;
  if (rest.length === 0 || (!bare && path[0] !== 'records')) return path.length ? path.map(String).join('.') : '(top level)';
  const [index, ...field] = rest;
  return `entry ${String(index)}${field.length ? ` field ${field.map(String).join('.')}` : ''}`;
}

function toSource(source: RecordEntry['source']): Source {
  return { url: source.url, title: source.title, published: source.published, outlet: source.outlet };
}

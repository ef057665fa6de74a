import type { RoundMatch } from '../domain/alert.js';
import { actionFamily, effectiveDate, type StoredEvent } from '../domain/event.js';
import cueData from './data/cues.json';
import { countryNameInText } from './countries.js';
import { findCountryMentions } from '../extract/gazetteer.js';

/** The matching window of docs/CONTRACT.md, "Alerts". */
export const DEFAULT_WINDOW_DAYS = 400;

export interface MatchOptions {
  /** How far back an answer may reach, in days (default 400). */
  windowDays?: number;
}

/**
 * What each sign of a round adds to its score. They sum to 1: a same-day answer with the same
 * count and action, flagged as retaliation, naming the earlier act and using a cue word.
 */
export const SCORE_WEIGHTS = {
  reverseDirection: 0.15,
  /** Full on the same day, halving every `gapHalfLifeDays`. */
  gap: 0.2,
  sameCount: 0.2,
  closeCount: 0.12,
  sameAction: 0.15,
  sameFamily: 0.1,
  isRetaliation: 0.1,
  namesEarlierAct: 0.1,
  cueWord: 0.1,
} as const;
const GAP_HALF_LIFE_DAYS = 30;

interface Cue {
  pattern: string;
  label: string;
}
const RESPONSE_CUES: Array<{ label: string; regex: RegExp }> = (cueData.responseCues as Cue[]).map((cue) => ({
  label: cue.label,
  regex: termRegex(cue.pattern),
}));
const EXPULSION_WORDS: RegExp[] = (cueData.expulsionWords as string[]).map(termRegex);

/** Words after which a sentence usually names what is being answered. */
const REFERENCE_MARKER =
  /(?<![\p{L}\p{N}])(after|following|in response to|in retaliation (?:for|against|to)|retaliation for|response to|in reply to|reply to|answer to|reaction to|in return for|mirroring|over)(?![\p{L}\p{N}])/giu;

/**
 * The earlier events of the reverse direction that `event` answers, best first.
 * A candidate matches when it runs the other way (B→A for an A→B event), falls within the window
 * before the event (or on the same day, where the one presented as the answer is the answer),
 * and is not the event itself. Coordinated actions stay apart: an RU→US answer only ever matches
 * US→RU, never DE→RU of the same day.
 *
 * @example matchRounds(russiaExpels60, [usExpels60, germanyExpels4]) // → [{ event: usExpels60, score: 0.89, reasons: [...] }]
 */
export function matchRounds(event: StoredEvent, candidates: StoredEvent[], options: MatchOptions = {}): RoundMatch[] {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const matches: RoundMatch[] = [];
  const seen = new Set<string>();
  for (const earlier of candidates) {
    if (seen.has(earlier.id)) continue;
    seen.add(earlier.id);
    if (!isAnswerTo(event, earlier, windowDays)) continue;
    matches.push(scoreRound(event, earlier));
  }
  return matches.sort(byBestFirst);
}

/**
 * The late-report case: the stored later events of the reverse direction that answer `event`,
 * earliest first. Use it when an earlier measure is learned after its answer: the round's alert
 * is still about the answer (`matchRounds(answer, ...)` now includes `event`).
 */
export function findAnswers(event: StoredEvent, candidates: StoredEvent[], options: MatchOptions = {}): StoredEvent[] {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const seen = new Set<string>();
  const answers: StoredEvent[] = [];
  for (const later of candidates) {
    if (seen.has(later.id)) continue;
    seen.add(later.id);
    if (isAnswerTo(later, event, windowDays)) answers.push(later);
  }
  return answers.sort((a, b) => compareStrings(effectiveDate(a)!, effectiveDate(b)!) || compareStrings(a.id, b.id));
}

/**
 * Whether `later` answers `earlier`: reverse direction, dated, within the window, and later;
 * on the same day the one presented as an answer is the later one (then the greater id), so of
 * any two events exactly one can answer the other and a round is alerted once.
 */
export function isAnswerTo(later: StoredEvent, earlier: StoredEvent, windowDays = DEFAULT_WINDOW_DAYS): boolean {
  if (later.id === earlier.id) return false;
  if (later.expelling_country !== earlier.expelled_country || later.expelled_country !== earlier.expelling_country) return false;
  if (later.expelling_country === later.expelled_country) return false;
  const laterDate = effectiveDate(later);
  const earlierDate = effectiveDate(earlier);
  if (!laterDate || !earlierDate) return false;
  const gap = daysBetween(earlierDate, laterDate);
  if (gap < 0 || gap > windowDays) return false;
  if (gap > 0) return true;
  const signal = answerSignal(later) - answerSignal(earlier);
  if (signal !== 0) return signal > 0;
  return later.id > earlier.id;
}

/** The score and reasons of `answer` as a response to `earlier` (assumed to run the reverse way). */
export function scoreRound(answer: StoredEvent, earlier: StoredEvent): RoundMatch {
  const reasons: string[] = ['reverse direction'];
  let score = SCORE_WEIGHTS.reverseDirection;

  const gap = daysBetween(effectiveDate(earlier) ?? '', effectiveDate(answer) ?? '');
  if (Number.isFinite(gap)) {
    score += SCORE_WEIGHTS.gap * Math.pow(0.5, Math.max(0, gap) / GAP_HALF_LIFE_DAYS);
    reasons.push(gap === 0 ? 'same day' : gap === 1 ? '1 day later' : `${gap} days later`);
  }

  if (answer.count !== null && earlier.count !== null) {
    if (answer.count === earlier.count) {
      score += SCORE_WEIGHTS.sameCount;
      reasons.push(`same count (${answer.count})`);
    } else if (isCloseCount(answer.count, earlier.count)) {
      score += SCORE_WEIGHTS.closeCount;
      reasons.push(`close count (${answer.count} for ${earlier.count})`);
    }
  }

  if (answer.action === earlier.action) {
    score += SCORE_WEIGHTS.sameAction;
    reasons.push('same action');
  } else if (actionFamily(answer.action) === actionFamily(earlier.action)) {
    score += SCORE_WEIGHTS.sameFamily;
    reasons.push('same kind of action');
  }

  if (answer.is_retaliation) {
    score += SCORE_WEIGHTS.isRetaliation;
    reasons.push('presented as retaliation');
  }

  const named = namedEarlierAct(answer.evidence, earlier);
  if (named) {
    score += SCORE_WEIGHTS.namesEarlierAct;
    reasons.push(named);
  }

  const cue = firstCue(answer.evidence);
  if (cue) {
    score += SCORE_WEIGHTS.cueWord;
    reasons.push(`text says '${cue}'`);
  }

  return { event: earlier, score: Math.min(1, Math.round(score * 1000) / 1000), reasons };
}

/** The label of the first response cue in a text ("in response", "tit-for-tat"), or null. */
export function firstCue(text: string): string | null {
  let best: { index: number; label: string } | null = null;
  for (const cue of RESPONSE_CUES) {
    cue.regex.lastIndex = 0;
    const found = cue.regex.exec(text);
    if (found && (!best || found.index < best.index)) best = { index: found.index, label: cue.label };
  }
  return best?.label ?? null;
}

/**
 * A reason when the text, after a word like "after" or "in response to", names the earlier act:
 * its author (the other state) with an expulsion word, or its count.
 */
function namedEarlierAct(evidence: string, earlier: StoredEvent): string | null {
  REFERENCE_MARKER.lastIndex = 0;
  for (const marker of evidence.matchAll(REFERENCE_MARKER)) {
    const tail = sentenceTail(evidence, (marker.index ?? 0) + marker[0].length);
    // The extractor's gazetteer: names, demonyms, capitals and metonyms of every state.
    const namesAuthor = findCountryMentions(tail).some((m) => m.code === earlier.expelling_country);
    if (namesAuthor && EXPULSION_WORDS.some((w) => test(w, tail))) {
      return `text names the earlier act by ${countryNameInText(earlier.expelling_country)}`;
    }
    if (earlier.count !== null && test(numberRegex(earlier.count), tail)) {
      return `text names the earlier count (${earlier.count})`;
    }
  }
  return null;
}

/** How strongly an event presents itself as an answer: the flag and a cue word. */
function answerSignal(event: StoredEvent): number {
  return (event.is_retaliation ? 2 : 0) + (firstCue(event.evidence) ? 1 : 0);
}

function isCloseCount(a: number, b: number): boolean {
  const difference = Math.abs(a - b);
  return difference <= Math.max(2, 0.2 * Math.max(a, b));
}

function sentenceTail(text: string, from: number): string {
  const rest = text.slice(from, from + 240);
  const end = rest.search(/[.!?;](\s|$)/);
  return end === -1 ? rest : rest.slice(0, end);
}

function test(regex: RegExp, text: string): boolean {
  regex.lastIndex = 0;
  return regex.test(text);
}

/** A cue or term as a whole-word, case-insensitive regex; a trailing '*' matches any word ending. */
function termRegex(pattern: string): RegExp {
  const open = pattern.endsWith('*');
  const body = (open ? pattern.slice(0, -1) : pattern)
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s-]+');
  const ending = open ? '[\\p{L}-]*' : '';
  const startBoundary = /^[\p{L}\p{N}]/u.test(pattern) ? '(?<![\\p{L}\\p{N}])' : '';
  const endBoundary = /[\p{L}\p{N}*]$/u.test(pattern) ? '(?![\\p{L}\\p{N}])' : '';
  // Acronyms (US, UK) must keep their case: "us" is a pronoun.
  const flags = /^[A-Z.]+$/.test(pattern) ? 'u' : 'iu';
  return new RegExp(`${startBoundary}${body}${ending}${endBoundary}`, flags);
}

function numberRegex(count: number): RegExp {
  const plain = String(count);
  const grouped = count.toLocaleString('en-US');
  const alternatives = [...new Set([plain, grouped])];
  return new RegExp(`(?<![\\p{N},.])(?:${alternatives.join('|')})(?![\\p{N}]|,\\d)`, 'u');
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byBestFirst(a: RoundMatch, b: RoundMatch): number {
  return (
    b.score - a.score ||
    compareStrings(effectiveDate(b.event) ?? '', effectiveDate(a.event) ?? '') ||
    compareStrings(a.event.id, b.event.id)
  );
}

import numbersData from './data/numbers.json';

interface NumbersData {
  units: Record<string, number>;
  tens: Record<string, number>;
  scales: Record<string, number>;
  special: Record<string, number>;
  vague: string[];
  hedgesNull: string[];
  hedgesKeep: string[];
}

const DATA = numbersData as unknown as NumbersData;

const WORD_NUMBER = [...Object.keys(DATA.units), ...Object.keys(DATA.tens), ...Object.keys(DATA.scales)].join('|');

/** A number as written in news copy: digits with separators, or words ("twenty-one", "one hundred and five"). */
export const NUMBER_SOURCE = `(?:\\d{1,3}(?:,\\d{3})+|\\d+|(?:${WORD_NUMBER})(?:[- ](?:and )?(?:${WORD_NUMBER}))*)`;

/** The value of a number phrase (see NUMBER_SOURCE), or null when it is not one. */
export function parseNumber(phrase: string): number | null {
  const p = phrase.trim().toLowerCase();
  if (/^\d{1,3}(?:,\d{3})+$|^\d+$/.test(p)) return Number(p.replace(/,/g, ''));
  if (p in DATA.special) return DATA.special[p]!;
  const words = p.split(/[\s-]+/).filter((w) => w && w !== 'and');
  if (!words.length) return null;
  let total = 0;
  let current = 0;
  for (const w of words) {
    if (w in DATA.units) current += DATA.units[w]!;
    else if (w in DATA.tens) current += DATA.tens[w]!;
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w in DATA.scales) {
      total += (current || 1) * DATA.scales[w]!;
      current = 0;
    } else return null;
  }
  return total + current;
}

const HEDGE_NULL_RE = new RegExp(`\\b(?:${DATA.hedgesNull.map((h) => h.replace(/ /g, '\\s+')).join('|')})\\s*$`, 'i');
const VAGUE_RE = new RegExp(`\\b(?:${DATA.vague.map((h) => h.replace(/ /g, '\\s+')).join('|')})\\s*$`, 'i');

/** Words allowed between a number and the noun it counts ("15 senior Russian embassy diplomats"). */
const MODIFIER_RE =
  /^(?:more|other|additional|further|senior|junior|top|diplomatic|embassy|consular|administrative|technical|accredited|foreign|military|intelligence|staff|local|mission|service|defen[cs]e|naval|high-ranking|ranking|acting|deputy|[A-Z][\p{L}.'’-]*)$/u;

export interface CountReading {
  /** Head-count, or null when vague / absent. */
  value: number | null;
  /** Where the number phrase starts (for excluding it from other readings). */
  start: number;
  /** The count was given as a determiner of one ("a", "an", "one", "another"). */
  singular: boolean;
  /** True when written as a total ("a total of 5", "24 employees in total"). */
  total: boolean;
}

const SINGULAR = new Set(['a', 'an', 'another', 'one']);
const POSSESSIVE_DET = new Set(['its', 'their', 'the', 'his', 'her', 'our']);
const NUMBER_TOKEN = new RegExp(`^(?:${NUMBER_SOURCE})$`, 'i');

/**
 * The count that modifies a noun starting at `nounStart` in `text`, read backwards over a few modifiers
 * ("15 senior Russian diplomats", "nine of its diplomats", "four of the six Irish diplomats").
 * @example countBefore('expelled 15 Russian diplomats', 20) // { value: 15, ... }
 */
export function countBefore(text: string, nounStart: number): CountReading | null {
  const windowStart = Math.max(0, nounStart - 100);
  const pre = text.slice(windowStart, nounStart);
  const tokens: Array<{ word: string; start: number }> = [];
  for (const m of pre.matchAll(/[^\s]+/g)) tokens.push({ word: m[0], start: windowStart + m.index! });
  // A token cut by the window edge is not a word.
  if (windowStart > 0 && tokens.length && tokens[0]!.start === windowStart) tokens.shift();
  let i = tokens.length - 1;
  let skipped = 0;
  while (i >= 0 && skipped <= 5) {
    const raw = tokens[i]!.word;
    const word = raw.replace(/^[("“'‘]+|[,"”)]+$/g, '');
    if (/[.;:!?]$/.test(raw) && i !== tokens.length - 1) return null;
    if (NUMBER_TOKEN.test(word) || SINGULAR.has(word.toLowerCase())) break;
    if (/^dozen$/i.test(word) && /^(?:a|one)$/i.test(tokens[i - 1]?.word ?? '')) {
      const start = tokens[i - 1]!.start;
      const hedge = text.slice(Math.max(0, start - 40), start);
      return { value: HEDGE_NULL_RE.test(hedge) ? null : 12, start, singular: false, total: false };
    }
    if (POSSESSIVE_DET.has(word.toLowerCase()) && tokens[i - 1]?.word.toLowerCase() === 'of') {
      i -= 2;
      skipped++;
      continue;
    }
    // "12 Algerian consular and diplomatic agents": two modifiers joined by "and".
    if (/^(?:and|or)$/i.test(word) && i > 0 && MODIFIER_RE.test(tokens[i - 1]!.word.replace(/,$/, ''))) {
      i--;
      skipped++;
      continue;
    }
    if (!MODIFIER_RE.test(word)) return null;
    i--;
    skipped++;
  }
  if (i < 0 || skipped > 5) return null;
  // Extend over multi-word numbers ("one hundred and five").
  let first = i;
  while (first > 0) {
    const w = tokens[first - 1]!.word.toLowerCase();
    if (NUMBER_TOKEN.test(w) && !/^\d/.test(w) && !/^\d/.test(tokens[first]!.word)) first--;
    else if (w === 'and' && first > 1 && NUMBER_TOKEN.test(tokens[first - 2]!.word) && !/^\d/.test(tokens[first - 2]!.word)) first -= 2;
    else break;
  }
  const phrase = tokens
    .slice(first, i + 1)
    .map((t) => t.word.replace(/^[("“'‘]+|[,"”)]+$/g, ''))
    .join(' ');
  const start = tokens[first]!.start + (tokens[first]!.word.length - tokens[first]!.word.replace(/^[("“'‘]+/, '').length);
  const lower = phrase.toLowerCase();
  const before = text.slice(Math.max(0, start - 40), start);
  // "four of the six": the part is the count.
  // "four of Ireland's six": so is a state's.
  if (/\bof\s+(?:the|its|their|(?:the\s+)?[\p{Lu}][\p{L}.'’-]*?['’]s?)\s*$/iu.test(before)) {
    const outer = /(\S+)\s+of\s+(?:the|its|their|(?:the\s+)?[\p{Lu}][\p{L}.'’-]*?['’]s?)\s*$/iu.exec(before);
    const v = outer ? parseNumber(outer[1]!) : null;
    if (v !== null) return { value: v, start: start - outer![0].length, singular: false, total: false };
  }
  if (/^[-‐]/.test(text.slice(start + phrase.length, start + phrase.length + 1))) return null;
  const singular = SINGULAR.has(lower) && lower !== 'one' ? true : lower === 'one';
  let value = SINGULAR.has(lower) ? 1 : parseNumber(phrase);
  if (value === null) return null;
  if (HEDGE_NULL_RE.test(before) || (VAGUE_RE.test(before) && !singular)) value = null;
  if (/\bat\s+least\s*$/i.test(before)) value = SINGULAR.has(lower) ? 1 : parseNumber(phrase);
  if (/\b(?:dozens|hundreds|thousands|scores)\s+of\s*$/i.test(before)) value = null;
  const total = /\b(?:a\s+total\s+of|total\s+of|in\s+all)\s*$/i.test(before);
  return { value, start, singular, total };
}

/** "from 1,210 to 455" → 755; "by 755" → 755; "from six to three" → 3. Null when the text gives no figures. */
export function capDifference(text: string): number | null {
  const from = new RegExp(`\\bfrom\\s+(?:about\\s+)?(${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,3}?to\\s+(${NUMBER_SOURCE})\\b`, 'iu').exec(text);
  if (from) {
    const a = parseNumber(from[1]!);
    const b = parseNumber(from[2]!);
    if (a !== null && b !== null && a > b) return a - b;
  }
  // "reduced to 30 from the present 55": the same figures the other way round.
  const toFrom = new RegExp(`\\bto\\s+(${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,2}?from\\s+(?:the\\s+)?(?:present|current|existing)?\\s*(${NUMBER_SOURCE})\\b`, 'iu').exec(text);
  if (toFrom) {
    const b = parseNumber(toFrom[1]!);
    const a = parseNumber(toFrom[2]!);
    if (a !== null && b !== null && a > b) return a - b;
  }
  const by = new RegExp(`\\bby\\s+(${NUMBER_SOURCE})\\s+(?!per\\s*cent|percent|%)(?:[\\p{L}.-]+\\s+){0,3}?(?:people|staff|employees|diplomats|personnel|members|positions|posts|workers)\\b`, 'iu').exec(text);
  if (by) return parseNumber(by[1]!);
  // "cutting the staff of the Russian embassy in Bratislava by 35": the staff named before the figure.
  const staffBy = new RegExp(`\\b(?:staff|personnel|headcount|number of (?:its |their )?(?:diplomats|staff|employees))\\b[^.;]{0,70}?\\bby\\s+(${NUMBER_SOURCE})\\b(?!\\s*(?:per\\s*cent|percent|%))`, 'iu').exec(text);
  if (staffBy) return parseNumber(staffBy[1]!);
  return null;
}

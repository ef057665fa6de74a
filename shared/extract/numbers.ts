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
  /^(?:more|other|additional|further|senior|junior|top|diplomatic|embassy|consular|administrative|technical|accredited|foreign|military|intelligence|staff|local|mission|high-ranking|ranking|[A-Z][\p{L}.'’-]*|of (?:its|their|the|his|her|our)(?: \S+)?)$/u;

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

const COUNT_TAIL_RE = new RegExp(
  `(?:^|[^\\p{L}\\p{N},])(${NUMBER_SOURCE}|a|an|another|a single|the lone|a lone|the sole)\\s+((?:[^\\s]+\\s+){0,5})$`,
  'iud',
);

/**
 * The count that modifies a noun starting at `nounStart` in `text`, read backwards over a few modifiers.
 * @example countBefore('expelled 15 Russian diplomats', 20) // { value: 15, ... }
 */
export function countBefore(text: string, nounStart: number): CountReading | null {
  const pre = text.slice(Math.max(0, nounStart - 90), nounStart);
  const m = COUNT_TAIL_RE.exec(pre);
  if (!m) return null;
  const between = m[2]!.trim();
  if (between) {
    // Rejoin "of its" / "of the six" pairs before checking each modifier.
    const parts = between.replace(/\bof (its|their|the|his|her|our)(?: (\S+))?/g, (s) => s.replace(/ /g, '\u0000')).split(/\s+/);
    for (const part of parts) {
      const word = part.replace(/\u0000/g, ' ').replace(/[,"“”]+$/, '');
      if (!MODIFIER_RE.test(word)) return null;
      if (/^of /.test(word)) {
        const inner = word.split(' ')[2];
        if (inner && !MODIFIER_RE.test(inner) && parseNumber(inner) === null) return null;
      }
    }
  }
  const phrase = m[1]!;
  const start = Math.max(0, nounStart - 90) + m.indices![1]![0];
  const before = text.slice(Math.max(0, start - 40), start);
  const lower = phrase.toLowerCase();
  const singular = /^(?:a|an|another|a single|the lone|a lone|the sole|one)$/.test(lower);
  let value = singular ? 1 : parseNumber(phrase);
  if (value === null) return null;
  if (!singular && (HEDGE_NULL_RE.test(before) || VAGUE_RE.test(before))) value = null;
  if (/\bat\s+least\s*$/i.test(before)) value = singular ? 1 : parseNumber(phrase);
  if (/\b(?:dozens|hundreds|thousands|scores)\s+of\s*$/i.test(before)) value = null;
  const total = /\b(?:a\s+total\s+of|total\s+of|in\s+all)\s*$/i.test(before);
  // "two-thirds", "50 per cent": fractions and percentages are not head-counts.
  if (/^[-‐]/.test(text.slice(start + phrase.length, start + phrase.length + 1))) return null;
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
  const by = new RegExp(`\\bby\\s+(${NUMBER_SOURCE})\\s+(?!per\\s*cent|percent|%)(?:[\\p{L}.-]+\\s+){0,3}?(?:people|staff|employees|diplomats|personnel|members|positions|posts|workers)\\b`, 'iu').exec(text);
  if (by) return parseNumber(by[1]!);
  return null;
}

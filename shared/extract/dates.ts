import { addDays, isIsoDate } from '../domain/dates.js';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const MONTH_SOURCE =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function ymd(y: number, m: number, d: number): string | null {
  const s = `${y}-${pad(m)}-${pad(d)}`;
  if (!isIsoDate(s)) return null;
  const back = new Date(`${s}T00:00:00Z`);
  return back.getUTCDate() === d ? s : null;
}

/**
 * A publication date as YYYY-MM-DD from the many shapes metadata uses ("2015-07-24T05:36:09+01:00",
 * "2017-11-03 03:01:00.000000", "July 24, 2015", "24 Jul 2015", RFC 2822). The calendar day is the
 * one written (the publisher's local day), not converted to UTC.
 */
export function normalizeDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})(\d{2})(\d{2})(?:T|$)/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = new RegExp(`\\b(${MONTH_SOURCE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i').exec(s);
  if (m) return ymd(+m[3]!, monthNumber(m[1]!)!, +m[2]!);
  m = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_SOURCE})\\.?,?\\s+(\\d{4})\\b`, 'i').exec(s);
  if (m) return ymd(+m[3]!, monthNumber(m[2]!)!, +m[1]!);
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})\b/.exec(s);
  if (m) return ymd(+m[3]!, +m[2]!, +m[1]!);
  if (/^\d{10,13}$/.test(s)) {
    const t = Number(s.length === 10 ? `${s}000` : s);
    return new Date(t).toISOString().slice(0, 10);
  }
  return null;
}

export function monthNumber(word: string): number | null {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? null;
}

export interface DateMention {
  start: number;
  end: number;
  text: string;
  /** Resolved day, or null when it cannot be resolved (no publication date, no year). */
  date: string | null;
  /** A deadline or a start date ("by April 5", "from Oct. 1", "within"), not the day of a decision. */
  deadline: boolean;
  /** Only a month or a year ("in March", "in 2018"): placed in time but not on a day. */
  coarse: boolean;
  /** A weekday or relative word ("Monday", "yesterday"). */
  relative: boolean;
}

const DEADLINE_BEFORE = /\b(?:by|until|till|before|from|since|within|starting|effective|as of|no later than|not later than|due|deadline(?:\s+(?:of|on|was|is))?|expires?|leave on|left on|left the country on|depart on)\s+(?:the\s+)?(?:end of\s+)?$/i;

/** Most recent `weekday` on or before `published`. */
function lastWeekday(published: string, weekday: number): string {
  const pub = new Date(`${published}T00:00:00Z`).getUTCDay();
  return addDays(published, -((pub - weekday + 7) % 7));
}

/**
 * Dates mentioned in a sentence, resolved against the publication day: weekdays (the most recent such day
 * on or before publication), yesterday/today, "March 14" (year from publication, never in the future),
 * full dates; coarse months and years are reported so callers can tell old acts from news.
 */
const AGO_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** The same day `months` months away (the last day of a shorter month). */
function shiftMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function findDates(sentence: string, published: string | null): DateMention[] {
  const out: DateMention[] = [];
  const push = (start: number, text: string, date: string | null, flags: Partial<DateMention> = {}) => {
    const before = sentence.slice(Math.max(0, start - 30), start);
    // A dateline ("MOSCOW, July 31 (RHC) --") dates the dispatch, not the measure.
    // A timeline entry ("- 9 December: Sudan answered ...") opens on its own day: that is the act's.
    const timelineEntry = /^\s*(?:[-–—•*]\s*)?$/.test(sentence.slice(0, start)) && /^\s*:/.test(sentence.slice(start + text.length));
    // So does a byline's ("By Nino Beridze | 14.04.2018 · 10:30").
    if (start < 40 && !timelineEntry && /^\s*(?:\([^)]*\))?\s*(?:--|[-–—:·|•]|\/)/.test(sentence.slice(start + text.length, start + text.length + 30))) flags = { ...flags, deadline: true };
    if (/^\s*By\s+[^.]{2,60}[|·•]\s*(?:\w+\s+)?$/.test(sentence.slice(0, start))) flags = { ...flags, deadline: true };
    // "KYIV, July 18." standing alone as the first line of a wire story is a dateline too.
    if (/^\s*[\p{Lu}][\p{Lu}\s.'’-]{2,30},\s*$/u.test(sentence.slice(0, start)) && /^\s*\.?\s*$/.test(sentence.slice(start + text.length))) flags = { ...flags, deadline: true };
    const deadline = DEADLINE_BEFORE.test(before) || !!flags.deadline;
    // A deadline with no year of its own looks ahead ("not later than April 30" in an April 25 story).
    if (deadline && !flags.relative && date && published && date < published && !/\b(?:19|20)\d\d\b/.test(text) && /^\d{4}-\d\d-\d\d$/.test(date)) {
      const next = `${+date.slice(0, 4) + 1}${date.slice(4)}`;
      if (next >= published && next <= addDays(published, 90)) date = next;
    }
    out.push({ start, end: start + text.length, text, date, coarse: false, relative: false, ...flags, deadline });
  };
  const pubYear = published ? +published.slice(0, 4) : null;
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const claim = (s: number, e: number) => taken.push([s, e]);

  // A day and month: the stated year, else the publication's (the year before when that would
  // put the day after publication).
  const onDay = (year: string | undefined, month: number, day: number): string | null => {
    if (year) return ymd(+year, month, day);
    if (!published || !pubYear) return null;
    const date = ymd(pubYear, month, day);
    return date && date > addDays(published, 1) ? ymd(pubYear - 1, month, day) : date;
  };
  // "March 14[, 2022]" and "14 [of] March[, 2022]": [pattern, month group, day group].
  const dayMonthForms: Array<[RegExp, number, number]> = [
    [new RegExp(`\\b(${MONTH_SOURCE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'g'), 1, 2],
    [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_SOURCE})\\.?(?:,?\\s+(\\d{4}))?\\b`, 'g'), 2, 1],
  ];
  for (const [form, monthAt, dayAt] of dayMonthForms) {
    for (let m = form.exec(sentence); m; m = form.exec(sentence)) {
      if (!free(m.index, m.index + m[0].length)) continue;
      push(m.index, m[0], onDay(m[3], monthNumber(m[monthAt]!)!, +m[dayAt]!));
      claim(m.index, m.index + m[0].length);
    }
  }
  // "On the 17th" with no month: this month's day, or last month's when that day is still to come.
  // So is a digest row's "(22nd)".
  const ordinal = /\b(?:[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:-|of\b|century|centuries|anniversary|floor|round|time|day|edition|session|summit|congress|amendment|birthday|hour|minute|place|and\s+final))|(?<=\()(\d{1,2})(?:st|nd|rd|th)(?=\))/g;
  for (let m = ordinal.exec(sentence); m; m = ordinal.exec(sentence)) {
    if (!free(m.index, m.index + m[0].length) || !published) continue;
    const day = +(m[1] ?? m[2])!;
    if (day < 1 || day > 31) continue;
    const pubDay = +published.slice(8, 10);
    // A deadline ("by the 31st") looks ahead instead.
    const ahead = /^(?:by|until)/i.test(m[0]);
    const month = ahead ? (day >= pubDay ? published.slice(0, 8) : shiftMonths(published, 1).slice(0, 8)) : day <= pubDay ? published.slice(0, 8) : shiftMonths(published, -1).slice(0, 8);
    const date = `${month}${pad(day)}`;
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).getUTCDate() !== day) continue;
    push(m.index, m[0], date, { deadline: /^(?:by|since|until)/i.test(m[0]) });
    claim(m.index, m.index + m[0].length);
  }
  // A decade ("the mid-1980s", "in the 1970s"): a coarse date in its middle, long past.
  const decade = /\b(?:the\s+)?(?:early\s+|mid-?|late\s+)?((?:19|20)\d)0s\b/g;
  for (let m = decade.exec(sentence); m; m = decade.exec(sentence)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], date: `${m[1]}5-01-01`, coarse: true, relative: false, deadline: false });
    claim(m.index, m.index + m[0].length);
  }
  // Numeric dates: ISO ("2023-04-14") and day-first with dots ("14.04.2023", the European form).
  for (const [form, y, mo, d] of [
    [/\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b/g, 1, 2, 3],
    [/\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b/g, 3, 2, 1],
  ] as Array<[RegExp, number, number, number]>) {
    for (let m = form.exec(sentence); m; m = form.exec(sentence)) {
      if (!free(m.index, m.index + m[0].length)) continue;
      const month = +m[mo]!;
      const day = +m[d]!;
      if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(+m[y]!, month, 0)).getUTCDate()) continue;
      push(m.index, m[0], ymd(+m[y]!, month, day));
      claim(m.index, m.index + m[0].length);
    }
  }
  // The prefix may open a sentence ("Last Thursday Ljubljana declared ..."); the weekday keeps its capital.
  let re = /\b([Ll]ast\s+|[Tt]his\s+|[Oo]n\s+|[Ss]ince\s+|[Bb]y\s+|[Nn]ext\s+)?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)s?\b/g;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const wd = WEEKDAYS.indexOf(m[2]!.toLowerCase());
    let date: string | null = null;
    if (published && !/next/i.test(m[1] ?? '')) {
      date = lastWeekday(published, wd);
      if (/last/i.test(m[1] ?? '') && date === published) date = addDays(date, -7);
    }
    push(m.index, m[0], date, { relative: true, deadline: /by|since/i.test(m[1] ?? '') });
    claim(m.index, m.index + m[0].length);
  }
  re = /\b(yesterday|today|tonight|this morning|this afternoon|this evening|last night|earlier today)\b/gi;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    const w = m[1]!.toLowerCase();
    let date = published ? (w === 'yesterday' || w === 'last night' ? addDays(published, -1) : published) : null;
    // "One year ago today", "five years ago this week": an anniversary, not the day of the news.
    const ago = /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(years?|months?|weeks?)\s+ago\s+$/i.exec(sentence.slice(Math.max(0, m.index - 30), m.index));
    if (ago && published && w === 'today') {
      const word = ago[1]!.toLowerCase();
      const n = /^\d+$/.test(word) ? Number(word) : word === 'a' || word === 'an' ? 1 : AGO_WORDS.indexOf(word) + 1;
      const unit = ago[2]!.toLowerCase().replace(/s$/, '');
      date = unit === 'week' ? addDays(published, -7 * n) : shiftMonths(published, unit === 'year' ? -12 * n : -n);
    }
    push(m.index, m[0], date, { relative: true });
  }
  re = new RegExp(`\\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ff]rom|[Oo]f|[Ee]arly|[Ll]ate|[Mm]id|[Mm]id-)\\s+(?:early\\s+|late\\s+|mid-?)?(${MONTH_SOURCE})(?:\\s+(\\d{4}))?\\b(?!\\s+\\d)`, 'g');
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const month = monthNumber(m[1]!)!;
    // "in December" read in March is last December.
    const year = m[2] ? +m[2] : pubYear && published && month > +published.slice(5, 7) ? pubYear - 1 : pubYear;
    const date = year ? `${year}-${pad(month)}-01` : null;
    push(m.index, m[0], date, { coarse: true });
  }
  // "March 2023: Iran expels ..." (a timeline entry): a month with its year needs no preposition.
  re = new RegExp(`\\b(${MONTH_SOURCE})\\.?,?\\s+((?:19|20)\\d\\d)\\b`, 'g');
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    push(m.index, m[0], `${m[2]}-${pad(monthNumber(m[1]!)!)}-01`, { coarse: true });
    claim(m.index, m.index + m[0].length);
  }
  re = /\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Oo]f|[Ee]arly|[Ll]ate)\s+((?:19|20)\d\d)\b/g;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    push(m.index, m[0], `${m[1]}-01-01`, { coarse: true });
  }
  return out.sort((a, b) => a.start - b.start);
}

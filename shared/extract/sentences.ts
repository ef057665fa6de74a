/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'maj', 'capt', 'cmdr', 'adm', 'sgt',
    'amb', 'pres', 'no', 'nos', 'vs', 'etc', 'inc', 'co', 'corp', 'ltd', 'jr', 'sr', 'mt', 'ft', 'approx', 'dept', 'est',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'u.k', 'u.n', 'e.u',
    'd.c', 'u.s.a', 'u.a.e', 'd.r', 'p.m', 'a.m', 'i.e', 'e.g', 'op', 'al', 'fig', 'vol',
  ],
);

/** Paragraphs of a text: blocks separated by blank lines (single line breaks also separate). */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Sentences of a paragraph; keeps abbreviations ("U.S.", "Sept. 1", "Mr. Kricke") and initials together. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  const re = /([.!?]+)(["'”’)\]]*)\s+(?=["'“‘(\[]?[\p{Lu}\p{N}])/gu;
  let last = 0;
  for (let m = re.exec(paragraph); m; m = re.exec(paragraph)) {
    const end = m.index + m[1]!.length + m[2]!.length;
    const before = paragraph.slice(last, m.index);
    const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
    if (m[1] === '.' && !m[2]) {
      const lw = word.toLowerCase().replace(/\.$/, '');
      if (ABBREVIATIONS.has(lw)) continue;
      if (/^\p{Lu}$/u.test(word)) continue; // an initial: "John F. Kennedy"
      if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) continue; // "U.S", "D.C"
    }
    out.push(paragraph.slice(last, end).trim());
    last = m.index + m[0].length;
  }
  const rest = paragraph.slice(last).trim();
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

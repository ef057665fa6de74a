/** States whose English short name takes "the" in running text. */
const WITH_ARTICLE = new Set(['US', 'GB', 'NL', 'PH', 'AE', 'CD', 'CF', 'DO', 'BS', 'GM', 'MV', 'MH', 'SB', 'KM', 'SC', 'VA', 'CZ']);
const SPECIAL_NAMES: Record<string, string> = { VA: 'Holy See', CZ: 'Czech Republic', KP: 'North Korea', KR: 'South Korea' };

let displayNames: Intl.DisplayNames | null = null;

/** The English short name of an ISO 3166-1 alpha-2 code ("RU" → "Russia"); the code itself if unknown. */
export function countryName(code: string): string {
  if (SPECIAL_NAMES[code]) return SPECIAL_NAMES[code];
  displayNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  try {
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The name as it reads inside a sentence: "the United States", "Russia". */
export function countryNameInText(code: string): string {
  const name = countryName(code);
  return WITH_ARTICLE.has(code) ? `the ${name}` : name;
}

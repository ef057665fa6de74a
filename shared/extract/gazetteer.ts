import countriesData from './data/countries.json';

/** One state of the gazetteer (see data/countries.json). */
export interface CountryEntry {
  code: string;
  names: string[];
  demonyms: string[];
  capitals: string[];
  metonyms: string[];
}

export type MentionKind = 'name' | 'demonym' | 'capital' | 'metonym';

/** A place in a text where a state is named, by name, demonym, capital or metonym. */
export interface CountryMention {
  code: string;
  start: number;
  end: number;
  text: string;
  kind: MentionKind;
  /** Followed by 's or a bare apostrophe ("Russia's", "Athens'"). */
  possessive: boolean;
}

export const COUNTRIES: readonly CountryEntry[] = (countriesData as { countries: CountryEntry[] }).countries;

/** Officials who act for their state ("Maduro ordered ..."), by ISO code; read as metonyms of their state. */
export const LEADERS: Readonly<Record<string, readonly string[]>> = (countriesData as { leaders?: Record<string, string[]> }).leaders ?? {};

const CONTEXTUAL = new Set(((countriesData as { contextualMetonyms?: string[] }).contextualMetonyms ?? []).map((m) => m.toLowerCase()));

/** A metonym several governments share ("the Foreign Office"): it names its state only where the text names that state otherwise. */
export function isContextualMetonym(mention: CountryMention): boolean {
  return mention.kind === 'metonym' && CONTEXTUAL.has(mention.text.toLowerCase());
}

/**
 * Phrases that contain a country word without naming a state (outlets, regions, US states).
 * They are matched first and then dropped, so "The Moscow Times" is not Russia.
 */
const SHADOWS = [
  'Latin America', 'Latin American', 'South America', 'South American', 'North America', 'North American',
  'Central America', 'Central American', 'Americas', 'Voice of America', 'Bank of America', 'Captain America',
  'Native American', 'African American', 'American Samoa', 'New Mexico', 'New Guinea', 'Guinea pig',
  'Washington Post', 'Washington Times', 'Washington Examiner', 'Washington state', 'Washington State',
  'Moscow Times', 'Japan Times', 'Times of India', 'Jerusalem Post', 'Kyiv Independent', 'Kyiv Post', 'China Daily',
  'Korea Herald', 'Korea Times', 'Russia Today', 'Irish Independent', 'Irish Times', 'Tehran Times', 'Hindustan Times',
  'Arab News', 'Radio Free Europe', 'Sydney Morning Herald', 'Saudi Gazette', 'Jordan Times', 'Bangkok Post',
  'Radio Nigeria', 'Iran International', 'News Ghana', 'Zambian Observer', 'Greek City Times', 'Indian Express',
  'Indian Ocean', 'Pakistan Today', 'Ghana News Agency', 'Egypt Independent', 'Turkish Airlines', 'Georgia Tech',
  'Atlanta, Georgia', 'Mexico Gulf', 'Gulf of Mexico', 'Sea of Japan', 'Russian roulette', 'French fries',
  'Chinese New Year', 'Korean War', 'Vietnam War', 'Persian Gulf', 'Indian Premier League', 'English Football League',
  'Congo River', 'Dutch East Indies', 'British Columbia', 'British Virgin Islands', 'New South Wales', 'New England',
  'Mexican Gulf', 'Vienna Convention', 'Vienna Conventions', 'Vienna convention', 'Vienna conventions', 'Geneva Convention', 'Geneva Conventions', 'Geneva convention', 'Geneva conventions', 'Minsk agreements', 'Minsk Agreements', 'Paris Agreement', 'Rome Statute', 'Oslo Accords', 'Camp David', 'Helsinki Final Act', 'Warsaw Pact', 'Brussels', 'Good Friday Agreement', 'Moscow Mule', 'Berlin Wall', 'Washington Consensus', 'South China Sea', 'East China Sea', 'Russian Orthodox', 'Greek Orthodox', 'Chad Smith',
];

interface Alias {
  code: string;
  kind: MentionKind;
}

function buildAliases(): Map<string, Alias | null> {
  const aliases = new Map<string, Alias | null>();
  const add = (text: string, alias: Alias | null) => {
    const variants = new Set([text, text.toUpperCase()]);
    if (/^the /.test(text)) variants.add(`The ${text.slice(4)}`);
    for (const v of variants) if (!aliases.has(v)) aliases.set(v, alias);
  };
  for (const shadow of SHADOWS) add(shadow, null);
  for (const c of COUNTRIES) {
    for (const n of c.names) add(n, { code: c.code, kind: 'name' });
    for (const m of [...c.metonyms, ...(LEADERS[c.code] ?? [])]) add(m, { code: c.code, kind: 'metonym' });
    for (const cap of c.capitals) add(cap, { code: c.code, kind: 'capital' });
    for (const d of c.demonyms) {
      add(d, { code: c.code, kind: 'demonym' });
      if (!/(?:sh|ch|ese|ss|s|\.)$/.test(d) && d !== d.toUpperCase()) add(`${d}s`, { code: c.code, kind: 'demonym' });
    }
  }
  return aliases;
}

const ALIASES = buildAliases();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MENTION_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...ALIASES.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![\\p{L}\\p{N}]|\\.\\p{L})`,
  'gu',
);

/** Every state named in `text`, left to right, longest alias first. */
export function findCountryMentions(text: string): CountryMention[] {
  const out: CountryMention[] = [];
  MENTION_RE.lastIndex = 0;
  for (let m = MENTION_RE.exec(text); m; m = MENTION_RE.exec(text)) {
    const alias = ALIASES.get(m[0]);
    if (!alias) continue;
    const end = m.index + m[0].length;
    const after = text.slice(end, end + 2);
    const possessive = /^['’]s\b/.test(after) || /^['’]s$/.test(after) || (/s$/.test(m[0]) && /^['’](?!\p{L})/u.test(after));
    out.push({ code: alias.code, start: m.index, end, text: m[0], kind: alias.kind, possessive });
  }
  return out;
}

/** The ISO code for a name, demonym, capital or metonym (exact spelling), or null. */
export function countryCode(alias: string): string | null {
  return ALIASES.get(alias)?.code ?? null;
}

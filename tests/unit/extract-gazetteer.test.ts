import { describe, expect, it } from 'vitest';
import { COUNTRIES, LEADERS, countryCode, findCountryMentions } from '../../shared/extract/gazetteer.js';

/** ISO 3166-1 alpha-2 codes of the 193 UN member states. */
const UN_MEMBERS = `AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US UY UZ VU VE VN YE ZM ZW`.split(/\s+/);

describe('gazetteer data', () => {
  it('covers every UN member state and the common non-members', () => {
    expect(UN_MEMBERS).toHaveLength(193);
    const codes = new Set(COUNTRIES.map((c) => c.code));
    for (const code of [...UN_MEMBERS, 'XK', 'TW', 'PS', 'VA']) expect(codes, code).toContain(code);
  });

  it('has one entry per code, each with a name, and no alias shared by two states', () => {
    const codes = COUNTRIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    const owner = new Map<string, string>();
    for (const c of COUNTRIES) {
      expect(c.code).toMatch(/^[A-Z]{2}$/);
      expect(c.names.length).toBeGreaterThan(0);
      for (const alias of [...c.names, ...c.demonyms, ...c.capitals, ...c.metonyms, ...(LEADERS[c.code] ?? [])]) {
        const previous = owner.get(alias);
        expect(previous === undefined || previous === c.code, `${alias}: ${previous} and ${c.code}`).toBe(true);
        owner.set(alias, c.code);
      }
    }
  });

  it.each([
    ['the Kremlin', 'RU'],
    ['Foggy Bottom', 'US'],
    ['Whitehall', 'GB'],
    ["Quai d'Orsay", 'FR'],
    ['Pyongyang', 'KP'],
    ['Holy See', 'VA'],
    ['Pristina', 'XK'],
    ['Taipei', 'TW'],
    ['Ramallah', 'PS'],
    ['Maduro', 'VE'],
    ['Sergei Lavrov', 'RU'],
    ['Erdoğan', 'TR'],
  ])('maps the metonym or capital %s to %s', (alias, code) => {
    expect(countryCode(alias)).toBe(code);
  });
});

describe('findCountryMentions', () => {
  it('reads names, demonyms, capitals and possessives', () => {
    const found = findCountryMentions("Moscow said Britain's envoy and two Polish diplomats must leave.");
    expect(found.map((m) => [m.code, m.kind, m.possessive])).toEqual([
      ['RU', 'capital', false],
      ['GB', 'name', true],
      ['PL', 'demonym', false],
    ]);
  });

  it('reads an official who acts for a state as that state, by full name or surname', () => {
    expect(Object.keys(LEADERS).every((code) => COUNTRIES.some((c) => c.code === code))).toBe(true);
    const found = findCountryMentions("Daniel Ortega ordered the nuncio out, and Lavrov's ministry answered Warsaw.");
    expect(found.map((m) => [m.code, m.text, m.possessive])).toEqual([
      ['NI', 'Daniel Ortega', false],
      ['RU', 'Lavrov', true],
      ['PL', 'Warsaw', false],
    ]);
  });

  it('prefers the longest alias (North Korean is not South Korean)', () => {
    expect(findCountryMentions('the North Korean ambassador').map((m) => m.code)).toEqual(['KP']);
    expect(findCountryMentions('the Democratic Republic of Congo').map((m) => m.code)).toEqual(['CD']);
  });

  it('ignores outlets, regions and treaties that contain a country word', () => {
    expect(findCountryMentions('The Moscow Times and the Washington Post cited the Vienna Convention in Latin America.')).toEqual([]);
    expect(findCountryMentions('activities inconsistent with their status under the Vienna conventions')).toEqual([]);
  });

  it('reads plural demonyms and upper-case datelines', () => {
    expect(findCountryMentions('MOSCOW said the Russians left').map((m) => m.code)).toEqual(['RU', 'RU']);
  });
});

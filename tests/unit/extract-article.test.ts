import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractArticle, extractEvents } from '../../shared/extract/index.js';

const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('extractArticle', () => {
  it('reads headline without the site name, the published day and the main text', () => {
    const html = page(
      `<nav><a href="/">Home</a><a href="/world">World</a></nav>
       <article><h1>Norway expels 15 Russian diplomats</h1>
       <p>Norway said on Thursday it was expelling 15 Russian diplomats, accusing them of spying while posted at the embassy in Oslo.</p>
       <p>The foreign minister said the diplomats were intelligence officers working under diplomatic cover, and they must leave soon.</p></article>
       <div class="related-links"><a href="/a">Poland expels 45 Russian diplomats</a></div>
       <footer>Cookie settings</footer>`,
      '<title>Norway expels 15 Russian diplomats | Example News</title><meta property="article:published_time" content="2023-04-14T09:00:00+02:00">',
    );
    const a = extractArticle(html);
    expect(a.title).toBe('Norway expels 15 Russian diplomats');
    expect(a.published).toBe('2023-04-14');
    expect(a.text).toContain('accusing them of spying');
    expect(a.text).not.toContain('Cookie settings');
    expect(a.text.split('\n\n')).toHaveLength(2);
    expect(a.events).toEqual([
      expect.objectContaining({ expelling_country: 'NO', expelled_country: 'RU', count: 15, date: '2023-04-13', new: true, is_retaliation: false }),
    ]);
  });

  it('reads fragments and plain text without <html>/<body>', () => {
    const a = extractArticle('<p>Poland expelled 45 Russian diplomats on Wednesday, accusing them of spying.</p><p>Second.</p>', { published: '2022-03-24' });
    expect(a.text).toBe('Poland expelled 45 Russian diplomats on Wednesday, accusing them of spying.\n\nSecond.');
    expect(a.events).toEqual([expect.objectContaining({ expelling_country: 'PL', expelled_country: 'RU', count: 45, date: '2022-03-23' })]);
  });

  it('stays fast on hostile text (no punctuation, endless repetition)', () => {
    const started = Date.now();
    const unpunctuated = 'Russia expelled two Polish diplomats and the ambassador of Germany must leave said the ministry in Moscow '.repeat(3000);
    expect(Array.isArray(extractEvents(unpunctuated, { published: '2022-01-01' }))).toBe(true);
    expect(Array.isArray(extractEvents('Russia expelled two Polish diplomats. '.repeat(8000), { published: '2022-01-01' }))).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('lets options.published override the page date', () => {
    const a = extractArticle(page('<p>Text.</p>', '<meta property="article:published_time" content="2020-01-01">'), { published: '2021-02-03' });
    expect(a.published).toBe('2021-02-03');
  });

  it('reads JSON-LD dates and time tags', () => {
    const ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"A headline","datePublished":"2019-04-28 06:01:07"}</script>';
    expect(extractArticle(page('<p>x</p>', ld))).toMatchObject({ title: 'A headline', published: '2019-04-28' });
    expect(extractArticle(page('<time datetime="2018-04-05T06:00">5 April</time><p>x</p>')).published).toBe('2018-04-05');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const a = extractArticle(s);
        expect(typeof a.text).toBe('string');
        expect(Array.isArray(a.events)).toBe(true);
      }),
      { numRuns: 60 },
    );
    for (const odd of ['', '<', '<html', '<<<>>>', '\u0000\u0001', '<p>'.repeat(3_000), undefined as unknown as string]) {
      expect(() => extractArticle(odd)).not.toThrow();
    }
  });
});

describe('extractEvents', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1000 }), fc.option(fc.constant('2023-04-14')), (s, published) => {
        expect(Array.isArray(extractEvents(s, { published }))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('adds up the parts of one order and counts a head of mission inside a group', () => {
    const published = '2022-04-05';
    const sum = extractEvents('Russia on Monday declared 58 diplomats of the US embassy and two staff of the US consulate persona non grata.', { published });
    expect(sum).toEqual([expect.objectContaining({ expelling_country: 'RU', expelled_country: 'US', count: 60, action: 'persona_non_grata' })]);
    const group = extractEvents('Latvia ordered the Russian ambassador and two other diplomats to leave on Monday.', { published });
    expect(group).toEqual([expect.objectContaining({ count: 3, action: 'expulsion', date: '2022-04-04' })]);
    const total = extractEvents('Eighteen diplomats and six administrative staff (24 employees in total) of the Russian embassy were asked to leave Croatia on Monday.', { published });
    expect(total[0]?.count).toBe(24);
  });

  it('places an act answered by a later one in the background', () => {
    const events = extractEvents(
      'Russia said on Friday it would expel 10 US diplomats in retaliation for expulsions announced by Washington a day earlier.',
      { published: '2021-04-17' },
    );
    expect(events).toEqual([
      expect.objectContaining({ expelling_country: 'RU', expelled_country: 'US', count: 10, is_retaliation: true, new: true, date: '2021-04-16' }),
    ]);
  });

  it('does not read threats, hypotheticals or non-diplomatic expulsions as events', () => {
    const published = '2023-04-14';
    expect(extractEvents('Moscow vowed to respond and reserves the right to expel Norwegian diplomats.', { published })).toEqual([]);
    expect(extractEvents('If we found any spies, we would expel them, the prime minister said of Russian diplomats.', { published })).toEqual([]);
    expect(extractEvents('China expelled three American journalists on Monday.', { published })).toEqual([]);
    expect(extractEvents('The club was expelled from the league on Monday.', { published })).toEqual([]);
  });
});

/**
 * Golden pages: short articles the project wrote itself (facts from public reporting, our own words),
 * one per rule or trap of EVENT-SPEC, each with the events it must yield. `UPDATE_GOLDEN=1` rewrites the
 * expected files; review the diff like code, because these files are the extraction spec.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../shared/extract/index.js';

const PAGES = path.resolve(__dirname, 'pages');
const EXPECTED = path.resolve(__dirname, 'expected');
const update = process.env.UPDATE_GOLDEN === '1';

const names = fs
  .readdirSync(PAGES)
  .filter((f) => f.endsWith('.html'))
  .map((f) => f.replace(/\.html$/, ''))
  .sort();

describe('golden pages', () => {
  it('has pages', () => {
    expect(names.length).toBeGreaterThan(10);
  });

  it.each(names)('%s', (name) => {
    const html = fs.readFileSync(path.join(PAGES, `${name}.html`), 'utf8');
    const article = extractArticle(html, { url: `https://golden.invalid/${name}` });
    for (const event of article.events) expect(event.evidence.length).toBeGreaterThan(0);
    const actual = {
      title: article.title,
      published: article.published,
      events: article.events.map(({ evidence: _evidence, ...rest }) => rest),
    };
    const file = path.join(EXPECTED, `${name}.json`);
    if (update || !fs.existsSync(file)) {
      if (!update) throw new Error(`no expected file for ${name}; run with UPDATE_GOLDEN=1 and review it`);
      fs.mkdirSync(EXPECTED, { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    expect(actual).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  it('keeps headline rails, most-read lists, comments and cookie banners out of the text', () => {
    const article = extractArticle(fs.readFileSync(path.join(PAGES, 'headline-rail.html'), 'utf8'));
    expect(article.text).toContain('restoring full diplomatic relations');
    expect(article.text).not.toMatch(/Norway expels|Most read|cookies|Reader:/);
  });
});

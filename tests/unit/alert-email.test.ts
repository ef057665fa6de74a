import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/alert.js';
import type { StoredEvent } from '../../shared/domain/event.js';
import { storedEvent as aStoredEvent } from '../helpers/events.js';
import { alertId, describeMeasure, renderEmail, safeUrl } from '../../shared/alert/index.js';

function storedEvent(fields: Partial<StoredEvent>): StoredEvent {
  return aStoredEvent({
    id: 'e',
    sources: [{ url: 'https://tass.example/ru-us', title: 'Russia answers', published: '2018-03-29', outlet: 'tass' }],
    ...fields,
  });
}

const earlier = storedEvent({
  id: 'us-ru',
  expelling_country: 'US',
  expelled_country: 'RU',
  date: '2018-03-26',
  is_retaliation: false,
  evidence: 'The United States expels 60 Russian diplomats.',
  sources: [{ url: 'https://wire.example/us-ru', title: 'US expels 60', published: '2018-03-26', outlet: 'wire' }],
});
const answer = storedEvent({ id: 'ru-us', responds_to: ['us-ru'] });
const alert: Alert = {
  type: 'retaliation',
  id: alertId('ru-us', 'desk'),
  event: answer,
  matches: [{ event: earlier, score: 0.93, reasons: ['reverse direction', '3 days later', 'same count (60)'] }],
};

describe('renderEmail', () => {
  it('names both countries in the subject', () => {
    expect(renderEmail(alert).subject).toBe('Russia answers the United States: 60 diplomats expelled');
    const reverse = { ...alert, event: storedEvent({ expelling_country: 'US', expelled_country: 'RU', action: 'consulate_closure', count: null }) };
    expect(renderEmail(reverse).subject).toBe('The United States answers Russia: consulate closed');
  });

  it('gives the new event, the event it answers, the score, the reasons and the links in plain text', () => {
    const { text } = renderEmail(alert);

    expect(text).toContain('2018-03-29: Russia against the United States, 60 diplomats expelled');
    expect(text).toContain('2018-03-26: The United States against Russia, 60 diplomats expelled');
    expect(text).toContain('Score 0.93: reverse direction; 3 days later; same count (60)');
    expect(text).toContain('https://tass.example/ru-us');
    expect(text).toContain('https://wire.example/us-ru');
    expect(text).toContain(alert.id);
  });

  it('escapes every text in the HTML part, so markup in evidence and titles stays text', () => {
    const hostile: Alert = {
      ...alert,
      event: storedEvent({
        evidence: 'Russia expels <script>alert(1)</script> diplomats & "more"',
        sources: [{ url: 'https://x.example/a?b=1&c="2"', title: '<img src=x onerror=alert(2)>', published: null, outlet: '<b>tass</b>' }],
      }),
      matches: [{ event: earlier, score: 0.5, reasons: ['text says \'<i>in response</i>\''] }],
    };

    const { html, text } = renderEmail(hostile);

    expect(html).not.toMatch(/<script|<img|<b>|<i>/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;img src=x onerror=alert(2)&#62;');
    expect(html).toContain('href="https://x.example/a?b=1&#38;c=%222%22"');
    // The plain-text part is text by nature: the characters are there, and no mail client renders them.
    expect(text).toContain('<script>alert(1)</script>');
  });

  it('links only http and https URLs', () => {
    const sneaky: Alert = {
      ...alert,
      event: storedEvent({ sources: [{ url: 'javascript:alert(1)', title: 'click', published: null, outlet: 'o' }] }),
    };

    const { html, text } = renderEmail(sneaky);

    expect(html).not.toContain('javascript:');
    expect(html).toContain('<li>click (o)</li>');
    expect(html.match(/<a /g)).toHaveLength(1); // only the earlier event's https source
    expect(text).not.toContain('javascript:');
    expect(safeUrl('data:text/html,hi')).toBeNull();
    expect(safeUrl('https://ok.example/')).toBe('https://ok.example/');
  });

  it('keeps the subject on one line whatever the data holds', () => {
    const subject = renderEmail({ ...alert, event: storedEvent({ expelling_country: 'XX\r\nBcc: a@b.c' as string }) }).subject;
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe('describeMeasure', () => {
  it.each([
    [{ action: 'expulsion', count: 1 }, '1 diplomat expelled'],
    [{ action: 'expulsion', count: null }, 'diplomats expelled'],
    [{ action: 'persona_non_grata', count: 2 }, '2 diplomats declared persona non grata'],
    [{ action: 'ambassador_expulsion', count: 1 }, 'ambassador expelled'],
    [{ action: 'staff_cap', count: 755 }, 'embassy staff capped (755 to leave)'],
    [{ action: 'consulate_closure', count: null }, 'consulate closed'],
  ] as const)('%j → %s', (event, expected) => {
    expect(describeMeasure(event)).toBe(expected);
  });
});

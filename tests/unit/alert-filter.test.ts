import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/event.js';
import { storedEvent } from '../helpers/events.js';
import { wants, type RoundToAlert } from '../../shared/alert/index.js';

const event: StoredEvent = storedEvent({ evidence: '' });
const round: RoundToAlert = {
  event,
  matches: [
    { event: { ...event, id: 'us-ru-a', expelling_country: 'US', expelled_country: 'RU' }, score: 0.4, reasons: [] },
    { event: { ...event, id: 'us-ru-b', expelling_country: 'US', expelled_country: 'RU' }, score: 0.8, reasons: [] },
  ],
};

describe('a subscriber filter', () => {
  it('lets everything through without countries or minScore', () => {
    expect(wants({ name: 'all', email: 'a@example.org' }, round)).toBe(true);
  });

  it('passes a round where either side is listed', () => {
    expect(wants({ name: 'x', email: 'a@example.org', countries: ['US'] }, round)).toBe(true);
    expect(wants({ name: 'x', email: 'a@example.org', countries: ['RU'] }, round)).toBe(true);
    expect(wants({ name: 'x', email: 'a@example.org', countries: ['DE', 'FR'] }, round)).toBe(false);
  });

  it('compares minScore with the best match', () => {
    expect(wants({ name: 'x', email: 'a@example.org', minScore: 0.8 }, round)).toBe(true);
    expect(wants({ name: 'x', email: 'a@example.org', minScore: 0.81 }, round)).toBe(false);
  });

  it('needs both filters to pass when both are set', () => {
    expect(wants({ name: 'x', email: 'a@example.org', countries: ['US'], minScore: 0.9 }, round)).toBe(false);
  });
});

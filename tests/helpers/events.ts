import type { StoredEvent } from '../../shared/domain/event.js';

/**
 * A stored event for tests: Russia's answer of 2018-03-29, 60 US diplomats expelled. A test
 * overrides the fields it is about.
 */
export function storedEvent(fields: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: 'ru-us',
    expelling_country: 'RU',
    expelled_country: 'US',
    count: 60,
    action: 'expulsion',
    date: '2018-03-29',
    is_retaliation: true,
    new: true,
    evidence: 'Russia will expel 60 US diplomats in response.',
    sources: [],
    responds_to: [],
    ...fields,
  };
}

import type { StoredEvent } from './event.js';

/** An earlier event that a new one answers, with the score and the reasons it matched. */
export interface RoundMatch {
  event: StoredEvent;
  /** In [0, 1]. */
  score: number;
  reasons: string[];
}

/** Where the answer stands in the chain of rounds between the two states (an addition to the contract's body). */
export interface AlertRound {
  /** 1 for an opening move; an answer is one more than the round it answers. */
  number: number;
  /** The two states, in code order. */
  pair: [string, string];
}

/** How long the answer took, against the past rounds (an addition to the contract's body). */
export interface AlertWatch {
  /** Days from the most recent measure it answers to the answer. */
  waitedDays: number;
  /** Median of the same gap over the answered rounds stored before; null when there are none. */
  medianDays: number | null;
}

/** The webhook body of docs/CONTRACT.md, "Alerts". `event` is always the later measure (the answer). */
export interface Alert {
  type: 'retaliation';
  /** Stable per (answering event, subscriber): the same on every retry and every rerun. */
  id: string;
  event: StoredEvent;
  matches: RoundMatch[];
  round?: AlertRound;
  watch?: AlertWatch;
}

export type DeliveryChannel = 'webhook' | 'email';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** The record of one alert to one subscriber, written before it is sent. */
export interface AlertRecord {
  id: string;
  subscriber: string;
  channel: DeliveryChannel;
  eventId: string;
  /** The alert exactly as it is (re)sent. */
  alert: Alert;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

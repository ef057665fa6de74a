import type { Alert, RoundMatch } from '../domain/alert.js';
import { effectiveDate, type StoredEvent } from '../domain/event.js';
import { countryNameInText } from '../match/countries.js';
import { describeWait } from '../match/chains.js';

/** A rendered alert email: a one-line subject, a plain-text part and an HTML part. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The email of one alert. The subject names both countries ("Russia answers the United States:
 * 60 diplomats expelled"); the body gives the new event, the event(s) it answers with score and
 * reasons, and the source links. Article text is untrusted: in the HTML part every text is
 * escaped and only http(s) links become anchors, so no markup from an article ever renders.
 */
export function renderEmail(alert: Alert): RenderedEmail {
  const { event } = alert;
  const subject = oneLine(`${capitalise(countryNameInText(event.expelling_country))} answers ${countryNameInText(event.expelled_country)}: ${describeMeasure(event)}`);
  return { subject, text: renderText(alert, subject), html: renderHtml(alert, subject) };
}

/** "60 diplomats expelled", "consulate closed", "staff cap (755 to leave)". */
export function describeMeasure(event: Pick<StoredEvent, 'action' | 'count'>): string {
  const n = event.count;
  switch (event.action) {
    case 'expulsion':
      return n === null ? 'diplomats expelled' : `${n} ${n === 1 ? 'diplomat' : 'diplomats'} expelled`;
    case 'persona_non_grata':
      return n === null ? 'diplomats declared persona non grata' : `${n} ${n === 1 ? 'diplomat' : 'diplomats'} declared persona non grata`;
    case 'ambassador_expulsion':
      return n !== null && n > 1 ? `${n} ambassadors expelled` : 'ambassador expelled';
    case 'staff_cap':
      return n === null ? 'embassy staff capped' : `embassy staff capped (${n} to leave)`;
    case 'consulate_closure':
      return 'consulate closed';
  }
}

function headline(event: StoredEvent): string {
  const date = effectiveDate(event) ?? 'date unknown';
  return `${date}: ${capitalise(countryNameInText(event.expelling_country))} against ${countryNameInText(event.expelled_country)}, ${describeMeasure(event)}`;
}

function renderText(alert: Alert, subject: string): string {
  const lines: string[] = [subject, '', 'New measure', `  ${oneLine(headline(alert.event))}`];
  lines.push(...evidenceText(alert.event), ...sourcesText(alert.event), '');
  lines.push(alert.matches.length === 1 ? 'It answers' : `It answers (${alert.matches.length} earlier measures, best first)`);
  alert.matches.forEach((match, i) => {
    lines.push(`${i + 1}. ${oneLine(headline(match.event))}`);
    lines.push(`   Score ${formatScore(match)}: ${oneLine(match.reasons.join('; '))}`);
    lines.push(...evidenceText(match.event).map((l) => ` ${l}`), ...sourcesText(match.event).map((l) => ` ${l}`));
  });
  const place = roundText(alert);
  if (place) lines.push('', place);
  lines.push('', `Alert ${alert.id}`, '');
  return lines.join('\n');
}

/** "Round 2 between Russia and the United States: answered in 3 days; past rounds' median: 5 days", when the alert carries them. */
function roundText(alert: Alert): string | null {
  const parts: string[] = [];
  if (alert.round) {
    const [a, b] = alert.round.pair;
    parts.push(`Round ${alert.round.number} between ${countryNameInText(a)} and ${countryNameInText(b)}`);
  }
  if (alert.watch) parts.push(describeWait(alert.watch));
  return parts.length ? capitalise(parts.join(': ')) : null;
}

function evidenceText(event: StoredEvent): string[] {
  const evidence = oneLine(event.evidence);
  return evidence ? [`  "${evidence}"`] : [];
}

function sourcesText(event: StoredEvent): string[] {
  if (event.sources.length === 0) return [];
  return [
    '  Sources:',
    ...event.sources.map((s) => {
      const about = [s.outlet, s.published].filter(Boolean).join(', ');
      const title = s.title ? `${oneLine(s.title)} ` : '';
      return `  - ${title}(${oneLine(about)}) ${safeUrl(s.url) ?? '[link withheld: not http(s)]'}`;
    }),
  ];
}

function renderHtml(alert: Alert, subject: string): string {
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head><body>',
    `<h1>${escapeHtml(subject)}</h1>`,
    '<h2>New measure</h2>',
    eventHtml(alert.event),
    `<h2>${escapeHtml(alert.matches.length === 1 ? 'It answers' : `It answers (${alert.matches.length} earlier measures, best first)`)}</h2>`,
    '<ol>',
    ...alert.matches.map(
      (match) =>
        `<li>${eventHtml(match.event)}<p>Score ${escapeHtml(formatScore(match))}</p><ul>${match.reasons
          .map((r) => `<li>${escapeHtml(r)}</li>`)
          .join('')}</ul></li>`,
    ),
    '</ol>',
    ...(roundText(alert) ? [`<p>${escapeHtml(roundText(alert)!)}</p>`] : []),
    `<p>Alert ${escapeHtml(alert.id)}</p>`,
    '</body></html>',
  ];
  return parts.join('\n');
}

function eventHtml(event: StoredEvent): string {
  const evidence = event.evidence.trim() ? `<blockquote>${escapeHtml(event.evidence)}</blockquote>` : '';
  const sources = event.sources.length
    ? `<ul>${event.sources
        .map((s) => {
          const label = escapeHtml(s.title ?? s.url);
          const about = escapeHtml([s.outlet, s.published].filter(Boolean).join(', '));
          const url = safeUrl(s.url);
          const link = url ? `<a href="${escapeHtml(url)}">${label}</a>` : label;
          return `<li>${link} (${about})</li>`;
        })
        .join('')}</ul>`
    : '';
  return `<p><strong>${escapeHtml(headline(event))}</strong></p>${evidence}${sources}`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The URL normalised, when it is http or https; null for anything else (javascript:, data:, ...). */
export function safeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function formatScore(match: RoundMatch): string {
  return match.score.toFixed(2);
}

/** Collapses whitespace and drops control characters, so a value cannot break a line or a header. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

import cuesData from './data/cues.json';
import { COUNTRIES, findCountryMentions, isContextualMetonym, type CountryMention } from './gazetteer.js';
import { capDifference, countBefore, NUMBER_SOURCE, parseNumber } from './numbers.js';
import { findDates, MONTH_SOURCE, monthNumber, type DateMention } from './dates.js';
import { splitParagraphs, splitSentences } from './sentences.js';
import { actionFamily, type Action, type ExtractedEvent } from '../domain/event.js';
import { addDays } from '../domain/dates.js';

/**
 * Sentence-level reader of expulsion events (rules in EVENT-SPEC; cue phrases in data/cues.json).
 *
 * For every trigger (expel, order to leave, persona non grata, staff cap, consulate closure) it finds the
 * object (a diplomatic noun phrase and the state it belongs to), the acting state (passive agent, subject,
 * host of the mission, or the article's context), the count, the modality (threats, hypotheticals, denials,
 * proposals are dropped), whether the act is the news or background, and the day. Article-level passes then
 * decide retaliation, demote the act being answered, merge mentions of the same measure, and reconcile a
 * staff cap with the expulsion that implements it.
 */

interface Cues {
  triggers: Record<'expel' | 'leave' | 'png' | 'cap' | 'closure', string>;
  capObject: string;
  closureObject: string;
  diplomatNouns: { head: string; group: string; generic: string };
  missionContext: string;
  nonDiplomaticObjects: string;
  blocs: string;
  modality: Record<'hypothetical' | 'conditional' | 'reportedFuture' | 'threat' | 'negation' | 'walkBack' | 'lonePolitician' | 'question' | 'denial', string>;
  adjectivalExpelled: { before: string; notAfter: string };
  ownMission: string;
  background: { pastPerfect: string; relative: string; answeredClause: string };
  retaliation: { strong: string; weak: string; after: string; measure: string };
  totals: string;
}

const CUES = cuesData as unknown as Cues;
const re = (source: string, flags = 'i') => new RegExp(source, flags);

const TRIGGER_RES = Object.entries(CUES.triggers).map(([kind, src]) => [kind as TriggerKind, re(src, 'gi')] as const);
const CAP_OBJECT = re(CUES.capObject);
const CLOSURE_OBJECT = re(CUES.closureObject);
const HEAD_RE = re(CUES.diplomatNouns.head, 'gi');
const GROUP_RE = re(CUES.diplomatNouns.group, 'gi');
const GENERIC_RE = re(CUES.diplomatNouns.generic, 'gi');
const MISSION_CONTEXT = re(CUES.missionContext);
const NON_DIPLOMATIC = re(CUES.nonDiplomaticObjects, 'gi');
const BLOC_RE = re(CUES.blocs, 'g');
const M = Object.fromEntries(Object.entries(CUES.modality).map(([k, v]) => [k, re(v)])) as Record<
  keyof Cues['modality'],
  RegExp
>;
const ADJECTIVAL_BEFORE = re(CUES.adjectivalExpelled.before);
const ADJECTIVAL_NOT_AFTER = re(CUES.adjectivalExpelled.notAfter);
const BG_PAST_PERFECT = re(CUES.background.pastPerfect);
/** People named just before a participle ("the 23 Russian diplomats expelled over ..."). */
const POST_NOMINAL_HEAD = /\b(?:diplomats|officials|staff(?:ers)?|envoys|employees|officers|personnel|families|Russians|Americans|Britons|[A-Z][a-z]+(?:ians|eans|ans|ese|is))\s+$/;
/** The sentence's own verb is their going: "... left the country on Sunday", "flew home at the weekend". */
const DEPARTED_AFTER = /^[^.;:!?]*?\b(?:left|flew (?:home|out|back)|departed|boarded|headed (?:home|for|to|back)|pulled out|set off|began (?:to leave|leaving)|were (?:seen off|flown|driven|bussed))\b/i;
const BG_RELATIVE = re(CUES.background.relative);
const BG_ANSWERED = re(CUES.background.answeredClause, 'gi');
const RET_STRONG = re(CUES.retaliation.strong, 'gi');
const RET_WEAK = re(CUES.retaliation.weak, 'gi');
const RET_AFTER = re(CUES.retaliation.after, 'gi');
const RET_MEASURE = re(CUES.retaliation.measure, 'i');
const TOTALS = re(CUES.totals);

type TriggerKind = 'expel' | 'leave' | 'png' | 'cap' | 'closure';

interface Trigger {
  kind: TriggerKind;
  start: number;
  end: number;
  text: string;
  passive: boolean;
  /** For "ordered X to leave": where X sits. */
  between: [number, number] | null;
}

interface Noun {
  start: number;
  end: number;
  text: string;
  head: boolean;
  plural: boolean;
}

interface Sentence {
  text: string;
  paragraph: number;
  index: number;
  mentions: CountryMention[];
  dates: DateMention[];
}

interface Candidate {
  expelling: string;
  expelled: string;
  count: number | null;
  countKnown: boolean;
  action: Action;
  date: string | null;
  isNew: boolean;
  retaliation: boolean;
  /** A weak response cue ("in response to") governs this event; confirmed if the reverse act is in the text. */
  responseCue: boolean;
  answered: boolean;
  capType: 'ceiling' | 'reduction' | null;
  sentence: number;
  paragraph: number;
  subjectPos: number;
  triggerStart: number;
  evidence: string;
}

export interface EventContext {
  published: string | null;
  title?: string | null;
  /** Set by the extractor: the one state whose diplomats the headline names ("show North Korean ambassadors the door"). */
  titleOwner?: string | null;
  /** Set by the extractor: the day the lede states for the news, if it states one. */
  newsDay?: string | null;
}

/** The one state whose people the headline names as diplomats, or null. */
function headlineOwner(title: string | null | undefined): string | null {
  if (!title) return null;
  const owners = new Set(
    findCountryMentions(title)
      .filter((m) => (m.kind === 'demonym' || m.possessive) && /^(?:['’]s?)?\s+(?:\S+\s+)?(?:ambassadors?|envoys?|diplomats?|embassy staff|consuls?|charg[ée]s?)\b/i.test(title.slice(m.end, m.end + 40)))
      .map((m) => m.code),
  );
  return owners.size === 1 ? [...owners][0]! : null;
}

const SUBORDINATE_BOUNDARY = /(?:[;:]|\s--\s|\s[—–]\s|\b(?:after|following|because|since|while|whereas|when|but|which|who|whom|amid|days after|hours after)\b)/gi;

function allMatches(regex: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const r = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  for (let m = r.exec(text); m; m = r.exec(text)) {
    out.push(m);
    if (m[0].length === 0) r.lastIndex++;
  }
  return out;
}

/** Start of the clause the position belongs to, for subject search (stops at subordinators and semicolons). */
function clauseStart(text: string, pos: number): number {
  let start = 0;
  for (const m of allMatches(SUBORDINATE_BOUNDARY, text.slice(0, pos))) start = m.index;
  return start;
}

/** The stretch of sentence around a trigger used for tense/time markers. */
const APPOSITIVE_NAME = /\b(?:ambassador|envoy|consul(?:[- ]general)?|diplomat|attach[ée]|charg[ée] d['’]affaires|counsell?or|secretary|official|nuncio|high commissioner),\s+(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*$/iu;

function segmentAround(text: string, pos: number): [number, number] {
  const boundary = /[;:](?=\s)|\s--\s|\s[—–]\s|,\s(?=(?:and|but|while|after|following|days after|hours after|which|as|who)\b)/g;
  let start = 0;
  let end = text.length;
  for (const m of allMatches(boundary, text)) {
    // "the ambassador, Ahmad Sadeghi, and three other officials": the comma closes a name in apposition, not a clause.
    if (/^,\s+and\b/.test(m[0] + text.slice(m.index + m[0].length, m.index + m[0].length + 4)) && APPOSITIVE_NAME.test(text.slice(Math.max(0, m.index - 80), m.index))) continue;
    if (m.index < pos) start = m.index + m[0].length;
    else if (m.index > pos) {
      end = m.index;
      break;
    }
  }
  return [start, end];
}

export function findTriggers(text: string): Trigger[] {
  const out: Trigger[] = [];
  for (const [kind, regex] of TRIGGER_RES) {
    for (const m of allMatches(regex, text)) {
      const start = m.index;
      const end = start + m[0].length;
      const before = text.slice(Math.max(0, start - 60), start);
      const after = text.slice(end, end + 80);
      if (kind === 'expel') {
        // "the expelled diplomats", "Two expelled Russians": a participle naming people, not an act.
        if (/^(?:expelled|ousted|deported)$/i.test(m[0]) && ADJECTIVAL_BEFORE.test(before) && !ADJECTIVAL_NOT_AFTER.test(after)) continue;
        if (/^\s*(?:\w+\s+){0,3}from\s+(?:the\s+)?(?:[\p{Lu}][\p{L}-]*\s+){0,3}(?:League|Council|Union|organi[sz]ation|party|bloc|club|group|school|university|college|federation|association|alliance|assembly|tournament|competition|championship|committee|board|body|Commonwealth|Parliament|EU|NATO|UN)\b/iu.test(after)) continue;
      }
      // "three Russian diplomats must go": only people named just before it go ("so 55 would have to go" is a sum).
      if (kind === 'leave' && /^(?:must|have to|has to|had to|will have to|are to|is to|were to|should)\s+go$/i.test(m[0]) && !/\b(?:diplomats|officials|staff|employees|envoys?|ambassadors?|attach[ée]s?|members|personnel|consuls?|[A-Z][a-z]+s)\s+(?:would\s+|will\s+)?$/.test(before)) continue;
      // "at the end of the week they were given to leave": the deadline named, not an order given.
      if (kind === 'leave' && /^give[sn]?\s/i.test(m[0]) && /\b(?:week|weeks|days?|hours?|deadline|time|period|month)\s+(?:that\s+)?(?:they|he|she|the\s+\w+)\s+(?:were|was|had\s+been|have\s+been|has\s+been)\s+$/i.test(before)) continue;
      // "The Russian diplomats ordered out of the United States ... left the country on Sunday": a participle naming
      // the people whose departure is the news; the order itself was told before.
      if (POST_NOMINAL_HEAD.test(before) && DEPARTED_AFTER.test(text.slice(end, end + 200))) {
        const participle = kind === 'expel' ? /^(?:expelled|ousted|deported|sent home)$/i.test(m[0]) && /^\s+(?:over|from|by|in|on|last|earlier|after|for|under|during|at|as|with)\b/i.test(after) : kind === 'leave' && /^(?:ordered|told|asked)\s+(?:out|to leave|to depart)$/i.test(m[0]);
        if (participle) continue;
      }
      // "told him to return to Turkey" sends a diplomat home; "to return to work" does not (the cue
      // list is case-insensitive, so the capital is checked here).
      const returnTo = /\breturn to (\w+)$/i.exec(m[0]);
      if (kind === 'leave' && returnTo && !/^(?:his|her|their|its|home)$/i.test(returnTo[1]!) && !/^[A-Z]/.test(returnTo[1]!)) continue;
      // "told Russia to shrink its embassy ..., a decision that will force 40 diplomats to leave": an earlier
      // infinitive is the order's own content; the later "to leave" belongs to another verb.
      // Not when a second order verb follows ("told Iran to cut its embassy staff and ordered 15 Iranian diplomats to leave").
      if (kind === 'leave' && m[1] && /\bto\s+[a-z]+\s+(?:its|their|his|her)\b/.test(m[1]) && !/\band\s+(?:also\s+)?(?:order(?:s|ed)?|ask(?:s|ed)?|told|tell(?:s)?|instruct(?:s|ed)?|direct(?:s|ed)?|request(?:s|ed)?|demand(?:s|ed)?|require[sd]?|gave|give[sn]?)\s+/i.test(m[1])) continue;
      // "PNG" is the wire's abbreviation only in capitals ("photo.png" is a file).
      if (kind === 'png' && /^png$/i.test(m[0]) && m[0] !== 'PNG') continue;
      if (kind === 'cap') {
        // "only a limited number of European countries": an adjective.
        if (/^limited$/i.test(m[0]) && /^\s+number\s+of\b/i.test(after) && /\b(?:a|an|the)\s+$/i.test(before)) continue;
        // "Russia's embassy in Washington, which has also shrunk, says ...": a mission's state, no one acting.
        if (/\b(?:which|that)\s+(?:has|have|had)\s+(?:also\s+|already\s+|itself\s+)?$/i.test(before) && /^\s*(?:[,.;]|since\b|sharply\b|considerably\b|dramatically\b|too\b|as\s+well\b)/i.test(after)) continue;
        // "cut the number of staff that foreign media may keep": not a mission's staff.
        if (/^\s+(?:\S+\s+){0,5}?(?:staff|employees|people|personnel)\s+(?:that|which|who)?\s*(?:foreign\s+|international\s+)?(?:media|journalists|news|press|broadcasters|companies|firms|NGOs?|charities|aid\s+groups)\b/i.test(after)) continue;
        // "Bahrain: relations cut, Qatari diplomats given 48 hours": ties broken, not staff capped.
        if (/\b(?:relations|ties|links|contacts|aid|trade|flights)\s+(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?$/i.test(before)) continue;
        // "working with reduced staff": a state of things, not a measure.
        if (/^reduced$/i.test(m[0]) && /\b(?:with|a|an|the|its|their|his|her)\s+(?:\w+ly\s+)?$/i.test(before)) continue;
        const fwdWindow = text.slice(end, end + 55);
        const backWindow = text.slice(Math.max(0, start - 60), start);
        // "The overall strength of the two missions will come down from 55 to 30": the mission named before.
        if (!CAP_OBJECT.test(fwdWindow) && !(CAP_OBJECT.test(backWindow) && (/\b(?:be|been|was|were|is|are|being)\s+$/i.test(backWindow) || (/down$/i.test(m[0]) && /\b(?:will|would|must|shall|to)\s+$/i.test(backWindow))))) continue;
        if (/^\s*(?:on|of)\s+(?:the\s+)?(?:\S+\s+)?(?:assignment|term|period|stay|visas?|tenure|duration|length)\b/i.test(after)) continue;
        // "would cap the length of visas for Russian diplomats": their stay, not their number.
        if (/^\s+(?:the\s+)?(?:length|duration|validity|term)s?\s+of\b/i.test(after)) continue;
        if (/^\s*(?:[\w-]+\s+)?(?:off|ties|relations|links|contacts|aid|funding|trade|tensions|risk|security|privileges|protection|barricades|barriers|cooperation)\b/i.test(after)) continue;
        if (/^\s*(?:\w+\s+){0,2}(?:tensions|risk|costs?|emissions|prices?|rates?|tariffs?|interest)\b/i.test(after)) continue;
      }
      if (kind === 'closure') {
        const fwd = text.slice(end, end + 70);
        const back = text.slice(Math.max(0, start - 90), start);
        // "ordered the two Ethiopian consulates to close": the object before an infinitive counts too.
        // "orders Russian consulate in Poznan shut" (a headline) reads the object before the verb too.
        // "the three Iranian consulates general ... must close": the posts named before a modal.
        if (!CLOSURE_OBJECT.test(fwd) && !((/\b(?:be|been|was|were|is|are|being|to be|to|must|will|would|will have to|would have to|have to|has to|had to)\s*$/i.test(back) || /\border(?:s|ed)?\s+(?:(?!to\b|and\s+(?:\w+ed|sent|gave|told|shut|cut|withdrew|broke|took)\b)\S+\s+){1,10}$/i.test(back)) && CLOSURE_OBJECT.test(back))) continue;
      }
      const passive = /\b(?:was|were|been|be|being|is|are|get|got|gets|getting)\s+(?:\w+\s+)?$/i.test(before) && /(?:ed|en|out|home|back)$/i.test(m[0]);
      let between: [number, number] | null = null;
      const inner = m[1] ?? m[2] ?? m[3] ?? m[4];
      let leaveStart = start;
      if (kind === 'leave' && inner !== undefined) {
        let bStart = start + m[0].indexOf(inner, m[0].search(/\s/));
        let bText = inner;
        // "ordered the closure of two posts and told the people working in them to leave": the order to leave is the
        // last such verb's.
        const again = [...inner.matchAll(/\band\s+(?:also\s+)?(?:order(?:s|ed)?|ask(?:s|ed)?|told|tell(?:s)?|instruct(?:s|ed)?|direct(?:s|ed)?|request(?:s|ed)?|demand(?:s|ed)?|require[sd]?|gave|give[sn]?)\s+/gi)].pop();
        if (again) {
          leaveStart = bStart + again.index + /\band\s+(?:also\s+)?/i.exec(again[0])![0].length;
          bText = inner.slice(again.index + again[0].length);
          bStart = bStart + again.index + again[0].length;
        }
        // "told Ambassador Laurie Bristow that 23 British diplomats would have to leave": the that-clause's subject goes.
        const that = /^(?:(?!\bthat\b)[^,])*?\bthat\s+(?!(?:he|she|they|it|we|you|i)\b)(?=\S)/i.exec(bText);
        if (that && /^(?:\S+\s+){0,8}?(?:would|will|must|should|had|have|has|were|was|are|is)\b/i.test(bText.slice(that[0].length))) {
          bStart += that[0].length;
          bText = bText.slice(that[0].length);
        }
        between = [bStart, bStart + bText.length];
      }
      if (kind === 'expel' && /^(?:sen(?:d|ds|t|ding)\s+\S+.*\s(?:home|packing|back)|(?:strip|gave|give|giving|hand)\w*\s+\S+.*\s(?:status|accreditation|orders))$/i.test(m[0])) {
        // "sent two officials of the Chinese embassy home": the object sits inside the phrase.
        const verb = /^\S+\s+/.exec(m[0])![0].length;
        between = [start + verb, end - (/\S+$/.exec(m[0])![0].length)];
      }
      if (kind === 'expel' && /^not\s/i.test(m[0])) {
        // "would not allow the Dutch ambassador to return": a barred return, object inside.
        const verb = /^not\s+\S+\s+/i.exec(m[0])![0].length;
        between = [start + verb, end - (/(?:to\s+)?(?:return|come back)$/i.exec(m[0])![0].length)];
      }
      if (kind === 'expel' && /^declar/i.test(m[0])) {
        // "declared 40 Russian diplomats undesirable": the object sits inside the phrase.
        const inner = /^declar\w*\s+/i.exec(m[0])![0].length;
        between = [start + inner, end - (/\S+$/.exec(m[0])![0].length)];
      }
      // "were declared unacceptable (by Russia)": nothing between the words, the object comes before.
      if (between && !text.slice(between[0], between[1]).trim() && kind === 'expel') {
        between = null;
        out.push({ kind, start, end, text: m[0], passive: /\b(?:was|were|been|be|being|is|are)\s+(?:\w+\s+)?$/i.test(before), between });
        continue;
      }
      out.push({ kind, start: leaveStart, end, text: text.slice(leaveStart, end), passive, between });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "60 Russians", "two Americans": people named by a plural demonym after a number. */
const PEOPLE_RE = new RegExp(`(?:\\d+|${'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty'})\\s+((?:${COUNTRIES.flatMap((c) => c.demonyms).filter((d) => /^[A-Z][a-z]+$/.test(d) && !/(?:sh|ch|ese|ss|s)$/.test(d)).map((d) => `${d}s`).join('|')}))\\b`, 'g');

const DEMONYM_BEFORE = new RegExp(`\\b(?:${COUNTRIES.flatMap((c) => c.demonyms).filter((d) => /^[A-Z]/.test(d)).map((d) => d.replace(/[.]/g, '\\.')).join('|')})\\s+(?:(?:senior|junior|top|government|state)\\s+)?$`);

const CAP_NOUN_RE = /\b(?:(?:diplomatic\s+)?missions?|presence|embass(?:y|ies)|high commissions?|staff(?:ing)?|personnel|strength|headcount)\b/gi;

function findNouns(text: string, from: number, to: number, capNouns = false): Noun[] {
  const out: Noun[] = [];
  const region = text.slice(from, to);
  const missionContext = MISSION_CONTEXT.test(text);
  const push = (m: RegExpExecArray, head: boolean) => {
    const start = from + m.index;
    if (out.some((n) => start < n.end && start + m[0].length > n.start)) return;
    out.push({ start, end: start + m[0].length, text: m[0], head, plural: /s$|staff|personnel|corps|spies|people/i.test(m[0]) && !/^(?:charg|consul-general)/i.test(m[0]) });
  };
  for (const m of allMatches(HEAD_RE, region)) push(m, true);
  for (const m of allMatches(GROUP_RE, region)) push(m, false);
  for (const m of allMatches(GENERIC_RE, region)) {
    // "two Russian officials" counts as diplomatic staff when a state owns them; bare "officials" needs a mission context.
    const before = text.slice(Math.max(0, from + m.index - 30), from + m.index);
    // So do "Australia's representatives": a state's people named by a possessive (no state, no owner, no event).
    if (missionContext || DEMONYM_BEFORE.test(before) || (/['’]s?\s+(?:(?:senior|top|official|diplomatic|accredited)\s+)?$/.test(before) && findCountryMentions(before).some((x) => x.possessive && /^['’]s?\s+(?:\S+\s+)?$/.test(before.slice(x.end))))) push(m, false);
  }
  if (capNouns) for (const m of allMatches(CAP_NOUN_RE, region)) push(m, false);
  for (const m of allMatches(PEOPLE_RE, region)) {
    // "60 Russians" are diplomats in a sentence about missions, or as the object of "expelled" itself.
    if (!missionContext && !/\b(?:expel(?:s|led|ling)?|ordered\s+out)\s+(?:another\s+|a\s+further\s+)?$/i.test(text.slice(Math.max(0, from + m.index - 30), from + m.index))) continue;
    {
      const start = from + m.index + m[0].length - m[1]!.length;
      if (!out.some((n) => start < n.end && start + m[1]!.length > n.start)) out.push({ start, end: start + m[1]!.length, text: m[1]!, head: false, plural: true });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function closureNouns(text: string, from: number, to: number): Noun[] {
  // "the embassy's military and trade offices" closes parts of a mission, not the mission.
  // Nor does "the military, cultural and trade offices attached to its embassy": the mission is where they sit.
  // "the Krakow consulate's operation" is the consulate's own.
  return allMatches(re(CUES.closureObject, 'gi'), text.slice(from, to)).filter((m) => !/^['’]s\b(?!\s+(?:operation|operations|work|activity|activities|functioning)\b)/.test(text.slice(from + m.index + m[0].length)) && !/\b(?:attached to|part of|within|inside|housed in|located in|at)\s+(?:its|the|their|his|her)?\s*(?:[\p{L}-]+\s+){0,2}$/iu.test(text.slice(Math.max(0, from + m.index - 40), from + m.index))).map((m) => ({
    start: from + m.index,
    end: from + m.index + m[0].length,
    text: m[0],
    head: false,
    plural: /s$/i.test(m[0]),
  }));
}

function nearestNonDiplomatic(text: string, from: number, to: number): number | null {
  const hits = allMatches(NON_DIPLOMATIC, text.slice(from, to));
  return hits.length ? from + hits[0]!.index : null;
}

function isLocation(text: string, mention: CountryMention): boolean {
  if (mention.possessive) return false; // "in response to Prague's expulsion"
  const before = text.slice(Math.max(0, mention.start - 25), mention.start);
  if (/\b(?:in|to|at|inside|within|into|toward|towards|leave|leaving|left|across|near|outside|out of|visit(?:ing|ed)?|based in|posted in|serving in|accredited to)\s+(?:the\s+)?$/i.test(before)) {
    // "the Russian embassy in Oslo": Oslo is where the mission sits. "in the Russian embassy": Russian owns it.
    const after = text.slice(mention.end, mention.end + 30);
    if (/^(?:['’]s)?\s+(?:\([^)]*\)\s+)?(?:embass|consul|mission|high commission|diplomat|legation|government|foreign)/i.test(after)) return false;
    // "the authorities in Kinshasa", "the junta in Niger", "the government in Minsk": the seat of power acts.
    if (/\b(?:authorities|government|junta|rulers|regime|leadership|officials|administration|military government|ministry|presidency|cabinet)\s+in\s+$/i.test(before)) return false;
    return true;
  }
  return false;
}

// Built once: these read every trigger, and NUMBER_SOURCE is a long alternation.
const BLOC_BEFORE = new RegExp(`${CUES.blocs}(?:['’]s?)?\\s+(?:\\S+\\s+){0,2}$`);
const BLOC_AFTER = new RegExp(`^\\s+(?:of|from)\\s+(?:the\\s+)?(?:\\S+\\s+){0,2}?${CUES.blocs}`);
/** ", three Lithuanian " between counted nouns of a list. */
/** "..., together with twelve more", "and one of the consulate general": a part with no noun of its own. */
const FURTHER_PART = new RegExp(`^[^.;:]{0,80}?\\b(?:together with|along with|plus|and)\\s+(${NUMBER_SOURCE})\\s+(?:more\\b|others?\\b|of\\s+(?:the|its|their)\\s+(?!\\w+\\s+(?:ambassadors?|diplomats?|envoys?)))`, 'i');
const COUNTED_LIST_GAP = new RegExp(`^,\\s+${NUMBER_SOURCE}\\s+(?:[\\p{Lu}][\\p{L}-]*\\s+){1,2}$`, 'iu');
/** "four Canadian and two Australian " before one shared noun. */
const SHARED_NOUN_COUNTS = new RegExp(`(${NUMBER_SOURCE})\\s+([\\p{Lu}][\\p{L}-]*)\\s+and\\s+(${NUMBER_SOURCE})\\s+([\\p{Lu}][\\p{L}-]*)\\s+$`, 'iu');
/** "expelled one each" right after the verb. */
const EACH_AFTER = new RegExp(`^\\s+(${NUMBER_SOURCE})\\s+each\\b`, 'i');
/** "one each from Latvia and Estonia", "one each of the Latvian and Estonian embassies". */
const EACH_FROM = new RegExp(`\\b(${NUMBER_SOURCE})\\s+each\\s+(?:from|of)\\s+`, 'gi');
/** What joins the states of a gapped list ("..., France 35 and Italy 30"). */
const GAPPED_JOIN = /^(?:\s+(?:on|this|last|in)\s+\S+)?\s*(?:,\s*(?:and|while|with)?|;|\s+and|\s+while|\s+with)\s+$/i;
/** Where an act's own clause ends: an answered clause, "since ...", or the reasons given ("accusing ...", "matching ..."). */
const OWN_CLAUSE_END = new RegExp(`${BG_ANSWERED.source}|\\s[-–—]\\s|\\bsince\\b(?!\\s+(?:then|when)\\b)|\\b(?:accus|cit|say|claim|alleg|blam|match|mirror|echo|call|describ|present)ing\\b|,\\s+(?:hitting|striking)\\s+back\\b|,\\s+(?:respond|retaliat|answer|react)ing\\b|,\\s+replying\\b|,\\s+(?:reopening|escalating|deepening|worsening|reviving|renewing|extending|marking|ending|capping)\\b|,\\s+(?:[\\p{Lu}][\\p{L}.'’-]*\\s+){0,5}(?:said|says|told reporters|announced)\\b[^,]{0,30},`, 'giu');
/** "..., 24 from Italy and 34 from France". */
const GAPPED_FROM = new RegExp(`^\\s*(?:,\\s*(?:and\\s+)?|\\s+and\\s+)(${NUMBER_SOURCE})\\s+(?:more\\s+)?from\\s+$`, 'i');

/** A bare count after a state in a gapped list: "France 35", "Italy (30)", "Spain expelled 25". */
const GAPPED_COUNT = new RegExp(`^\\s+(?:\\(\\s*)?(?:(?:has\\s+|have\\s+)?(?:expelled|ousted|ordered out|declared)\\s+)?(${NUMBER_SOURCE})\\b\\)?(?=\\s*(?:[,;.]|and\\b|while\\b|$))`, 'i');

/** A mention that can be an actor: not a place, not the object of "with", "against", "in solidarity with". */
/** "the defence, naval and air (advisers)": posts listed before one plural noun. */
const POST_WORD = '(?:defen[cs]e|military|naval|navy|air|air force|army|cultural|press|trade|commercial|political|economic|agricultural|science|police|security|consular|technical|administrative)';
const POSTS_LIST = new RegExp(`\\bthe\\s+(${POST_WORD}(?:,\\s*${POST_WORD})*,?\\s+and\\s+${POST_WORD})\\s+$`, 'i');

/** A number standing for the people, described after it ("17 it described as intelligence officers"). */
const BARE_COUNT_OBJECT = new RegExp(`^\\s+(${NUMBER_SOURCE})\\s+(?:(?:it|they|whom|that|which|the\\s+\\S+)\\s+(?:had\\s+|has\\s+)?(?:described|identified|called|named|labell?ed|branded|accused|said|says|suspected)\\b)[^,;]{0,40}$`, 'i');

/** A bare figure as the object: "expel four each", "expels four and turns down ...". */
const BARE_FIGURE = new RegExp(`^\\s+(?:a\\s+further\\s+|another\\s+)?(?:${NUMBER_SOURCE})(?!\\s*(?:,|and)\\s*(?:and\\s+)?(?:${NUMBER_SOURCE})\\b)(?:\\s+more)?(?=\\s+(?:each|apiece)\\b|\\s*[,.;]|\\s+and\\b|\\s*$)`, 'i');

/** "21, 17, four and one": the figures of a list read with "respectively". */
const RESPECTIVE_COUNTS = new RegExp(`((?:${NUMBER_SOURCE})(?:\\s*,\\s*(?:${NUMBER_SOURCE}))*,?\\s+and\\s+(?:${NUMBER_SOURCE}))\\s+(?:[\\p{L}-]+\\s+){0,3}$`, 'iu');

function mayAct(text: string, m: CountryMention): boolean {
  if (isLocation(text, m) || /\b(?:with|against|toward|towards|between|among|by)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 20), m.start))) return false;
  // "Slovakia's ambassador was summoned", "Slovak diplomats": the owner of people acted on.
  if (/^(?:['’]s?)?\s+(?:\w+\s+)?(?:ambassador|envoy|embass|diplomat|charg|consul|mission|staff|employees|high commissioner)/i.test(text.slice(m.end, m.end + 40))) return false;
  return m.kind !== 'demonym' || ACTOR_NOUN.test(text.slice(m.end, m.end + 40));
}

/** Right after a possessive state: an act the state demands of others ("Caracas's demand to ..."). */
const NOMINAL_ACT_AFTER = /^['’]s?\s+(?:(?:demand|order|request|call|instruction|decision|ultimatum)\s+(?:for|to|that)|(?:expulsion|withdrawal|removal)\s+of)\b/i;

/** The state a diplomatic noun phrase belongs to: "Russian diplomats", "Chad's ambassador", "staff of the X embassy". */
/**
 * The states "its"/"their" before `at` may stand for, nearest last. Not a state named as the author of a demand or
 * decision ("Caracas's demand to withdraw its diplomats", "Russia's decision to expel two members of its embassy"),
 * nor one ordering its object out ("Nicaragua had ordered its ambassador", "Britain has declared two officials of its
 * embassy"), nor a state owning something other than its government or mission ("its contacts with Myanmar's
 * opposition").
 */
function pronounAntecedents(text: string, mentions: CountryMention[], at: number): CountryMention[] {
  return mentions.filter(
    (m) =>
      m.end <= at &&
      !isLocation(text, m) &&
      !NOMINAL_ACT_AFTER.test(text.slice(m.end, m.end + 30)) &&
      !(m.possessive && !ACTOR_NOUN.test(text.slice(m.end, m.end + 60).replace(/^['’]s?/, '')) && !/^(?:['’]s?)?\s+(?:\S+\s+)?(?:consulates?|consular|diplomat\w*|embass\w*|missions?|staff|interests)\b/i.test(text.slice(m.end, m.end + 40))) &&
      !/^\s+(?:had\s+|has\s+|have\s+)?(?:ordered|orders|told|tells|asked|asks|instructed|instructs|expelled|expels|declared|declares|gave|gives|given|sends|sent|sending)\s+(?:(?!(?:and|but|that)\b)\S+\s+){0,5}?(?:its|their)\s+(?:\S+\s+){0,3}$/i.test(text.slice(m.end, at)),
  );
}

function ownerOf(
  text: string,
  noun: Noun,
  mentions: CountryMention[],
): { code: string | null; mention: CountryMention | null; host: string | null; others?: string[]; viaPronoun?: boolean } {
  let host: string | null = null;
  // Pre-modifiers: nearest mention ending within a few modifier words before the noun.
  const pre = mentions.filter((m) => m.end <= noun.start && noun.start - m.end < 60).reverse();
  for (const m of pre) {
    const gap = text.slice(m.end, noun.start);
    // "Washington's choice as ambassador", "Kyiv's nominee for envoy": the state that chose the envoy.
    const chosen = /^['’]s?\s+(?:choice|nominee|pick|candidate|appointee)\s+(?:as|for)\s+(?:the\s+)?(?:new\s+|next\s+)?$/i.test(gap);
    if (chosen || /^(?:['’]s?)?\s+(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|all|both|acting|deputy|senior|junior|top|former|current|new|interim|resident|accredited|[\p{Lu}][\p{L}.'’-]*|diplomatic|embassy|consular|administrative|technical|military|intelligence|staff|mission|envoy)(?:['’]s)?(?:\s+(?:and|or))?\s+){0,4}$/u.test(gap) || gap === '' || /^['’]s?$/.test(gap)) {
      if (isLocation(text, m)) break;
      // "the Swedish, German and Polish diplomats": every listed state.
      const others: string[] = [];
      let left = m;
      for (const p of mentions.filter((x) => x.end <= left.start).reverse()) {
        if (!/^\s*(?:,|,?\s*and|&)\s*$/.test(text.slice(p.end, left.start)) || p.kind !== m.kind) break;
        if (p.code !== m.code && !others.includes(p.code)) others.unshift(p.code);
        left = p;
      }
      // "Russian diplomats in Slovakia": where they serve.
      const posted = mentions.find((x) => x.start > noun.end && x.start <= noun.end + 25 && x.code !== m.code && /^\s+(?:\S+\s+)?(?:in|at)\s+$/.test(text.slice(noun.end, x.start)) && isLocation(text, x));
      return { code: m.code, mention: m, host: host ?? posted?.code ?? null, others };
    }
    break;
  }
  // "nine of its diplomats", "its ambassador": resolve the pronoun to the nearest state named before.
  const preText = text.slice(Math.max(0, noun.start - 30), noun.start);
  const pronoun = /\b(?:its|their)\s+(?:(?!of\b)\S+\s+){0,4}["'“‘]?$/i.test(text.slice(Math.max(0, noun.start - 45), noun.start)) && !/\bown\s+(?:\S+\s+)?$/i.test(preText);
  if (pronoun) {
    // "Caracas's demand to withdraw its diplomats": the demanding state is not the pronoun's owner.
    // "Nicaragua had ordered its ambassador ... to leave": the state ordering is not the owner of the envoy it orders out.
    // Nor is a state owning something other than its government or mission ("its contacts with Myanmar's opposition").
    const before = pronounAntecedents(text, mentions, noun.start);
    const last = before[before.length - 1];
    if (last) {
      const later = mentions.find((x) => x.start > noun.end && x.start < noun.end + 40 && isLocation(text, x));
      // "their" after a list ("Argentina, Chile and Peru ... withdraw their diplomats") owns for every listed state.
      const others: string[] = [];
      if (/\btheir\b/i.test(text.slice(Math.max(0, noun.start - 45), noun.start))) {
        let left = last;
        for (const p of before.slice(0, -1).reverse()) {
          if (!/^\s*(?:,|,?\s*and|&)\s*(?:the\s+)?$/.test(text.slice(p.end, left.start))) break;
          if (p.code !== last.code && !others.includes(p.code)) others.unshift(p.code);
          left = p;
        }
      }
      return { code: last.code, mention: last, host: later?.code ?? null, viaPronoun: true, others };
    }
  }
  // Post-modifiers.
  // "the staff of the embassy" after "the Embassy of the Islamic Republic of Iran in Tirana": the embassy named before.
  if (/^\s+of\s+the\s+(?:embassy|mission|consulate)\b/i.test(text.slice(noun.end, noun.end + 30))) {
    const named = mentions.filter((m) => m.end <= noun.start && (/\b(?:embassy|mission|consulate(?:[- ]general)?)\s+of\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/iu.test(text.slice(Math.max(0, m.start - 60), m.start)) || /^(?:['’]s)?\s+(?:embassy|mission)\b/i.test(text.slice(m.end, m.end + 12)))).pop();
    if (named) return { code: named.code, mention: named, host };
  }
  let postEnd = noun.end + 90;
  const postText = text.slice(noun.end, postEnd);
  const cut = postText.search(/[;.]|,\s(?!\s*(?:the|a)\s)|\s(?:and|who|which|after|for|over|because|accused|saying)\s/);
  if (cut >= 0) postEnd = noun.end + cut;
  // "Slovakia's ambassador was told that three employees of his embassy ...": the envoy's state owns.
  if (/^\s*(?:of|from|at|in)\s+(?:his|her)\s+(?:\S+\s+)?(?:embass|mission|consul|high commission|country)/i.test(postText)) {
    const envoy = mentions.filter((m) => m.end <= noun.start && /^(?:['’]s?)?\s+(?:\S+\s+)?(?:ambassador|envoy|charg|high commissioner|consul)/i.test(text.slice(m.end, m.end + 30))).pop();
    if (envoy) return { code: envoy.code, mention: envoy, host };
  }
  // "members of their embassies, ... of Russian diplomats": the pronoun owns before any later "of X".
  const pronounMission = /^\s*(?:of|from|at|in)\s+(?:its|their)\s+(?:\S+\s+)?(?:embass|mission|consul|high commission)/i.test(postText);
  for (const m of pronounMission ? [] : mentions) {
    if (m.start < noun.end || m.start >= postEnd) continue;
    // Past the mission's location ("staff at its embassy in Tallinn ... of Estonia's mission"), an "of X" is another phrase.
    if (host) break;
    const gap = text.slice(noun.end, m.start);
    const after = text.slice(m.end, m.end + 40);
    const missionAfter = /^(?:['’]s)?\s+(?:\([^)]*\)\s+)?(?:diplomatic\s+|permanent\s+)?(?:embass|consul|mission|high commission|legation)/i.test(after);
    if (/\b(?:of|from)\s+(?:the\s+|these\s+|those\s+|both\s+)?(?:embassy\s+of\s+(?:the\s+)?|government\s+of\s+|republic\s+of\s+|mission\s+of\s+(?:the\s+)?)?(?:republic\s+of\s+)?$/i.test(gap) || missionAfter) {
      if (!isLocation(text, m) || missionAfter) {
        const later = mentions.find((x) => x.start > m.end && x.start < postEnd && x.code !== m.code && isLocation(text, x));
        // "diplomats from Argentina, Chile, Peru and Uruguay": every listed state owns.
        const others: string[] = [];
        let right = m;
        for (const n of mentions.filter((x) => x.start >= m.end)) {
          if (!/^\s*(?:,|,?\s*and|&)\s*(?:the\s+)?$/.test(text.slice(right.end, n.start)) || isLocation(text, n)) break;
          if (n.code !== m.code && !others.includes(n.code)) others.push(n.code);
          right = n;
        }
        return { code: m.code, mention: m, host: host ?? later?.code ?? null, others };
      }
    }
    if (isLocation(text, m) && !host) host = m.code;
  }
  if (pronounMission || pronoun) {
    // "two officials of its embassy": the pronoun stands after the noun.
    const its = pronounMission ? /\b(?:its|their)\s+/i.exec(postText) : null;
    const before = pronounAntecedents(text, mentions, its ? noun.end + its.index + its[0].length : noun.start).filter((m) => m.end <= noun.start);
    const last = before[before.length - 1];
    if (last) {
      // "members of their embassies" after "the Netherlands, Belgium and Austria": each listed state.
      const others: string[] = [];
      if (/^\s*(?:of|from|at|in)\s+their\b/i.test(postText)) {
        let left = last;
        for (const p of before.slice(0, -1).reverse()) {
          if (!/^\s*(?:,|,?\s*and|&)\s*(?:the\s+)?$/.test(text.slice(p.end, left.start))) break;
          if (p.code !== last.code && !others.includes(p.code)) others.unshift(p.code);
          left = p;
        }
      }
      return { code: last.code, mention: last, host, others };
    }
  }
  // A nuncio is always the Holy See's envoy.
  if (/nuncio/i.test(noun.text)) return { code: 'VA', mention: null, host };
  return { code: null, mention: null, host };
}

function blocOwned(text: string, noun: Noun): boolean {
  const pre = text.slice(Math.max(0, noun.start - 40), noun.start);
  const post = text.slice(noun.end, noun.end + 40);
  return (
    BLOC_BEFORE.test(pre) ||
    BLOC_AFTER.test(post)
  );
}

interface ObjectReading {
  nouns: Noun[];
  owner: string | null;
  ownerMention: CountryMention | null;
  /** Further owners listed with the first ("Swedish, German and Polish diplomats"). */
  otherOwners: string[];
  /** The owner was read from "its"/"their". */
  ownerViaPronoun: boolean;
  host: string | null;
  count: number | null;
  countKnown: boolean;
  headOnly: boolean;
  own: boolean;
  objectStart: number;
  /** Nouns of different states joined in one object, each with its own count. */
  parts?: Array<{ owner: string; count: number | null; head: boolean }>;
}

function readObject(s: Sentence, trigger: Trigger, regionStart: number, nextTriggerStart = Infinity): ObjectReading | null {
  const text = s.text;
  const fwdLimitRel = text.slice(trigger.end).search(
    /[;:]|\band\s+that\b|\b(?:after|following|because|saying|accus\w+|in response|in retaliation|as part of|which|who|while|when|amid|due to|for allegedly|for alleged|in protest|citing|over (?:the|its|their|his|her|alleged|what))\b/i,
  );
  const fwdEnd = Math.min(text.length, fwdLimitRel >= 0 ? trigger.end + fwdLimitRel : text.length, trigger.end + 200, nextTriggerStart);
  const searches: Array<[number, number, 'fwd' | 'back']> = [];
  if (/^expulsions?$/i.test(trigger.text)) {
    // A bare noun names the object only as "expulsion of X"; otherwise it refers back to a measure.
    const of = /^\s+(?:\w+\s+){0,2}?of\s/i.exec(text.slice(trigger.end, trigger.end + 30));
    if (!of) return null;
  }
  const nounTrigger = /^expulsions?$/i.test(trigger.text);
  const back: [number, number, 'back'] = [regionStart, trigger.start, 'back'];
  const fwd: [number, number, 'fwd'] = [trigger.end, fwdEnd, 'fwd'];
  if (trigger.kind === 'leave') {
    const pronounObject = trigger.between && /^\s*(?:him|her|them|it)\b/i.test(text.slice(trigger.between[0], trigger.between[1]));
    if (trigger.between && !pronounObject) searches.push([trigger.between[0], trigger.between[1], 'fwd']);
    const emptyBetween = !trigger.between || !text.slice(trigger.between[0], trigger.between[1]).trim();
    if (pronounObject) searches.push([regionStart, trigger.start, 'back']);
    // "ordered out the same number of British diplomats": the object follows the particle.
    else if (emptyBetween && /\bout$/i.test(trigger.text) && !trigger.passive && findNouns(text, trigger.end, Math.min(fwdEnd, trigger.end + 60)).length) searches.push(fwd, back);
    else if (emptyBetween) searches.push(back, fwd); // "X must leave", "X have been asked to leave"
    else searches.push(fwd, back);
  } else if (trigger.kind === 'png') {
    const nearFwd = findNouns(text, trigger.end, Math.min(fwdEnd, trigger.end + 45));
    // "declared fifteen employees of the Russian embassy personae non gratae, describing them as officers":
    // the object sits between "declared" and the phrase.
    const declaredObject = /\bdeclar(?:e|es|ed|ing)\s+(?!(?:a\s+)?personae?\b)[^,;:]{3,120}$/i.test(text.slice(Math.max(regionStart, trigger.start - 130), trigger.start));
    if (nearFwd.length && !declaredObject) searches.push(fwd, back);
    else searches.push(back, fwd);
  } else if (trigger.kind === 'cap' && /line with$/i.test(trigger.text)) {
    // "the staff of X's consulate must be brought into line with Y's": what follows is the yardstick.
    searches.push(back);
  } else if (trigger.kind === 'cap' && /\b(?:must|has to|have to|had to|will|is to|are to|should|needs? to)\s+(?:\w+ly\s+)?$/i.test(text.slice(Math.max(0, trigger.start - 30), trigger.start))) {
    // "the Russian embassy in Copenhagen must shrink to the size of Denmark's": the mission shrinks; the rest is the yardstick.
    searches.push(back, fwd);
  } else if (trigger.kind === 'closure' && /\b(?:must|will have to|would have to|have to|has to|had to|are to|is to)\s+$/i.test(text.slice(Math.max(0, trigger.start - 20), trigger.start))) {
    // "the three Iranian consulates general must close, leaving only the embassy": the posts that must close; "Taiwan
    // must close its embassy": the post after.
    searches.push(back, fwd);
  } else if (trigger.between) {
    searches.push([trigger.between[0], trigger.between[1], 'fwd']);
  } else if (/^deport(?:s|ed|ing)?$/i.test(trigger.text) && !trigger.passive) {
    // "continued to deport Colombians living on its side": a deportation names whom it deports; the envoys told of
    // earlier in the sentence are not its object.
    searches.push(fwd);
  } else if (nounTrigger) {
    searches.push(fwd);
  } else if (trigger.passive || /^(?:must|have|has|had|will|are|is|were|should)\b/i.test(trigger.text)) {
    searches.push(back, fwd);
  } else {
    searches.push(fwd, back);
  }
  for (const [from, rawTo, dir] of searches) {
    // "the acting charge d'affaires ..., who heads the embassy in the absence of an ambassador, persona non grata":
    // the people of a relative clause closed just before the act are not its object.
    let to = rawTo;
    if (dir === 'back') {
      const rel = /,\s*(?:who|which|whose)\b[^,;]*,\s*$/i.exec(text.slice(from, rawTo));
      if (rel && rel.index > 0) to = from + rel.index;
    }
    if (to <= from) continue;
    // A closure's object comes before it only in "X was closed" or "ordered X to close".
    if (trigger.kind === 'closure' && dir === 'back' && !trigger.passive && !/\b(?:to|be|been|was|were|is|are|being|must|will|would)\s*$/i.test(text.slice(Math.max(0, trigger.start - 12), trigger.start)) && !/\border(?:s|ed)?\s+(?:(?!to\b|and\s+(?:\w+ed|sent|gave|told|shut|cut|withdrew|broke|took)\b)\S+\s+){1,10}$/i.test(text.slice(Math.max(0, trigger.start - 70), trigger.start))) continue;
    let nouns = trigger.kind === 'closure' ? closureNouns(text, from, to) : findNouns(text, from, to, trigger.kind === 'cap');
    // "France and Poland will also expel four each", "Canada expels four and ...": a bare figure right after the verb
    // stands for the people the text is about (an empty noun after the figure).
    const bare = dir === 'fwd' && trigger.kind === 'expel' && !trigger.passive ? BARE_FIGURE.exec(text.slice(from, to)) : null;
    if (bare) nouns = [{ start: from + bare[0].length, end: from + bare[0].length, text: '', head: false, plural: true }];
    if (!nouns.length) continue;
    // The object nearest the trigger decides; non-diplomatic objects (journalists, troops) block.
    const ordered = dir === 'fwd' ? nouns : [...nouns].reverse();
    const first = ordered[0]!;
    // "... diplomats, matching the numbers Ottawa and Canberra had sent home": a state acting between the noun
    // and the verb makes the noun another clause's.
    if (dir === 'back' && !trigger.passive && s.mentions.some((m) => m.start >= first.end && m.end <= trigger.start && /^\s+(?:(?:and|,)\s+\S+\s+)?(?:had|has|have|would|will|had already)\s*$/i.test(text.slice(m.end, trigger.start)))) continue;
    const nd = nearestNonDiplomatic(text, from, to);
    // Not one inside a relative clause about the object ("staff who are not US citizens must depart").
    if (nd !== null && (dir === 'fwd' ? nd < first.start : nd > first.end && !/\b(?:who|which|that)\b/i.test(text.slice(first.end, nd)))) {
      if (!/\band\b/i.test(text.slice(Math.min(nd, first.start), Math.max(nd, first.end)))) return null;
    }
    if (blocOwned(text, first)) return null;
    // Group nouns joined by and/plus into one object (for sums); stop at "including".
    const group: Noun[] = [first];
    if (dir === 'fwd') {
      for (const n of nouns.slice(1)) {
        const gap = text.slice(group[group.length - 1]!.end, n.start);
        if (/\b(?:including|among|of whom|of them|of which|such as|said|says|told|according)\b|[—–]/i.test(gap)) break;
        // "expel 12 agents ... and recalled its ambassador": a second verb starts another object.
        // So does "and recall its own envoy", "and it recalled its own ambassador", "and was withdrawing its own envoy".
        if (/\band\s+(?:(?:it|they|he|she)\s+)?(?:(?:was|were|is|are|has|have|had)\s+)?(?:also\s+)?(?:\w+ed|\w+ing|sent|gave|withdrew|kept|recall|withdraw|send|summon|close|keep|bring)\s+(?:its|their|his|her|the)\b/i.test(gap)) break;
        // "expelled Estonia's ambassador and downgraded relations to the level of charges d'affaires": another verb's.
        if (/\band\s+(?:also\s+)?\w+ed\s+(?:relations|ties|contacts|links|cooperation)\b/i.test(gap)) break;
        // A closure lists posts ("the Consulate General of Latvia in St Petersburg, the Consulate of Latvia in Pskov and ...").
        const listedPost = trigger.kind === 'closure' && /^[^;.]{0,60}$/.test(gap) && /(?:,|\band)\s+(?:the\s+)?$/i.test(gap);
        // "four Polish diplomats, three Lithuanian diplomats and ...": counted nouns in a comma list.
        if (COUNTED_LIST_GAP.test(gap)) {
          group.push(n);
          continue;
        }
        if (!listedPost && (!/\b(?:and|plus|as well as|together with|along with)\b|\(|\bof\b/i.test(gap) || /,\s+(?:a|an|the|one|\d)\b|,\s+\w+ing\b/i.test(gap))) break;
        group.push(n);
      }
    } else {
      for (const n of [...nouns].reverse().slice(1)) {
        const gap = text.slice(n.end, group[0]!.start);
        // "Russia's defence attache in London, whom he described as an undeclared military intelligence officer": one person.
        if (/^[^;.]{0,40},\s+(?:whom|who)\s+(?:\S+\s+){0,4}?(?:described|called|named|identified|termed|labelled|labeled)\s+as\b/i.test(gap) || /^[^;.]{0,40},\s+(?:described|identified)\s+as\b/i.test(gap)) {
          group.splice(0, group.length, n);
          break;
        }
        // "five embassy staff, three of them from the defence attache's office": the part names a share of the whole.
        if (/^[^;.]{0,20},\s+(?:\S+\s+)?of\s+(?:them|whom)\b/i.test(gap)) {
          group.splice(0, group.length, n);
          break;
        }
        if (/\b(?:including|among|of whom|of them|of which|such as)\b|[—–]/i.test(gap)) break;
        // "summoned Norway's ambassador and told her that 10 diplomats must leave": the envoy hears it.
        if (/\b(?:told|tell|tells|informed|notified|summoned|said|says|that)\b|\band\s+\w+(?:ed|ing)\b/i.test(gap)) break;
        // "called its ambassador home after Iran declared two members of the staff ...": another clause's people.
        if (/\b(?:after|before|because|since|when|while|following|declared|declaring|expelled|expelling|ordered|ordering|recall|recalled|recalling)\b|\band\s+to\s+\w+/i.test(gap)) break;
        if (gap.length > 120) break;
        group.unshift(n);
      }
    }
    let owner: ReturnType<typeof ownerOf> = { code: null, mention: null, host: null };
    for (const n of group) {
      // Inside "ordered X to leave", X's owner is named within X ("told the people working in them to leave, a day
      // after Lithuania ...": Lithuania is another clause's).
      // A bare figure ("sent home 15 and Sweden three") has no owner of its own: the states after it are a gapped list's.
      owner = ownerOf(text, n, (trigger.kind === 'leave' && trigger.between && from === trigger.between[0]) || !n.text ? s.mentions.filter((m) => m.end <= (n.text ? to : n.start)) : s.mentions);
      if (owner.code) break;
    }
    // Only the object itself can be the actor's own ("bring its staff down to the size of Russia's own presence" compares).
    const own = /\bown\s+(?:\S+\s+){0,2}$/i.test(text.slice(Math.max(0, group[0]!.start - 25), group[0]!.start));
    // Count.
    let total: number | null = null;
    let sum = 0;
    let explicit = 0;
    let hedged = false;
    for (const n of group) {
      const c = countBefore(text, n.start);
      const tail = text.slice(n.end, n.end + 25);
      // A title before a name is one person too ("Ambassador Ahmad Sadeghi and three other Iranian officials").
      const titled = /^\p{Lu}/u.test(n.text) && /^\s+\p{Lu}[\p{L}'’.-]+\s+\p{Lu}/u.test(tail);
      if (!c && group.length > 1 && !n.plural && (titled || /(?:\b(?:the|its|their|his|her|a|an)|['’]s)\s+(?:\S+[\s-]+){0,2}$/i.test(text.slice(Math.max(0, n.start - 30), n.start)))) {
        // "the Russian ambassador and two other diplomats": the head of mission is one of them; so is each person
        // named in the singular ("the first secretary of the consular section and an employee of the trade mission").
        sum += 1;
        explicit++;
        continue;
      }
      // "the Qatari ambassador and his diplomatic staff": people of no stated number beside the counted.
      if (!c && group.length > 1 && n.plural && !n.head && group[0]!.head && !group[0]!.plural && group.length === 2 && /\b(?:his|her|its|their|the)\s+(?:\S+\s+)?$/i.test(text.slice(Math.max(0, n.start - 25), n.start))) {
        hedged = true;
        continue;
      }
      if (c) {
        if (c.value === null) hedged = true;
        else if (c.total || TOTALS.test(tail.slice(0, 14))) total = c.value;
        else {
          // "expelled him and five other Indian diplomats": the one named by the pronoun is one more.
          sum += c.value + (/\b(?:him|her)\s+and\s+$/i.test(text.slice(Math.max(0, c.start - 10), c.start)) ? 1 : 0);
          explicit++;
        }
      }
    }
    // "the defence, naval and air advisers": one person per post listed before a shared plural noun.
    if (total === null && !hedged && explicit === 0 && group.length === 1 && first.plural) {
      const posts = POSTS_LIST.exec(text.slice(Math.max(0, first.start - 90), first.start));
      if (posts) {
        sum = posts[1]!.split(/,\s*(?:and\s+)?|\s+and\s+/).filter(Boolean).length;
        explicit = 1;
      }
    }
    // "expelling 17 it described as intelligence officers": the number is the object, the noun its description.
    if (dir === 'fwd' && total === null && !hedged && explicit === 0) {
      const bare = BARE_COUNT_OBJECT.exec(text.slice(from, first.start));
      const value = bare ? parseNumber(bare[1]!) : null;
      if (value !== null) {
        sum = value;
        explicit = 1;
      }
    }
    // "48 Russian officials ..., together with twelve more at Russia's mission", "14 employees of the Dutch embassy and
    // one of the consulate general": a further part with no noun of its own.
    if (total === null && !hedged && explicit > 0) {
      const last = group[group.length - 1]!;
      const extra = FURTHER_PART.exec(text.slice(last.end, last.end + 120));
      const value = extra ? parseNumber(extra[1]!) : null;
      if (value !== null) sum += value;
    }
    let count: number | null = null;
    let countKnown = false;
    if (total !== null) {
      count = total;
      countKnown = true;
    } else if (hedged) {
      count = null;
      countKnown = false;
    } else if (explicit > 0) {
      count = sum;
      countKnown = true;
    } else if (group.length === 1 && !first.plural) {
      count = 1;
      countKnown = true;
    }
    // "every member of the mission", "the rest of the embassy staff", "all diplomats": no head-count.
    const everyone = group.some((n) =>
      /\b(?:[Ee]very|[Ee]ach|[Aa]ll(?:\s+but\s+(?:one|two|three|four|five|a\s+few|\d+))?|[Ee]ntire|[Ww]hole|[Tt]he rest of|[Tt]he remaining)\s+(?:(?:of\s+)?(?:the|its|their)\s+)?(?:(?:[\p{Lu}][\p{L}.'’-]*|diplomatic|embassy|consular|other|senior|remaining|technical|administrative|security|service|support|local|military)(?:,|\s+and)?\s+)*$/u.test(text.slice(Math.max(0, n.start - 70), n.start)),
    );
    if (everyone) {
      count = null;
      countKnown = false;
    }
    const headOnly = !everyone && group.every((n) => n.head && !n.plural) && (count === null || count === 1);
    // "Mexico's ambassador and two Spanish diplomats": each state's people are a measure of their own.
    let parts: ObjectReading['parts'];
    // "four Canadian and two Australian diplomats": one noun shared by counted owners.
    const shared = SHARED_NOUN_COUNTS.exec(text.slice(Math.max(0, first.start - 60), first.start));
    if (group.length === 1 && shared && first.plural) {
      const at = first.start - shared[0].length;
      const owners = s.mentions.filter((m) => m.start >= at && m.end <= first.start && m.kind === 'demonym');
      const values = [parseNumber(shared[1]!), parseNumber(shared[3]!)];
      if (owners.length === 2 && owners[0]!.code !== owners[1]!.code && values.every((v) => v !== null)) {
        parts = owners.map((o, i) => ({ owner: o.code, count: values[i]!, head: false }));
      }
    }
    if (!parts && group.length > 1 && !everyone && total === null) {
      const owned = group.map((n) => ({ n, o: ownerOf(text, n, s.mentions) }));
      const codes = new Set(owned.map((x) => x.o.code));
      // Closures list posts, several per state: one measure per state named.
      const byState = trigger.kind === 'closure' && codes.size > 1 && !codes.has(null) && owned.every((x) => !x.o.viaPronoun);
      if (byState) parts = [...codes].map((code) => ({ owner: code!, count: null, head: false }));
      else if (codes.size === group.length && !codes.has(null) && owned.every((x) => !x.o.viaPronoun && !(x.o.others ?? []).length)) {
        parts = owned.map(({ n, o }) => {
          const c = countBefore(text, n.start);
          const value = c ? c.value : n.plural ? null : 1;
          return { owner: o.code!, count: value, head: n.head && !n.plural && (value === null || value === 1) };
        });
      }
    }
    return {
      parts,
      nouns: group,
      owner: owner.code,
      ownerMention: owner.mention,
      otherOwners: owner.others ?? [],
      ownerViaPronoun: !!owner.viaPronoun,
      host: owner.host,
      count,
      countKnown,
      headOnly,
      own,
      objectStart: Math.min(...group.map((n) => n.start)),
    };
  }
  return null;
}

/** The object of an act told by a pronoun: "asked for her departure", "told him to leave", "ordered them out". */
const PRONOUN_OBJECT = /\b(?:(him|her)|(them))\b/i;

function pronounObject(s: Sentence, previous: Sentence, trigger: Trigger): ObjectReading | null {
  if (trigger.kind !== 'expel' && trigger.kind !== 'leave') return null;
  const text = s.text;
  let pron: RegExpExecArray | null = null;
  if (trigger.kind === 'leave' && trigger.between) pron = /^\s*(?:(him|her)|(them))\s*$/i.exec(text.slice(trigger.between[0], trigger.between[1]));
  else if (trigger.kind === 'expel') {
    pron = /\b(?:(his|her)|(their))\s+(?:immediate\s+)?(?:departure|withdrawal|removal|recall)\b/i.exec(trigger.text) ?? /^\s+(?:(him|her)|(them))\b/i.exec(text.slice(trigger.end, trigger.end + 6));
  }
  if (!pron) return null;
  const singular = !!pron[1];
  const nouns = findNouns(previous.text, 0, previous.text.length).filter((n) => (singular ? !n.plural : n.plural));
  const last = nouns[nouns.length - 1];
  if (!last) return null;
  const owner = ownerOf(previous.text, last, previous.mentions);
  if (!owner.code) return null;
  const count = singular ? 1 : countBefore(previous.text, last.start)?.value ?? null;
  return {
    nouns: [],
    owner: owner.code,
    ownerMention: null,
    otherOwners: [],
    ownerViaPronoun: true,
    host: owner.host,
    count,
    countKnown: count !== null,
    headOnly: singular && last.head,
    own: false,
    objectStart: trigger.start,
  };
}

function modalityBlocked(s: Sentence, trigger: Trigger, clauseFrom: number): boolean {
  const text = s.text;
  if (M.question.test(text)) return true;
  if (M.lonePolitician.test(text)) return true;
  // "proposed declaring 31 employees of the US embassy ... persona non grata": the verb, not the phrase, sits
  // next to what governs it.
  let verbAt = trigger.start;
  if (trigger.kind === 'png') {
    const lookback = Math.max(clauseFrom, trigger.start - 150);
    const declared = [...text.slice(lookback, trigger.start).matchAll(/\bdeclar(?:e|es|ed|ing)\b(?![^,;]*\bdeclar)/gi)].pop();
    if (declared && !/[;]/.test(text.slice(lookback + declared.index, trigger.start))) verbAt = lookback + declared.index;
  }
  // "In May Lithuania declared ...": the month, not the modal.
  const noMonth = (x: string) => x.replace(/\b(?:[Ii]n|[Oo]f|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his|[Nn]ext|[Bb]y|[Uu]ntil|[Ff]rom|[Tt]o|[Ee]nd\s+of|[Ss]tart\s+of)\s+May\b|\bMay\s+(?=\d)|(?<=\d\s)May\b/g, (m) => ' '.repeat(m.length));
  const pre = noMonth(text.slice(Math.max(clauseFrom, verbAt - 70), verbAt));
  const near = text.slice(Math.max(clauseFrom, verbAt - 28), verbAt);
  const clause = text.slice(clauseFrom, Math.min(text.length, trigger.end + 80));
  if (M.hypothetical.test(clause)) return true;
  if (/\b(?:any|possible|potential|further|new)\s+$/i.test(text.slice(Math.max(0, trigger.start - 12), trigger.start)) && /^expulsion/i.test(trigger.text)) return true;
  // Not a negation inside a relative clause ("Syrian diplomats and staff who are not US citizens must depart").
  const nearOwn = text.slice(Math.max(clauseFrom, verbAt - 60), verbAt).replace(/\b(?:who|which|that)\s+(?:are|is|was|were|have|has|had|do|does|did)\s+not\b[^,;]*/gi, '');
  if (M.negation.test(nearOwn.slice(-28)) && M.negation.test(near) && !/\bno longer\b/i.test(trigger.text)) return true;
  // "Neither country's diplomats were asked to leave", "no diplomats have been expelled".
  const np = text.slice(Math.max(clauseFrom, trigger.start - 60), trigger.start);
  if (/\b(?:neither|none of|no)\s+(?:[\p{L}'’-]+\s+){0,3}(?:were|was|have been|has been|had been|are|is|will be|are being|is being|were being)\s+$/iu.test(np)) return true;
  // "Under the Vienna Convention, a host state can declare a consular officer unacceptable": the rule, not an act.
  if (/\b(?:a|any|the)\s+(?:host|receiving|sending)\s+(?:state|country|government)\b/i.test(text.slice(clauseFrom, trigger.start))) return true;
  // "The EU's foreign policy arm has also declared ...": a bloc acts, not a state.
  if (/^\s*(?:[\p{L}-]+\s+){0,2}(?:the\s+)?(?:EU|European Union|NATO|UN|United Nations|African Union|OSCE|ECOWAS)(?:['’]s)?\b/u.test(text.slice(clauseFrom, trigger.start)) && !/\b(?:members?|states?|governments?|countries)\b/i.test(text.slice(clauseFrom, trigger.start))) return true;
  // "None of the three ordered Brazilian diplomats to leave": no one acted.
  if (/^\s*(?:None|Neither)\s+of\s+(?:the|them|these|those)\b[^,;]{0,30}$/i.test(text.slice(clauseFrom, trigger.start)) || /^\s*(?:None|Neither)\s+of\s+(?:the|them|these|those)\b[^,;]{0,30}$/i.test(text.slice(0, trigger.start))) return true;
  if (M.walkBack.test(pre)) return true;
  // "There was no sign that Canada intended to send any Saudi diplomat home": an act looked for and not found.
  if (/\b(?:no|little|any)\s+(?:sign|signs|indication|indications|suggestion|word|evidence|hint)\b[^.;]{0,80}$/i.test(text.slice(Math.max(clauseFrom, verbAt - 100), verbAt))) return true;
  // "Options discussed by ministers include ... expelling more diplomats": a menu, not a measure.
  if (/\b(?:(?:options?|possible (?:steps|measures))\s+(?:\w+\s+){0,4}(?:include[sd]?|including)|(?:options?|steps|measures)\s+(?:\w+\s+){0,4}(?:could include|under consideration|being considered|on the table))\b/i.test(text.slice(clauseFrom, trigger.start))) return true;
  // "has denied media reports according to which the government intends to expel ...": the denial governs the clause it opens.
  if (M.denial.test(text.slice(Math.max(clauseFrom, trigger.start - 90), trigger.start)) || M.denial.test(text.slice(Math.max(0, trigger.start - 120), clauseFrom))) return true;
  // "Lavrov recommended that 31 employees of the US embassy ... be declared persona non grata": a proposal, however long
  // the list between the verb and the act.
  if (/\b(?:propos(?:e|es|ed|ing)|recommend(?:s|ed|ing)?|suggest(?:s|ed|ing)?)\s+that\b[^.;]*$/i.test(text.slice(Math.max(clauseFrom, verbAt - 200), verbAt)) && !/\b(?:propos|recommend|suggest)\w*\s+that\b[^.;]*\b(?:and|but)\s+(?:\w+\s+){0,3}(?:approved|agreed|accepted|signed|ordered)\b/i.test(text.slice(Math.max(clauseFrom, verbAt - 200), verbAt))) return true;
  // "demanded that Belgium close its consulate" addresses the other state: an order, not a wish.
  const threat = M.threat.exec(pre.slice(-55));
  if (threat && !(/^demand/i.test(threat[0]) && s.mentions.some((m) => m.start >= trigger.start - 55 + threat.index && m.end <= trigger.start && /^(?:['’]s)?\s+(?:(?:embassy|mission|government|authorities|side)\s+)?(?:(?:immediately|also|to)\s+)?$/i.test(text.slice(m.end, trigger.start))))) return true;
  // "Letters that purported to show Niger's rulers withdrawing their consent ... and giving them 48 hours to leave":
  // what a document only seems to say, or a forged one says, is not an act.
  if (/\b(?:purport(?:s|ed|ing)?\s+to|(?:fake|forged|false|bogus|fabricated|doctored)\s+(?:letters?|documents?|notes?|decrees?|statements?))\b/i.test(text.slice(clauseFrom, verbAt))) return true;
  // "neither government has spoken of cutting staff at the embassies": talk of a step, not the step.
  if (/\b(?:spok(?:e|en)|speak(?:s|ing)?|talk(?:s|ed|ing)?)\s+(?:of|about)\s+$/i.test(text.slice(Math.max(clauseFrom, verbAt - 25), verbAt))) return true;
  // "Austria has been slower than most EU states to shrink Russia's diplomatic presence": a disposition, not an act.
  if (/\b(?:slow|slower|quick|quicker|reluctant|hesitant|unwilling|loath|eager|keen|first|last)\s+(?:than\s+[^,;.]{0,40}?\s+)?to\s+$/i.test(text.slice(Math.max(clauseFrom, verbAt - 70), verbAt))) return true;
  // "it had received no official communication from Mogadishu asking its ambassador to leave": a request denied.
  if (/\b(?:no|any)\s+(?:\w+\s+){0,2}(?:communication|request|note|notification|letter|order|instruction|demand)s?\b[^.;]{0,60}$/i.test(text.slice(Math.max(clauseFrom, verbAt - 100), verbAt))) return true;
  // "In principle Israel could withdraw its consent ... or demand that Spain cut its staff": a possibility governs the clause.
  if (/\b(?:could|might|may(?!\s+\d))\s+(?:(?:also|still|even|yet|then|simply)\s+)?(?:withdraw|demand|order|expel|declare|close|cut|reduce|tell|ask|send|limit|cap|shut)\b/i.test(noMonth(text.slice(clauseFrom, verbAt)))) return true;
  // "closing the mission would inevitably mean that Bulgaria's embassy would have to close as well": a consequence
  // foreseen, not a decision reported.
  if (/\bwould\s+(?:\w+ly\s+|also\s+|only\s+|in\s+effect\s+)?(?:mean|lead to|result in|entail|force|leave)\b/i.test(text.slice(Math.max(clauseFrom, verbAt - 120), verbAt))) return true;
  // "she would ask President Vladimir Putin to close the embassy in Sofia": a request to one's own government.
  if (/\b(?:would|will|to)\s+(?:ask|urge|propose\s+to|recommend\s+to|call\s+on)\s+(?:President|Prime\s+Minister|the\s+(?:president|government|cabinet|parliament))\b[^.;]{0,60}\bto\s+$/i.test(text.slice(Math.max(clauseFrom, verbAt - 120), verbAt))) return true;
  if (M.conditional.test(pre)) {
    const reported = M.reportedFuture.test(text.slice(Math.max(0, trigger.start - 180), trigger.end));
    if (!reported) return true;
  }
  return false;
}

const ACTOR_NOUN =
  /^\s+(?:[\p{Lu}][\p{L}.-]*\s+){0,2}?(?:government|authorities|foreign|ministry|side|president|prime|premier|leader|leadership|state|officials|junta|regime|cabinet|council|parliament|administration|diplomacy|military(?!\s*(?:,|and|or)\s+(?:air|naval|defen[cs]e|army|military)\b|\s+(?:attach|adviser|advisor))|army|navy|security|intelligence services|counterpart|chancellor|king|monarch|embassy(?!['’]s\s+(?:\S+,?\s+){0,4}(?:attach|staff|employee|diplomat|counsell?or|secretar|officer|official|personnel))|mission|envoy|ambassador|high commission|spokes\w+|news agency|agency|mfa|presidency|delegation|authority)\b/iu;

/** ", a NATO member bordering ": an appositive opened after a name, still unclosed. */
const APPOSITIVE_OPEN = /[\p{Lu}][\p{L}.'’-]*,\s+(?:a|an|itself a|also a|one of)\s+[^,;]{0,60}$/u;

function subjectFor(
  s: Sentence,
  trigger: Trigger,
  object: Pick<ObjectReading, 'owner' | 'ownerMention' | 'objectStart'>,
): { codes: string[]; pos: number } | null {
  const text = s.text;
  // Passive agent: "were expelled by Russia", "the expulsion of X by Y".
  const declaredPassive = trigger.kind === 'png' && /\b(?:was|were|been|be|being|is|are|get|got)\s+(?:\w+\s+)?declared\s+(?:a\s+)?$/i.test(text.slice(Math.max(0, trigger.start - 40), trigger.start));
  if (trigger.passive || declaredPassive || /expulsion|departure|withdrawal/i.test(trigger.text)) {
    // The agent sits in the act's own clause: "in response to an earlier expulsion by Sofia" names another act's.
    let tail = text.slice(trigger.end, trigger.end + 120);
    const cut = tail.search(/\b(?:in response|in retaliation|in reply|after|following|because|citing|over|for)\b|[;,]/i);
    if (cut >= 0) tail = tail.slice(0, cut);
    const by = /\bby\s+(?:the\s+)?(?:government\s+of\s+|authorities\s+(?:of|in)\s+)?/i.exec(tail);
    if (by) {
      const at = trigger.end + by.index + by[0].length;
      // A name may carry its article ("by the Philippines").
      const m = s.mentions.find((x) => x.start >= trigger.end + by.index && x.start <= at + 25 && x.code !== object.owner);
      if (m) return { codes: [m.code], pos: m.start };
    }
  }
  // A nominal act owned by its actor: "Caracas's demand to withdraw", "Moscow's order to leave".
  if (/^(?:demand|order|request|call|instruction|decision|ultimatum)\b/i.test(trigger.text)) {
    const owner = s.mentions.find((m) => m.code !== object.owner && m.end <= trigger.start && NOMINAL_ACT_AFTER.test(text.slice(m.end, trigger.end + 4)));
    if (owner) return { codes: [owner.code], pos: owner.start };
  }
  const limit = Math.min(trigger.start, object.objectStart);
  let from = clauseStart(text, trigger.start);
  // "Venezuela's foreign ministry rejected the decision ... and said it had no choice but to act the same way, giving
  // Ecuador's charge d'affaires 72 hours to leave": a participle after a comma shares the sentence's subject.
  if (/^\w+ing\b/i.test(trigger.text) && /,\s*$/.test(text.slice(Math.max(0, trigger.start - 3), trigger.start))) {
    const lead = s.mentions.find((m) => m.start < trigger.start && m.code !== object.owner && m !== object.ownerMention && !isLocation(text, m) && (m.kind !== 'demonym' || ACTOR_NOUN.test(text.slice(m.end, m.end + 40))) && (!m.possessive || ACTOR_NOUN.test(text.slice(m.end, m.end + 40).replace(/^['’]s?/, ''))));
    if (lead && !s.mentions.some((m) => m.start > lead.end && m.end <= trigger.start && m.code !== lead.code && m.code !== object.owner && !isLocation(text, m))) return { codes: [lead.code], pos: lead.start };
  }
  // "diplomats from Germany, Poland and Sweden who took part in the rallies have been declared ...": a restrictive
  // relative clause (no comma) belongs to the noun before it; the clause goes on before it.
  while (from > 0 && /^\s*(?:who|which|whom)\b/i.test(text.slice(from, from + 8)) && !/,\s*$/.test(text.slice(Math.max(0, from - 3), from))) {
    const outer = clauseStart(text, from);
    if (outer >= from) break;
    from = outer;
  }
  // "its own ambassador, who left Amman weeks ago, should not come back": the object stands before the relative
  // clause, so the clause of the act began before it.
  if (object.objectStart < from) from = clauseStart(text, object.objectStart);
  const candidates = s.mentions.filter(
    (m) =>
      m.start >= from &&
      m.end <= limit &&
      m.code !== object.owner &&
      m !== object.ownerMention &&
      !isLocation(text, m) &&
      // "Romania, a NATO member bordering Ukraine, joins ...": a state inside an appositive describes the subject.
      !(APPOSITIVE_OPEN.test(text.slice(Math.max(from, m.start - 70), m.start)) && /^[^,;]{0,30},/.test(text.slice(m.end, limit))) &&
      // "with Belgium giving 21 people ... 15 days to go": an absolute clause's own subject acts.
      (!/\b(?:with|against|toward|towards|between|among|on behalf of|by)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 20), m.start)) ||
        // So do all the states it lists ("with Lithuania, Latvia and Estonia each expelling ...").
        (/\bwith\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 20), m.start)) && /^\s+(?:also\s+|each\s+|both\s+|all\s+)?$/.test(statesBlanked(text, s.mentions, m.end, trigger.start)) && /^\w+ing\b/i.test(trigger.text))) &&
      // "Rwanda's ambassador to Burundi told Rwandan media that ...": a state named as the owner of an envoy or a
      // mission is that envoy's side, not the actor.
      !(m.possessive && /^['’]s?\s+(?:(?:new|former|acting|top|senior|deputy|own)\s+)?(?:ambassadors?|envoys?|embass(?:y|ies)|missions?|diplomats?|consul(?:ate)?s?|charg[ée]s?|high commission(?:er)?s?|allies|partners|neighbou?rs|friends|supporters)\b/i.test(text.slice(m.end, m.end + 40))) &&
      // "handed the Russian side a note demanding that ...": the recipient of a note or a summons does not act.
      !/\b(?:handed|hands|handing|gave|gives|giving|sent|sends|delivered|delivers|passed|summoned|summons|informed|informs|notified|notifies|told|tells|telling|warned|warns|asked|asks|urged|urges)\s+(?:it\s+to\s+)?(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 20), m.start)) &&
      // "summoned the envoys of the Netherlands, Belgium and Austria": owners of people acted on.
      !/\b(?:envoys?|ambassadors?|diplomats?|embass(?:y|ies)|missions?|charg[ée]s?\s+d['’]\s?affaires|representatives?)\s+of\s+(?:the\s+)?(?:[\p{Lu}][\p{L}-]*(?:\s+|,\s*|\s+and\s+))*(?:the\s+)?$/iu.test(text.slice(Math.max(0, m.start - 80), m.start)) &&
      // A demonym acts only as a government word: "the Ethiopian government", "the Russian side", not "Russian intelligence activity".
      (m.kind !== 'demonym' || ACTOR_NOUN.test(text.slice(m.end, m.end + 40))),
  );
  let chosen: CountryMention | undefined = candidates[candidates.length - 1];
  // Not when the relative clause is passive ("the envoys of Canada and Australia, who were told that ..."): those told do not act.
  if (!chosen && /^\s*(?:which|who)\b/i.test(text.slice(from, from + 8)) && !/^\s*(?:which|who)\s+(?:was|were|had been|has been|have been)\s+(?:\w+ed|told|given|shown|handed|sent)\b/i.test(text.slice(from, from + 40))) {
    // "Finland, which shares a border with Russia, expelled ...": the antecedent acts.
    chosen = s.mentions.filter((m) => m.end <= from && m.code !== object.owner && !isLocation(text, m)).pop();
  }
  if (!chosen && from > 0) {
    // "Finland, which had not expelled a Russian diplomat since 2018, ordered ...": the relative clause (cut at "since")
    // closes before the verb; its antecedent acts.
    const rel = /,\s+(?:which|who)\b[^;]*,\s*$/i.exec(text.slice(0, limit));
    const antecedent = rel ? s.mentions.filter((m) => m.end <= rel.index && m.end >= rel.index - 2 && m.code !== object.owner && !isLocation(text, m)).pop() : undefined;
    if (antecedent && !/\b(?:was|were|had been|has been|have been)\s+(?:\w+ed|told|given|sent)\b/i.test(text.slice(rel!.index, rel!.index + 40))) chosen = antecedent;
  }
  if (!chosen && from > 0 && /^\s*(?:which|who|whom)\b[^;]*,\s+and\s+(?:also\s+)?\w+(?:ed|s)\b[^,;]*$/i.test(text.slice(from, limit))) {
    // "X expelled 60 diplomats, whom it called spies, and ordered the closure of ...": the verbs share X.
    const outer = clauseStart(text, from);
    chosen = s.mentions.filter((m) => m.start >= outer && m.end <= from && m.code !== object.owner && m !== object.ownerMention && !isLocation(text, m) && (m.kind !== 'demonym' || ACTOR_NOUN.test(text.slice(m.end, m.end + 40)))).pop();
  }
  if (chosen) {
    const codes = [chosen.code];
    let leftmost = chosen;
    for (let i = candidates.length - 2; i >= 0; i--) {
      const c = candidates[i]!;
      const gap = text.slice(c.end, leftmost.start);
      if (/^(?:['’]s)?\s*(?:,|,?\s*and|&|,\s*as well as)\s*(?:the\s+)?$/.test(gap) || /^\s*,\s*(?:the\s+)?$/.test(gap)) {
        if (!codes.includes(c.code)) codes.unshift(c.code);
        leftmost = c;
      } else break;
    }
    // Subjects joined after the last one ("Germany, Poland and Sweden ... expelled"): already covered leftwards.
    return { codes, pos: chosen.start };
  }
  return null;
}


/** The text between two points with the states listed in it dropped: ", Latvia and Estonia each " -> " each ". */
function statesBlanked(text: string, mentions: CountryMention[], from: number, to: number): string {
  let cursor = from;
  for (const m of mentions) {
    if (m.start < from || m.end > to) continue;
    const gap = text.slice(cursor, m.start);
    if (!/^\s*(?:,|,?\s*and)\s*(?:the\s+)?$/i.test(gap)) return text.slice(from, to);
    cursor = m.end;
  }
  return text.slice(cursor, to);
}

const DEMAND_VERB = /\b(?:told|tell|tells|telling|order(?:s|ed|ing)?|ask(?:s|ed|ing)?|instruct(?:s|ed|ing)?|direct(?:s|ed|ing)?|require[sd]?|requiring|demand(?:s|ed|ing)?|insist(?:s|ed|ing)?|call(?:s|ed|ing)?\s+(?:on|upon))\s+(?:that\s+)?(?:the\s+)?$/i;

/** A cap demanded of the other side ("told Iran to reduce", "demanded that the Czech embassy cut its staff"): that side and the one demanding. */
function demandedSide(s: Sentence, trigger: Trigger): { code: string; others?: string[]; actor: { codes: string[]; pos: number } | null } | null {
  const text = s.text;
  // "downgraded its ties with Tehran and told it to reduce ...": the pronoun is the state just named.
  const told = /\b(?:told|asked|ordered|instructed|directed|called on|urged)\s+(?:it|them)\s+to\s+$/i.exec(text.slice(Math.max(0, trigger.start - 40), trigger.start));
  if (told) {
    const vpos = trigger.start - (Math.min(40, trigger.start) - told.index);
    const clause = clauseStart(text, vpos);
    const before = s.mentions.filter((m) => m.end <= vpos && m.start >= clause);
    const actor = before.find((m) => mayAct(text, m));
    const other = [...before].reverse().find((m) => m.code !== actor?.code && !isLocation(text, m));
    if (actor && other) return { code: other.code, actor: { codes: [actor.code], pos: actor.start } };
  }
  const from = Math.max(0, trigger.start - 90);
  for (const m of [...s.mentions].reverse()) {
    if (m.end > trigger.start || m.start < from) continue;
    // "the Czech embassy in Moscow reduce": the place of the mission is not the side told.
    if (isLocation(text, m)) continue;
    if (!/^(?:['’]s)?\s+(?:(?:embassy|mission|government|authorities|side)\s+(?:in\s+[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*)?\s+)?)?(?:to\s+)?(?:(?:immediately|further|drastically|significantly|also)\s+)?$/iu.test(text.slice(m.end, trigger.start))) return null;
    // "told Poland and Lithuania to cut their embassies": every state listed is told.
    let left = m;
    const others: string[] = [];
    for (const p of s.mentions.filter((x) => x.end <= left.start).reverse()) {
      if (!/^\s*(?:,|,?\s*and|&)\s*(?:the\s+)?$/.test(text.slice(p.end, left.start))) break;
      if (p.code !== m.code && !others.includes(p.code)) others.unshift(p.code);
      left = p;
    }
    const verb = DEMAND_VERB.exec(text.slice(Math.max(0, left.start - 40), left.start));
    if (!verb) return null;
    const vpos = left.start - (Math.min(40, left.start) - verb.index);
    const clause = clauseStart(text, vpos);
    const isActor = (x: CountryMention) => x.code !== m.code && !isLocation(text, x) && (x.kind !== 'demonym' || ACTOR_NOUN.test(text.slice(x.end, x.end + 40)));
    let actor = s.mentions.filter((x) => x.start >= clause && x.end <= vpos && isActor(x)).pop();
    // "Pakistan reciprocated on Tuesday, asking India to reduce ...": a participle shares the sentence's subject.
    if (!actor && /,\s*$/.test(text.slice(Math.max(0, vpos - 3), vpos))) actor = s.mentions.find((x) => x.end <= vpos && isActor(x));
    if (actor && others.includes(actor.code)) return null;
    return { code: m.code, others, actor: actor ? { codes: [actor.code], pos: actor.start } : null };
  }
  return null;
}

const PAST_LABEL = /^\s*(?:earlier|previously|background|for\s+(?:context|reference|the\s+record)|context|the\s+backstory|how\s+we\s+got\s+here)\b[^.:;]{0,30}[.:]?\s*$/i;

/** "July 2017." heading a timeline entry, or "Earlier, for reference.": what follows it happened before. */
function pastDateHeading(s: Sentence, published: string | null): boolean {
  // "Earlier, for reference.", "Background:": a label for what came before.
  if (s.text.trim().split(/\s+/).length <= 5 && !s.mentions.length && PAST_LABEL.test(s.text)) return true;
  if (!published || s.text.trim().split(/\s+/).length > 4 || s.mentions.length || !/^\W*$/.test(s.text.slice(s.dates[0]?.end ?? 0))) return false;
  const d = s.dates[0];
  return !!d?.date && !d.deadline && (d.coarse ? d.date.slice(0, 7) < published.slice(0, 7) && d.date < addDays(published, -20) : d.date < addDays(published, -7));
}

function sentenceOpensInPast(s: Sentence, published: string | null): boolean | 'backstory' {
  if (pastDateHeading(s, published)) return 'backstory';
  // "The dispute began on Monday, when ...", "The row erupted last week after ...": the backstory, whatever its day.
  if (/^\s*(?:The|This|That)\s+(?:\w+\s+)?(?:dispute|row|crisis|spat|standoff|stand-off|quarrel|feud|affair|saga|rift|rupture|freeze|breakdown|falling-out|split|tensions?|trouble|conflict)\s+(?:began|started|erupted|broke out|dates back|date back|goes back|go back|was triggered|were triggered|was sparked|were sparked|originated)\b/i.test(s.text)) return 'backstory';
  // "The attack on the Skripals in March 2018 set off the biggest diplomatic rupture ...": what set it off, long ago.
  if (published && /\b(?:set off|sparked|triggered|touched off|prompted|led to|began|started|opened)\s+(?:the|a|an|what)\b/i.test(s.text) && s.dates.some((d) => !!d.date && !d.deadline && d.date < addDays(published, -365)) && !/\b(?:on|this|last)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i.test(s.text)) return 'backstory';
  // "Relations collapsed in May 2018, when ...": how the ties broke, long before the news.
  if (published && /^\s*(?:(?:Diplomatic\s+)?(?:Relations|Ties)|The\s+relationship)\s+(?:between\s+[^,]{0,50}?\s+)?(?:first\s+)?(?:collapsed|soured|broke\s+down|deteriorated|fell\s+apart|ruptured|nosedived|hit\s+(?:a|their)\s+(?:low|nadir)|were\s+(?:cut|severed|broken\s+off|downgraded|frozen))\b/i.test(s.text) && s.dates.some((d) => !!d.date && d.date < addDays(published, -30))) return 'backstory';
  // "Three years later Peru gave ...": counted on from an earlier act, so earlier still than today.
  if (/^\s*(?:a\s+(?:few\s+)?|an?\s+|several\s+|some\s+|(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?years?\s+later\b/i.test(s.text)) return true;
  const lead = /^\s*(?:(?:back\s+)?in|during|by|on|last|earlier|two|three|four|five|six|several|a|at\s+the\s+(?:end|start|beginning|turn|close)\s+of)\b/i.exec(s.text);
  // A timeline entry opens with its own date ("March 2023: Iran expels ...").
  const dated = s.dates.find((x) => x.start < 2);
  if (!lead && !dated) return false;
  const rel = BG_RELATIVE.exec(s.text);
  // "Earlier in the week" is this news cycle; "Last year", "Two years ago", "Previously" are not.
  if (rel && rel.index < 12 && s.text.slice(0, rel.index).trim().split(/\s+/).length <= 2 && !/\b(?:week|days?|hours?)\b/i.test(s.text.slice(rel.index, rel.index + rel[0].length + 12))) return true;
  if (!published) return false;
  const d = s.dates.find((x) => x.start < 12);
  // A dateline's date is the dispatch's; one far in the past opens a timeline entry.
  if (!d?.date || (d.deadline && !(d === dated && d.date < addDays(published, -30)))) return false;
  return d.coarse ? d.date.slice(0, 7) < published.slice(0, 7) && d.date < addDays(published, -20) : d.date < addDays(published, -7);
}

/** The trigger's own clause states a day of the past week. */
function ownRecentDay(s: Sentence, trigger: Trigger, published: string | null): boolean {
  if (!published) return false;
  const [a, b] = segmentAround(s.text, trigger.start);
  return s.dates.some((d) => d.start >= a && d.start < b && d.start > 12 && !!d.date && !d.coarse && !d.deadline && d.date >= addDays(published, -7));
}

/** A measure made public only now: its own day may be months old, the report is the news. */
const REVEALED = /\b(?:disclos(?:ed|es|ing)|reveal(?:ed|s|ing)|confirm(?:ed|s|ing)|made public|quietly|secretly|without (?:announcing|publicity))\b/i;

/** Another act of the same day: "a few hours earlier", "earlier that day". */
const SAME_DAY = /\b(?:(?:(?:a few|several|some|\d+|two|three) )?hours (?:earlier|before|after|later)|within (?:(?:a few|several) )?hours|earlier (?:that|the same|in the) day|the same (?:day|evening|night|afternoon)|earlier on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b/i;

function isBackground(s: Sentence, trigger: Trigger, published: string | null): { bg: boolean; answered: boolean } {
  const text = s.text;
  let [segStart, segEnd] = segmentAround(text, trigger.start);
  // "the Somali ambassador, who arrived in March, must leave": the relative clause's time is not the act's.
  const relative = /^\s*(?:who|which|whom|whose)\b[^,;]*,\s*/i.exec(text.slice(segStart, trigger.start));
  let answered = false;
  let answeredClosedAt = -1;
  // The clause the act belongs to; with a relative clause skipped, it began before it ("The statements came a day
  // after Jordan ... informed Israel that its ambassador, who had left in October, should not return").
  const clauses: Array<[number, number]> = [[segStart, trigger.start]];
  if (relative) {
    clauses[0] = [segStart + relative[0].length, trigger.start];
    // Not when a comma after the relative clause opens the main clause ("After officials in Riga, which ..., replaced
    // the flag, the Belarusian ministry ordered ..."): the clause before is a closed subordinate one.
    if (segStart > 2 && !text.slice(segStart + relative[0].length, trigger.start).includes(',')) clauses.push([segmentAround(text, segStart - 3)[0], segStart]);
    segStart += relative[0].length;
  }
  // "in response to the unfriendly act of the Malaysian government which on March 4 declared ...": a restrictive
  // relative clause hangs on the answered clause before it.
  if (!relative && segStart > 2 && /^\s*(?:which|who)\b/i.test(text.slice(segStart, segStart + 8))) clauses.push([segmentAround(text, segStart - 3)[0], segStart]);
  for (const [from, to] of clauses) {
    for (const m of allMatches(BG_ANSWERED, text.slice(from, to))) {
      // "In response to X's expulsion of ..., Russia declared": the comma closes the answered clause.
      // "called the accusations baseless and answered by expelling ...": the act is the answer, not the answered.
      // A declaration's verb, not its "persona non grata", closes the answered clause ("which on March 4 declared Kang
      // Chol, ambassador of the DPRK to Malaysia, persona non grata").
      const declaredVerb = trigger.kind === 'png' ? [...text.slice(from + m.index, to).matchAll(/\bdeclar\w*/gi)].pop() : undefined;
      const between = text.slice(from + m.index + m[0].length, declaredVerb ? from + m.index + declaredVerb.index! : to);
      if (!/[,:]/.test(between.replace(/,\s*$/, '')) && !/\band\s+(?:then\s+|\w+ly\s+)?(?:answered|responded|retaliated|reacted|hit\s+back|struck\s+back)\s+by\s+$/i.test(between)) answered = true;
      // "In a tit-for-tat response to New Delhi's measures announced a day earlier, Pakistan on Thursday declared ...":
      // an answered clause closed by a comma before the act keeps its time words to itself.
      else if (from === segStart && m.index < 40 && /respon|retaliat|repl|answer|counter/i.test(m[0]) && /^[^,;:]*,\s*/.test(between)) answeredClosedAt = Math.max(answeredClosedAt, from + m.index + m[0].length + /^[^,;:]*,\s*/.exec(between)![0].length);
    }
  }
  if (!answered && answeredClosedAt > segStart && answeredClosedAt < trigger.start) segStart = answeredClosedAt;
  // "called Bulgaria's expulsion of two Russian officials openly unfriendly": an act named to be judged.
  // So is one to be answered ("Russia will answer Bulgaria's expulsion of 70 of its diplomatic staff").
  if (/^expulsions?$/i.test(trigger.text) && /\b(?:call(?:s|ed|ing)?|describ(?:es|ed|ing)|denounc(?:es|ed|ing)|condemn(?:s|ed|ing)?|criticis(?:es|ed|ing)|criticiz(?:es|ed|ing)|answer(?:s|ed|ing)?|respond(?:s|ed|ing)?\s+to|react(?:s|ed|ing)?\s+to|retaliat\w*\s+(?:for|against))\s+(?:the\s+)?[\p{Lu}][\p{L}.'’-]*['’]s?\s+$/u.test(text.slice(Math.max(0, trigger.start - 60), trigger.start))) answered = true;
  // "a protest at ... and at Athens' decision to declare a group of Russian diplomats unwelcome": an act named as
  // what a reaction is about.
  // So is one a reaction describes ("described the Republic of Azerbaijan's decision to declare four employees ...
  // persona non grata"): for a declaration, what stands before its verb.
  const declaredAt = trigger.kind === 'png' ? [...text.slice(Math.max(0, trigger.start - 150), trigger.start).matchAll(/\bdeclar\w*/gi)].pop() : undefined;
  const actAt = declaredAt ? Math.max(0, trigger.start - 150) + declaredAt.index! : trigger.start;
  if (/\b(?:at|against|over|about|citing)\s+(?:the\s+)?(?:[\p{Lu}][\p{L}.'’-]*(?:['’]s?)?\s+)?(?:\w+\s+)?(?:decision|move|order|plan|step)s?\s+to\s+$/u.test(text.slice(Math.max(0, actAt - 80), actAt))) answered = true;
  if (/\b(?:describ|call|condemn|criticis|criticiz|denounc|regrett?|protest|reject|deplor)\w*\s+(?:the\s+)?(?:(?:[\p{Lu}][\p{L}.'’-]*|of|the)\s+){0,5}?(?:[\p{Lu}][\p{L}.'’-]*['’]s?\s+)(?:\w+\s+)?(?:decision|move|order|plan|step)s?\s+to\s+$/u.test(text.slice(Math.max(0, actAt - 110), actAt))) answered = true;
  // "answering Moscow's decision a few hours earlier to expel ...": a same-day answer keeps both acts news.
  // (A pluperfect in the reasons after it is not the act's: "... because the president had called his counterpart".)
  if (SAME_DAY.test(text.slice(segStart, trigger.end)) && !/\bhad\b/i.test(text.slice(segStart, trigger.end)) && !/^[^,;]*?\bhad\b/i.test(text.slice(trigger.end, segEnd).replace(/\b(?:because|as|after|since|saying|accus\w+|citing)\b[\s\S]*$/i, ''))) return { bg: false, answered };
  // "The Netherlands expelled four officers in April ..., the minister disclosed on Thursday": first reported now.
  // Not when the disclosure itself is dated in the past ("a step the government made public in July").
  const revealed = REVEALED.exec(text);
  const revealedLongAgo = !!revealed && !!published && s.dates.some((d) => d.start >= revealed.index + revealed[0].length && d.start <= revealed.index + revealed[0].length + 20 && !!d.date && d.date < addDays(published, -7));
  if (!answered && revealed && !revealedLongAgo && !BG_RELATIVE.test(text.slice(segStart, trigger.start))) return { bg: false, answered };
  if (answered) return { bg: true, answered };
  if (/^expulsions?$/i.test(trigger.text) && /\bthe\s+$/i.test(text.slice(Math.max(0, trigger.start - 6), trigger.start)) && !/\b(?:announc\w*|order\w*|confirm\w*|decid\w*|approv\w*|declar\w*|notif\w*|report\w*)\b/i.test(text.slice(segStart, trigger.start))) {
    return { bg: true, answered };
  }
  // "Warsaw has already shrunk Russia's presence sharply since the full-scale invasion": a running total, not today's act.
  if (/\b(?:has|have)\s+already\b/i.test(text.slice(segStart, trigger.start)) && /\bsince\b/i.test(text.slice(trigger.end, segEnd))) return { bg: true, answered };
  // "When Moscow refused ... in 2007, Britain expelled four ..., and Russia sent four British diplomats home days
  // later": counted on from an old day in the same sentence.
  if (published && LATER_ON.test(text.slice(trigger.start, segEnd)) && s.dates.some((d) => !!d.date && !d.deadline && d.start < trigger.start && d.date < addDays(published, -30))) return { bg: true, answered };
  // Time words of an answered clause after the trigger ("in response to X's expulsion ... a day earlier") do not date this act.
  // So do those of a "since ..." clause ("the biggest such move since troops crossed into Ukraine last month")
  // and of the reasons given ("accusing Tehran of a cyberattack in July").
  const nextCue = allMatches(OWN_CLAUSE_END, text.slice(trigger.end, segEnd))[0];
  // A relative clause inside the act's clause keeps its time words ("asked Devyani Khobragade, the Indian diplomat whose
  // arrest last month set off a quarrel, to leave"): blanked out, positions kept.
  // "Earlier in the day", "earlier on Friday": the news day itself, not an earlier one.
  const own = text
    .slice(segStart, nextCue ? trigger.end + nextCue.index : segEnd)
    .replace(/\b(?:who|whose|which)\b[^,;]*(?=,)/gi, (m) => ' '.repeat(m.length))
    .replace(/\bearlier\s+(?:in\s+the|that|the\s+same)\s+day\b|\bearlier\s+(?:today|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b/gi, (m) => ' '.repeat(m.length));
  // "France said on Monday it had expelled ...": the pluperfect of reported speech, not an earlier act.
  const reported = /\b(?:said|says|announced|confirmed|told|stated|added|reported)\b(?![^.;]*\bhad\s+(?:said|announced|told))[^.;]{0,160}\bhad\b/i.test(own) && !/\bhad\s+(?:said|announced|told|stated)\b/i.test(text.slice(segStart, trigger.start));
  // "The rulers who seized power last month gave ... 48 hours": the time belongs to the relative clause.
  const atTrigger = trigger.start - segStart;
  const relativeOwn = allMatches(BG_RELATIVE, own).some((m) => !(m.index < atTrigger && /\b(?:who|which)\b[^,;]*$/i.test(own.slice(0, m.index)) && own.slice(m.index + m[0].length, atTrigger).trim().length < 15));
  // "By the evening the ministry had summoned ... and demanded ...": a pluperfect within the day told, not an earlier act.
  const sameDayNarrative = /^\s*(?:by\s+(?:the\s+|that\s+|this\s+)?(?:evening|afternoon|night|nightfall|midday|noon)|later\s+(?:that|the\s+same)\s+day|within\s+hours)\b/i.test(text);
  // "Rasool had been back in Washington for barely two months when Rubio announced on Friday ...": the when-clause
  // is the act's; the pluperfect sets the scene before it.
  const when = [...text.slice(segStart, trigger.start).matchAll(/\bwhen\s+/gi)].pop();
  const sceneSet = !!when && /\bhad\b/i.test(text.slice(segStart, segStart + when.index!)) && !/\bhad\b/i.test(text.slice(segStart + when.index!, trigger.start));
  const relativeInAct = sceneSet ? allMatches(BG_RELATIVE, own.slice(when!.index! + when![0].length)).length > 0 : relativeOwn;
  if (((!reported && !sameDayNarrative && !sceneSet && BG_PAST_PERFECT.test(own)) || relativeInAct)) return { bg: true, answered };
  if (!reported && !sameDayNarrative && !sceneSet && /\bhad\s+(?:\w+\s+){0,2}?\w+(?:ed|en)\b/i.test(text.slice(segStart, trigger.start))) return { bg: true, answered };
  const ownEnd = nextCue ? trigger.end + nextCue.index : segEnd;
  // A recent day stated for the act ("on Saturday expelled ...") dates it; an older year further on belongs to the reasons.
  const recentDay = !!published && s.dates.some((d) => d.start >= segStart && d.start < trigger.start + 40 && !d.deadline && !d.coarse && !!d.date && d.date >= addDays(published, -7) && d.date <= published);
  for (const d of s.dates) {
    if (d.start < segStart || d.start >= ownEnd || d.deadline || !d.date || !published) continue;
    if (recentDay && d.start > trigger.end) continue;
    // "diplomats who took part in rallies on 23 January have been declared ...": the relative clause's day.
    if (d.start < trigger.start && /\b(?:who|which)\b[^,;]*$/i.test(text.slice(segStart, d.start))) continue;
    if (d.coarse) {
      if (d.date.slice(0, 7) < published.slice(0, 7) && d.date < addDays(published, -20)) return { bg: true, answered };
    } else if (d.date < addDays(published, -7)) return { bg: true, answered };
  }
  return { bg: false, answered };
}

function dateFor(s: Sentence, trigger: Trigger, background: boolean): string | null {
  const [segStart, segEnd] = segmentAround(s.text, trigger.start);
  // A measure revealed now that happened "in April": the day of the report is not the day of the act.
  if (REVEALED.test(s.text) && s.dates.some((d) => d.coarse && d.start >= trigger.start && d.start < segEnd)) return null;
  // A day inside a relative clause before the act is that clause's ("diplomats who marched on 23 January were ...").
  const usable = s.dates.filter((d) => !d.deadline && !d.coarse && d.date && !(d.start < trigger.start && d.start >= segStart && /\b(?:who|which)\b[^,;]*$/i.test(s.text.slice(segStart, d.start))));
  // Days after the act's own clause ("... in reply to Oslo's expulsion of 15 Russians on April 13") are the answered act's.
  const cue = allMatches(OWN_CLAUSE_END, s.text.slice(trigger.end, segEnd))[0];
  const ownEnd = cue ? trigger.end + cue.index : segEnd;
  // ... unless they date the attribution at the end ("..., a Malawian government spokesman said on Wednesday").
  // Not after a dash that opens an aside ("... out of Ljubljana - fewer than Germany's 40, announced on Monday").
  const aside = !!cue && /^\s[-–—]\s$/.test(cue[0]);
  const attribution = (d: DateMention) => !aside && /\b(?:said|says|announced|confirmed|reported|told\s+\w+)\s+(?:on\s+|late\s+on\s+|early\s+on\s+)?$/i.test(s.text.slice(Math.max(0, d.start - 30), d.start));
  const inSegment = usable.filter((d) => d.start >= segStart && (d.start < ownEnd || (d.start < segEnd && attribution(d))));
  // An earlier act gets a day only when its own clause states one ("expelled three on March 14").
  const pool = background ? inSegment.filter((d) => d.start > trigger.start) : inSegment.length ? inSegment : usable.filter((d) => d.start < ownEnd || (!aside && (d.start >= segEnd || attribution(d))));
  if (!pool.length) return null;
  // Prefer a stated day over "today" (quotes often say "today" about another day).
  const ranked = [...pool].sort((a, b) => {
    const ta = /today|tonight|this /i.test(a.text) ? 1 : 0;
    const tb = /today|tonight|this /i.test(b.text) ? 1 : 0;
    if (ta !== tb) return ta - tb;
    return Math.abs(a.start - trigger.start) - Math.abs(b.start - trigger.start);
  });
  return ranked[0]!.date;
}

function actionFor(trigger: Trigger, s: Sentence, object: ObjectReading, answered: boolean): Action {
  if (trigger.kind === 'closure') return 'consulate_closure';
  if (trigger.kind === 'cap') return 'staff_cap';
  if (object.headOnly) return 'ambassador_expulsion';
  let [segStart, segEnd] = segmentAround(s.text, trigger.start);
  if (answered) segStart = trigger.start; // the main clause's wording is not the answered act's
  const png = /\bpersonae?[- ]non[- ]grat(?:a|ae)\b|\bPNG\b/i.exec(s.text.slice(segStart, segEnd));
  if (png) {
    const pre = s.text.slice(Math.max(segStart, segStart + png.index - 30), segStart + png.index);
    if (!/\bnot\b|n['’]t\b/i.test(pre)) return 'persona_non_grata';
  }
  return 'expulsion';
}

/** "US - 60 diplomats; Ukraine - 13 diplomats; ..." after a trigger: one event per listed state. */
function readList(s: Sentence, trigger: Trigger): Array<{ code: string; count: number | null; pos: number }> {
  const text = s.text;
  const colon = text.indexOf(':', trigger.end);
  if (colon < 0 || colon - trigger.end > 80) return [];
  const items: Array<{ code: string; count: number | null; pos: number }> = [];
  for (const m of s.mentions) {
    if (m.start <= colon) continue;
    const before = text.slice(Math.max(colon, m.start - 6), m.start);
    if (!/(?:^|[:;,(]|\band)\s*$/.test(before) && m.start !== colon + 1) continue;
    const after = text.slice(m.end, m.end + 40);
    const item = /^\s*:?\s*[-–—:]+\s*([\d,]+|\w+)\s+(?:diplomats?|officials?|staff|employees|people|envoys?|intelligence officers?)\b/i.exec(after);
    if (!item) continue;
    const c = countBefore(`${item[1]} diplomats`, item[1]!.length + 1);
    items.push({ code: m.code, count: c?.value ?? null, pos: m.start });
  }
  return items.length >= 2 ? items : [];
}

function readSentence(
  s: Sentence,
  previous: Sentence | null,
  ctx: EventContext,
  prior: Candidate[],
  salience: string[],
  headline: Candidate[] = [],
  inBackstory = false,
  opensInPast: boolean | 'backstory' = sentenceOpensInPast(s, ctx.published),
  /** States the paragraph or the headline names: the only ones the article's main pair may lend. */
  namedHere: Set<string> | null = null,
): { candidates: Candidate[] } {
  const text = s.text;
  const out: Candidate[] = [];
  // Table rows are read as a table (readTables), not as sentences.
  if (TABLE_ROW.test(text)) return { candidates: out };
  const triggers = findTriggers(text);
  let listDone = false;
  let coordinatedBg: number | null = null;
  let answeredEnd: number | null = null;
  let groupExpelled: string | null = null;
  // A time adverbial opening the sentence ("In January last year, ...", "In 2018 ...") scopes all of it.
  // A paragraph that opened on the backstory ("The dispute erupted on Saturday, when ...") goes on telling it.
  // Its own day keeps it news, unless that day is before the news day the lede states ("The row began on Saturday,
  // when ... On Sunday Moscow ordered ..." under a lede about Monday).
  const ownDays = s.dates.filter((d) => !d.coarse && !d.deadline && d.date);
  const leadBg = opensInPast || (inBackstory && (!ownDays.length || (!!ctx.newsDay && ownDays.every((d) => d.date! < ctx.newsDay!))) ? 'backstory' : false);
  for (const trigger of triggers) {
    const clauseFrom = clauseStart(text, trigger.start);
    if (modalityBlocked(s, trigger, clauseFrom)) continue;
    const read = isBackground(s, trigger, ctx.published);
    // "... which on March 4 declared Kang Chol ... persona non grata and demanded that he leave": a verb joined to an
    // answered act by "and" is part of it.
    const joinedToAnswered: boolean = !read.answered && answeredEnd !== null && /^\s*,?\s*and\s+(?:also\s+|then\s+)?$/i.test(text.slice(answeredEnd, trigger.start));
    const answered = read.answered || joinedToAnswered;
    answeredEnd = read.answered && read.bg ? trigger.end : joinedToAnswered ? trigger.end : null;
    let bg = read.bg || (joinedToAnswered && !SAME_DAY.test(text));
    if (!bg && previous && previous.paragraph === s.paragraph && BG_RELATIVE.test(previous.text)) {
      // "The row began last month ... Canada expelled a diplomat the same day": a day named by the earlier sentence.
      const [a, b] = segmentAround(text, trigger.start);
      if (/\b(?:the same day|that (?:same )?(?:day|morning|evening|night|week))\b/i.test(text.slice(a, b))) bg = true;
    }
    if (!bg && coordinatedBg !== null) {
      // "had withdrawn its approval of the nuncio, and required him to leave": the verbs share their tense.
      const [a] = segmentAround(text, trigger.start);
      const lead = text.slice(a, trigger.start);
      if (a > coordinatedBg && /^\s*,?\s*and\s+(?:(?:also|then)\s+)?$/i.test(lead)) bg = true;
    }
    if (!bg && leadBg && (leadBg === 'backstory' || !ownRecentDay(s, trigger, ctx.published))) bg = true;
    // "Bahrain and Sudan followed within days, ...": the same story as the act told just before.
    if (!bg && previous && /\bfollow(?:ed|s)?\s+(?:suit|within|days|hours|shortly|soon|later)\b/i.test(text) && !ownRecentDay(s, trigger, ctx.published)) {
      const before = prior.filter((c) => c.sentence === previous.index);
      if (before.length && before.every((c) => !c.isNew)) bg = true;
    }
    if (bg && !answered) coordinatedBg = trigger.start;
    // A backstory sentence states the day of the act it tells ("The dispute began on Saturday, when ...").
    const date = dateFor(s, trigger, bg && leadBg !== 'backstory');
    // Round-up lists: "the following countries are expelling Russian diplomats: US - 60 diplomats; ..."
    if (!listDone && (trigger.kind === 'expel' || trigger.kind === 'leave')) {
      const items = readList(s, trigger);
      if (items.length) {
        listDone = true;
        const header = readObject(s, trigger, clauseFrom);
        const expelled = header?.owner ?? null;
        if (expelled) {
          for (const item of items) {
            if (item.code === expelled) continue;
            out.push(makeCandidate(item.code, expelled, item.count, item.count !== null, 'expulsion', date, !bg, answered, null, s, item.pos, trigger));
          }
        }
        continue;
      }
    }
    let regionStart = clauseFrom;
    // Passive and object-first readings may reach back over a subordinate boundary ("Eighteen diplomats ... have been asked to leave").
    if (trigger.passive || trigger.kind === 'png' || /^(?:must|have|has|had|will|are|is|were|should)\b/i.test(trigger.text)) {
      regionStart = Math.max(0, segmentAround(text, trigger.start)[0]);
      // "its ambassador, who left Amman weeks ago, should not come back": the people sit before the relative clause.
      // So are those a restrictive one follows ("Syrian diplomats and staff who are not US citizens must depart").
      const relative = /^\s*(?:who|which|whom|whose)\b[^;,]*(?:,\s*)?$/i.test(text.slice(regionStart, trigger.start));
      if (relative && regionStart > 2) regionStart = Math.max(0, segmentAround(text, regionStart - 3)[0]);
      // "declared Venezuela's chargé d'affaires, Carlos Ron, and the deputy consul general ... personae non gratae":
      // everything between the verb and the phrase is the object, commas and "and" included.
      if (trigger.kind === 'png') {
        const look = Math.max(0, trigger.start - 220);
        const declared = [...text.slice(look, trigger.start).matchAll(/\bdeclar(?:e|es|ed|ing)\s+(?!(?:a\s+)?personae?\b)/gi)].pop();
        if (declared && !/[;:]/.test(text.slice(look + declared.index, trigger.start))) regionStart = Math.min(regionStart, look + declared.index + declared[0].length);
      }
    }
    const nextTrigger = triggers.find((t) => t.start >= trigger.end);
    // "Lithuania ordered two Russian embassy employees out, while Latvia and Estonia expelled one each": the
    // side expelled is the one just named; each state listed takes the count.
    const eachAfter = trigger.kind === 'expel' ? EACH_AFTER.exec(text.slice(trigger.end, trigger.end + 30)) : null;
    const eachActors = eachAfter ? subjectFor(s, trigger, { owner: null, ownerMention: null, objectStart: trigger.end })?.codes ?? [] : [];
    const eachTarget = [...prior, ...out].reverse().find((c) => c.paragraph === s.paragraph && c.isNew)?.expelled;
    if (eachAfter && eachActors.length && eachTarget) {
      const value = parseNumber(eachAfter[1]!);
      for (const code of eachActors) if (code !== eachTarget) out.push(makeCandidate(code, eachTarget, value, value !== null, 'expulsion', dateFor(s, trigger, false), true, false, null, s, trigger.start, trigger));
      continue;
    }
    let object = readObject(s, trigger, regionStart, nextTrigger?.start);
    // "21 people attached to the Russian embassy ... posed a threat ..., and had 15 days to go": a predicate joined by
    // "and" shares the subject named at the clause before.
    if (!object && trigger.kind === 'leave' && /^(?:ha(?:ve|s|d)|must|will|would|are|is|were|was)\b/i.test(trigger.text) && /,?\s+and\s+$/i.test(text.slice(Math.max(0, trigger.start - 8), trigger.start))) object = readObject(s, trigger, 0, nextTrigger?.start);
    // "Dhaka informally asked for her departure", "ordered him out": a pronoun for the diplomat the sentence before named.
    if (!object && previous && previous.paragraph >= s.paragraph - 1) object = pronounObject(s, previous, trigger);
    if (!object) continue;
    // "Egypt's charge d'affaires in Doha had been instructed to return to Cairo": sent home to its own capital by a
    // passive with no agent is a recall as often as an expulsion; the text does not say which.
    const homeward = /\breturn to ([\p{Lu}][\p{L}-]*)$/u.exec(trigger.text);
    if (homeward && object.owner && /\b(?:was|were|been|be|being|is|are)\s+(?:\w+\s+)?$/i.test(text.slice(Math.max(0, trigger.start - 30), trigger.start)) && !/^\s*(?:\S+\s+){0,4}by\b/i.test(text.slice(trigger.end, trigger.end + 40))) {
      const dest = s.mentions.find((m) => m.start >= trigger.end - homeward[1]!.length - 1 && m.start < trigger.end);
      if (dest && dest.code === object.owner) continue;
    }
    // "its own staff" is the actor's, except where "its" is the state just told ("informed the Israeli government
    // that its own ambassador should not come back").
    const toldThat = object.own ? /\b(?:told|informed|notified|warned)\s+(?:the\s+)?((?:\S+\s+){1,3})that\s+its\s+own\s+$/i.exec(text.slice(Math.max(0, object.objectStart - 70), object.objectStart)) : null;
    const toldState = toldThat ? s.mentions.find((m) => m.start >= object.objectStart - toldThat[0].length && m.end <= object.objectStart - toldThat[0].length + (toldThat[0].indexOf(toldThat[1]!) + toldThat[1]!.length))?.code ?? null : null;
    // "demanded that the Czech embassy in Moscow reduce its own staff", "demanded that Lithuania withdraw its own
    // ambassador": "its" is the that-clause's subject.
    let clauseOwner: string | null = null;
    if (object.own && !toldState) {
      const that = [...text.slice(Math.max(0, object.objectStart - 90), object.objectStart).matchAll(/\bthat\s+/gi)].pop();
      if (that) {
        const from = Math.max(0, object.objectStart - 90) + that.index + that[0].length;
        clauseOwner = s.mentions.find((m) => m.start >= from && m.end <= object!.objectStart && /^(?:['’]s)?\s+(?:embassy|mission|consulate|government|side|authorities|high commission)\b|^\s+(?:(?:should|must|to)\s+)?(?:immediately\s+)?(?:withdraw|recall|reduce|cut|pull|remove|bring)\b/i.test(text.slice(m.end, m.end + 25)))?.code ?? null;
      }
    }
    if (object.own && !toldState && !clauseOwner) continue;
    if (trigger.kind === 'closure' && !object.nouns.length) continue;
    // "The Kremlin has said that expelling diplomats is a short-sighted step": a gerund about expulsions in general.
    if (/^(?:expelling|expulsions?)$/i.test(trigger.text) && !object.owner && /(?:^|\bthat|\bsaid|[,;:])\s*$/i.test(text.slice(Math.max(0, trigger.start - 12), trigger.start))) continue;
    // Withdrawing the agrément of a nominee refuses an envoy who never arrived; nobody is sent away.
    if (/agr[ée]ment|approval|accreditation/i.test(trigger.text) && /\b(?:nominee|nominated|ambassador-designate|designated|designate|choice|pick|not yet (?:arrived|in post|taken up))\b/i.test(text.slice(trigger.start, trigger.end + 140))) continue;
    // "withdrawn the accreditation of France's ambassador to the ceremonies": an event's pass, not his posting.
    if (/accreditation/i.test(trigger.text) && /^[^.;]{0,90}?\bto\s+(?:the\s+)?(?:\w+\s+)?(?:ceremon|commemorat|event|summit|conference|celebration|funeral|inauguration|games|tournament|festival|parade)/i.test(text.slice(trigger.end, trigger.end + 140))) continue;
    let expelled = toldState ?? clauseOwner ?? object.owner;
    // "Bucharest declared its attache persona non grata": "its" names no other state here; whose the attache is, the
    // sentence does not say.
    if (!expelled && /\b(?:its|their)\s+(?:\S+\s+){0,2}$/i.test(text.slice(Math.max(0, object.objectStart - 30), object.objectStart))) continue;
    // "will each send one diplomat back to Moscow": where they are sent back to is whose they are.
    if (!expelled && trigger.kind === 'expel' && /\bback$/i.test(trigger.text)) {
      const home = s.mentions.find((m) => m.start >= trigger.end && /^\s+to\s+$/i.test(text.slice(trigger.end, m.start)));
      if (home && !home.possessive) expelled = home.code;
    }
    // "China ... demanded that the Lithuanian government withdraw its own ambassador": "its" is Lithuania's, so China
    // may still act.
    let subject = subjectFor(s, trigger, (toldState ?? clauseOwner) && (toldState ?? clauseOwner) !== object.owner ? { ...object, owner: (toldState ?? clauseOwner)!, ownerMention: null } : object);
    // "told Russia to close four of its five consulates": the side told to close loses them, as with caps.
    const demanded = trigger.kind === 'cap' || trigger.kind === 'closure' ? demandedSide(s, trigger) : null;
    if (demanded) {
      // "told Iran to reduce ...", "demanded that the Czech embassy reduce its staff": the side told to cut loses staff.
      expelled = demanded.code;
      subject = demanded.actor;
    }
    let expellingCodes = subject?.codes ?? [];
    let subjectPos = subject?.pos ?? trigger.start;
    if (!expellingCodes.length) {
      // A label or dateline that opens the sentence ("Saudi Arabia: ...", "ANKARA - ...", "MOSCOW (Wire) - ...") names the actor.
      const label = s.mentions[0];
      if (label && label.start < 3 && label.code !== expelled && /^\s*(?:\([^)]{0,40}\)\s*)?(?::|[-–—]{1,2}\s)/.test(text.slice(label.end, label.end + 45))) {
        expellingCodes = [label.code];
        subjectPos = label.start;
      }
    }
    if (!expellingCodes.length) {
      // "In Moscow, the foreign ministry summoned ...": the capital opening the sentence is the office's.
      const seat = s.mentions[0];
      if (seat && seat.kind === 'capital' && seat.code !== expelled && /^\s*In\s+$/i.test(text.slice(0, seat.start)) && /^\s*,\s+(?:the\s+)?(?:\w+\s+){0,2}(?:ministry|government|authorities|officials|presidency|cabinet|spokes\w+)\b/i.test(text.slice(seat.end, seat.end + 50))) {
        expellingCodes = [seat.code];
        subjectPos = seat.start;
      }
    }
    if (!expellingCodes.length) {
      // Host of the mission ("staff of the Russian embassy in Oslo", "ambassador to Quito", "leave Serbia").
      let host = object.host;
      if (!host) {
        const leave = /\b(?:leave|leaving|left|from|out of|depart)\s+(?:the\s+)?(?:(?:territory|soil)\s+of\s+(?:the\s+)?)?$/i;
        // Not across a new clause ("... persona non grata and that it was recalling its own ambassador from Ottawa").
        const m = s.mentions.find((x) => x.start >= trigger.start && leave.test(text.slice(Math.max(0, x.start - 30), x.start)) && x.code !== expelled && !/[;:]|\band\s+that\b|\brecall(?:s|ed|ing)?\b/i.test(text.slice(trigger.end, x.start)));
        if (m) host = m.code;
      }
      if (host && host !== expelled) expellingCodes = [host];
    }
    // Own posts close all the time: a closure counts only with a named owner and a named host acting.
    // A closure may take its actor from the measure just told against the same owner ("Somalia gave
    // Ethiopia's ambassador 72 hours ... The cabinet also ordered the two Ethiopian consulates to close").
    const sameParagraph = [...prior, ...out].filter((c) => c.paragraph === s.paragraph).reverse();
    const closureActor =
      !subject && object.owner && previous && /^\s*(?:It|They|The\s+(?:\w+\s+)?(?:government|ministry|authorities|cabinet|presidency|council)|(?:Government\s+)?[Oo]fficials|Authorities)\b/.test(text)
        ? [...prior, ...out].reverse().find((c) => c.isNew && c.expelled === object.owner && (c.paragraph === s.paragraph || c.paragraph === previous.paragraph))?.expelling ?? null
        : null;
    if (closureActor && trigger.kind === 'closure') expellingCodes = [closureActor];
    // "Twelve Ukrainian diplomats have been ordered to leave Belarus ..., and the Consulate of Ukraine in Brest is to be
    // closed": a passive closure joined to a measure against the same owner shares its actor.
    const jointActor =
      trigger.kind === 'closure' && trigger.passive && object.owner && !/\bby\s/i.test(text.slice(trigger.end, trigger.end + 40))
        ? out.find((c) => c.sentence === s.index && c.expelled === object.owner && c.isNew && c.triggerStart < trigger.start && /\band\b/i.test(text.slice(c.triggerStart, trigger.start)))?.expelling ?? null
        : null;
    if (jointActor) expellingCodes = [jointActor];
    // "Sikorski said he was withdrawing consent for the Russian consulate in Poznan" under "Poland orders Russian
    // consulate in Poznan shut": an actor named only by office takes the headline's.
    const headlineActor =
      trigger.kind === 'closure' && !subject && !closureActor && !jointActor && object.owner
        ? headline.find((h) => h.action === 'consulate_closure' && h.expelled === object.owner)?.expelling ?? null
        : null;
    if (headlineActor) expellingCodes = [headlineActor];
    // "Russia said on Saturday that the British consulate general would be closed": the state announcing it closes it.
    const announcedPassive = trigger.passive && !!subject && subject.pos < object.objectStart && /\b(?:said|says|announced|announces|decided|confirmed|stated|informed|notified|told)\b/i.test(text.slice(subject.pos, object.objectStart));
    if (trigger.kind === 'closure' && !jointActor && ((!subject && !closureActor && !headlineActor) || (!object.owner && !demanded) || (trigger.passive && !announcedPassive && !/\bby\s/i.test(text.slice(trigger.end, trigger.end + 40))))) continue;
    // A side the sentence does not name comes from the same paragraph only (the previous event or the
    // previous sentence's subject); a sentence naming neither side is commentary, not an event.
    // "EU members have now expelled more than 200 ...": a group of states acts, not one the text named before.
    const groupSubject = /\b(?:countries|states|governments|members|allies|nations|capitals)\b/i.test(text.slice(clauseFrom, trigger.start)) && !subject;
    if (groupSubject && !expellingCodes.length) {
      // "Four EU countries ordered dozens of Russian diplomats out, with Belgium giving 21 ...": the
      // states listed after act against the same side.
      groupExpelled = expelled ?? groupExpelled;
      continue;
    }
    // "... measures against European governments that sent Russian diplomats home": those governments act.
    if (/\b(?:countries|states|governments|members|allies|nations|capitals)\s+(?:that|which|who)\s+(?:\w+\s+)?$/i.test(text.slice(Math.max(0, trigger.start - 50), trigger.start))) continue;
    // "around 150 Russian diplomats have been ordered out of European countries since February": a tally of many
    // states' acts, no one state's.
    if (!expellingCodes.length && /\b(?:out of|from|by|across)\s+(?:\w+\s+){0,2}(?:countries|states|capitals|governments|members)\b/i.test(text.slice(trigger.start, trigger.end + 60))) continue;
    // "will expel a total of 59 diplomats from 23 countries": a round against many states, no one state's.
    if (/^\s*(?:[\w-]+\s+){0,6}?from\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty[\w-]*|several|many|\w+ other)\s+(?:\w+\s+)?(?:countries|states|nations|governments)\b/i.test(text.slice(trigger.end, trigger.end + 80))) continue;
    // "Mexico moved first. On Thursday it declared Ambassador Kim Hyong Gil persona non grata" under a headline about
    // North Korean ambassadors: the headline says whose envoy.
    // Not for a definite phrase ("The diplomats were given two weeks"), which points back to an act told before.
    if (!expelled && !expellingCodes.length && ctx.titleOwner && trigger.kind !== 'cap' && trigger.kind !== 'closure' && object.nouns[0] && !/\b(?:the|these|those|its|their|his|her)\s+(?:\S+\s+){0,2}$/i.test(text.slice(Math.max(0, object.nouns[0].start - 30), object.nouns[0].start))) expelled = ctx.titleOwner;
    if (!expellingCodes.length && expelled) {
      // Not from an act named only as the one answered ("in answer to Warsaw's expulsion of 45 Russians").
      const prev = sameParagraph.find((c) => c.expelled === expelled && !c.answered) ?? sameParagraph.find((c) => c.expelling !== expelled && !c.answered);
      let fallback = prev?.expelling ?? null;
      if (!fallback && previous && previous.paragraph === s.paragraph) {
        fallback = previous.mentions.find((m) => m.code !== expelled && mayAct(previous.text, m))?.code ?? null;
      }
      // The same measure told again later ("Nine employees of the Finnish embassy were declared ...").
      if (!fallback) fallback = [...prior, ...out].reverse().find((c) => c.isNew && c.expelled === expelled)?.expelling ?? null;
      // "It also ordered ...", "The foreign ministry said ..." opening a new paragraph: the state the last sentence named.
      // So does a quotation attributed to "the statement", "the ministry" ("\"The staff ... must be brought into line
      // with ...,\" the statement said").
      if (!fallback && previous && (/^\s*(?:It|They|The\s+(?:\w+\s+)?(?:government|ministry|authorities|cabinet|presidency)|(?:Government\s+)?[Oo]fficials|Authorities)\b/.test(text) || /[,.]?["”]\s*,?\s*(?:the|a)\s+(?:\w+\s+)?(?:statement|ministry|spokes\w+|communiqu[ée]|note|release)\s+(?:said|says|added|read|reads|stated)\b/i.test(text))) {
        fallback = previous.mentions.find((m) => m.code !== expelled && mayAct(previous.text, m))?.code ?? null;
      }
      // "On Monday the foreign ministry summoned ... and handed her a note declaring ...": an office with no
      // state of its own is the one whose acts the article has been telling.
      if (!fallback && /\b(?:the\s+(?:\w+\s+)?(?:ministry|government|authorities|cabinet|presidency|foreign office)|officials)\b/i.test(text.slice(clauseFrom, trigger.start))) {
        fallback = [...prior, ...out].reverse().find((c) => c.isNew && c.expelling !== expelled && !c.answered)?.expelling ?? null;
      }
      if (fallback) expellingCodes = [fallback];
    }
    if (!expelled && expellingCodes.length > 1 && /\b(?:the other|each other|one another)['’]s?\s+(?:\S+\s+){0,2}$/i.test(text.slice(Math.max(0, object.objectStart - 40), object.objectStart))) {
      // "Canada and India each expelled six of the other's diplomats": one event per direction.
      const action = actionFor(trigger, s, object, answered);
      for (const a of expellingCodes) for (const b of expellingCodes) if (a !== b) out.push(makeCandidate(a, b, object.count, object.countKnown, action, date, !bg, answered, null, s, subjectPos, trigger));
      continue;
    }
    // "one diplomat from each of the three countries": several states the sentence names elsewhere, not one to guess.
    if (!expelled && /^[^.;]{0,40}?\b(?:each\s+of\s+)?(?:the|these|those|both|all)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?(?:countries|states|governments|nations)\b/i.test(text.slice(object.objectStart, object.objectStart + 80))) continue;
    if (!expelled && expellingCodes.length) {
      const prev = sameParagraph.find((c) => expellingCodes.includes(c.expelling));
      expelled = prev?.expelled ?? (groupExpelled && !expellingCodes.includes(groupExpelled) ? groupExpelled : null);
      // A bare figure's states after it are a gapped list's actors ("sent home 15 and Sweden three"): its people are
      // those of the act told before, or of the state the article is about.
      if (!expelled && object.nouns[0]?.text === '') {
        // "Ottawa had expelled four Russians, and Canberra had expelled two": the people of the clause before.
        const parallel = s.mentions.filter((m) => m.end <= object.nouns[0]!.start && m.kind === 'demonym' && !expellingCodes.includes(m.code)).pop();
        expelled = parallel?.code ?? [...prior, ...out].reverse().find((c) => actionFamily(c.action) === 'expulsion' && !expellingCodes.includes(c.expelled))?.expelled ?? salience.find((c) => !expellingCodes.includes(c)) ?? null;
      }
      if (!expelled) {
        // A state after the act that is itself the subject of a verb ("..., while Prague added ...") is another actor.
        const other = s.mentions.find((m) => m.start >= trigger.end && !expellingCodes.includes(m.code) && !isLocation(text, m) && !/^(?:['’]s)?\s+(?:also\s+|later\s+)?(?:\w+ed|said|says|has|have|had|will|is|are|was|were|sent|gave|told|took|threw|kicked|cut|shut|let|struck|hit|made)\b/i.test(text.slice(m.end, m.end + 20)));
        expelled = other?.code ?? null;
      }
      if (!expelled && salience.slice(0, 2).includes(expellingCodes[0]!)) expelled = salience.slice(0, 2).find((c) => !expellingCodes.includes(c) && (!namedHere || namedHere.has(c))) ?? null;
      // "it declared Ambassador Kim Hyong Gil persona non grata" under "... show North Korean ambassadors the door".
      if (!expelled && ctx.titleOwner && !expellingCodes.includes(ctx.titleOwner)) expelled = ctx.titleOwner;
    }
    if (!expelled && !expellingCodes.length && trigger.kind !== 'cap' && trigger.kind !== 'closure') {
      // "The fifteen diplomats were declared persona non grata": a definite phrase points back to the news.
      const first = object.nouns[0]!;
      if (/\bthe\s+(?:\S+[\s-]+){0,2}$/i.test(text.slice(Math.max(0, first.start - 30), first.start))) {
        // The news told without a figure first ("the staff of Venezuela's embassy") takes the one given now.
        const prev = [...prior, ...out].reverse().find((c) => c.isNew && actionFamily(c.action) === 'expulsion' && (!object.countKnown || !c.countKnown || c.count === object.count));
        if (prev) {
          expelled = prev.expelled;
          expellingCodes = [prev.expelling];
        }
      }
    }
    // "The overall strength of the two high commissions is to be brought down from 55 to 30": a cap told with no
    // state of its own continues the act just told in its paragraph.
    if (!expelled && !expellingCodes.length && trigger.kind === 'cap' && /\d/.test(text.slice(trigger.end)) && /\b(?:the|both|these|those)\s+(?:two\s+)?(?:\S+\s+){0,2}(?:missions?|embass(?:y|ies)|high commissions?)\b/i.test(text.slice(clauseFrom, trigger.start))) {
      const prev = sameParagraph.find((c) => c.isNew && actionFamily(c.action) === 'expulsion');
      if (prev) {
        expelled = prev.expelled;
        expellingCodes = [prev.expelling];
      }
    }
    // Sides the text leaves to its headline ("Ghana expels Nigerian envoy" over "The ministry said it had
    // declared the high commissioner persona non grata"): the one act the headline names.
    const headlineActs = headline.filter((h) => actionFamily(h.action) === 'expulsion');
    const fits = headlineActs.filter((h) => (!expelled || h.expelled === expelled) && (!expellingCodes.length || expellingCodes.includes(h.expelling)));
    const told = headlineActs.length === 1 ? headlineActs[0]! : fits.length === 1 && (expelled || expellingCodes.length) ? fits[0]! : null;
    if (told && (!expelled || !expellingCodes.length) && (!expelled || expelled === told.expelled) && (!expellingCodes.length || expellingCodes.includes(told.expelling)) && !object.own) {
      expelled = told.expelled;
      expellingCodes = [told.expelling];
    }
    if (!expelled || !expellingCodes.length) continue;
    if ((trigger.kind === 'leave' || (trigger.kind === 'expel' && !trigger.passive && !/^expulsion/i.test(trigger.text))) && object.ownerViaPronoun && object.ownerMention) {
      // "Britain told its diplomats to leave Kyiv": the subject's own staff.
      // The verb's own subject when read ("Brazil confirmed that Nicaragua had ordered its ambassador ... to leave").
      const reportedSubject = subject ? s.mentions.find((m) => m.start === subject!.pos && /\bthat\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 12), m.start))) : undefined;
      const firstInClause = s.mentions.find((m) => m.start >= clauseFrom && !isLocation(text, m));
      // "Sweden regrets as Russia tells two of its diplomats to leave": a subordinate clause's own subject.
      const verbSubject = subject && firstInClause ? s.mentions.find((m) => m.start === subject!.pos && m !== object!.ownerMention && m.start > firstInClause.end && /\b(?:as|while|when|after|because|before)\s+$/i.test(text.slice(Math.max(firstInClause.end, m.start - 12), m.start))) : undefined;
      const clauseSubject = reportedSubject ?? verbSubject ?? firstInClause;
      if (clauseSubject === object.ownerMention) continue;
    }
    if (trigger.kind === 'leave') {
      // "instructed the ambassador to return home" with no foreign owner named: a government calling its own envoy back.
      if (!object.ownerMention && /\b(?:return|come|go) home\b|\breturn to (?:his|her|their|its) (?:country|capital)\b/i.test(trigger.text)) continue;
      // A state can only order people out of its own territory: "ordered embassy staff to leave Ukraine" is an evacuation.
      const place = s.mentions.find((m) => m.start >= trigger.start && m.start < trigger.end + 30 && /\b(?:leave|depart|quit|exit|out of)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 12), m.start)));
      if (place && !expellingCodes.includes(place.code)) continue;
      // "told reporters he planned to leave": a clause, not an order.
      // "told the ambassador that he has a month to leave" is an order all the same.
      if (trigger.between && /\b(?:he|she|they|we|i|you)\s+(?!(?:has|have|had|must|was|were|is|are|would|should|will)\b)\w+/i.test(text.slice(trigger.between[0], trigger.between[1]))) continue;
    }
    if ((trigger.kind === 'cap' || trigger.kind === 'closure') && expelled && !demanded) {
      // "India ... announced a reciprocal trimming of Indian strength in Islamabad": its own mission.
      // So is "North Korea is closing several of its embassies": the state "its" stands for closes them.
      const lead = s.mentions.filter((m) => m.end <= Math.min(trigger.start, object.objectStart) && m.start >= clauseStart(text, trigger.start) && !isLocation(text, m) && (m !== object.ownerMention || object.ownerViaPronoun));
      const nearest = lead[lead.length - 1];
      const ownClosing = trigger.kind === 'closure' && !/\b(?:its|their)\b/i.test(trigger.text) && object.ownerViaPronoun && nearest === object.ownerMention && !/\b(?:told|tell|ordered|order|asked|ask|demanded|demand|instructed|required|gave|given|forced|called\s+on|urged|(?:demand|insist|request|ask|order|requir)\w*\s+that)\s+(?:\S+\s+){0,3}$/i.test(text.slice(Math.max(0, (nearest?.start ?? 0) - 40), nearest?.start ?? 0)) && !/\b(?:told|ordered|asked|demanded|instructed|required|must|ha(?:ve|s|d)\s+to|(?:are|is|was|were)\s+to|(?:\S+\s+)?(?:days|hours|weeks|months?)\s+to)\b/i.test(text.slice(nearest?.end ?? 0, trigger.start));
      if (nearest && nearest.code === expelled && (!subject || ownClosing)) continue;
      const firstMention = s.mentions.find((m) => !isLocation(text, m));
      const subjectMention = subject ? s.mentions.find((m) => m.start === subject.pos) : undefined;
      // "Washington's order to shut the Chinese consulate": a possessive actor governs its own verb.
      if (!closureActor && !headlineActor && firstMention && firstMention.code === expelled && object.ownerMention && object.ownerMention.start > trigger.start && !subjectMention?.possessive) continue;
    }
    // "Croatia joined Poland, Germany and Spain in expelling ...": the joined states acted earlier.
    let joinedCodes: string[] = [];
    let joinedMain = false;
    if (subject) {
      const leftmost = s.mentions.find((m) => m.start >= clauseStart(text, trigger.start) - 40 && subject.codes.includes(m.code) && m.start <= subject.pos);
      const lead = leftmost ? text.slice(Math.max(0, leftmost.start - 60), leftmost.start) : '';
      const join = /\b(?:join(?:s|ed|ing)?(?:\s+\S+){0,4}?|after|like|following|along with|such as|including|as did)\s+(?:the\s+)?$/i.exec(lead);
      // "after France expelled 35 ...": France is the subject of its own clause, not a state joined.
      const ownClause = leftmost && /^(?:after|following)\b/i.test(join?.[0] ?? '') && /^(?:['’]s)?\s+(?:(?:\S+\s+){0,2}(?:had|has|have|also|already|then)\s+)?$/i.test(text.slice(leftmost.end, trigger.start));
      if (leftmost && join && !ownClause) {
        const jpos = leftmost.start - lead.length + join.index;
        joinedCodes = expellingCodes;
        const main = s.mentions.filter((x) => x.end <= jpos && x.code !== expelled && !isLocation(text, x)).pop();
        expellingCodes = main ? [main.code] : [];
        joinedMain = true;
      }
    }
    for (const code of joinedCodes) {
      if (code !== expelled) out.push(makeCandidate(code, expelled, null, false, 'expulsion', null, false, false, null, s, subjectPos, trigger));
    }
    let action = actionFor(trigger, s, object, answered);
    let count = object.count;
    let countKnown = object.countKnown;
    let capType: Candidate['capType'] = null;
    if (action === 'staff_cap') {
      const [segStart, segEnd] = segmentAround(text, trigger.start);
      const seg = text.slice(segStart, segEnd);
      const diff = capDifference(seg);
      count = diff;
      countKnown = diff !== null;
      const fromTo = /\bfrom\s+\S+\s+(?:\S+\s+){0,3}?to\s+\S+/i.test(seg);
      const ceiling = !fromTo && /\b(?:reduced|brought|bring|bringing|down|cut|limited|capped)\s+(?:\S+\s+){0,6}?to\s+(?:about\s+)?\d|\bceiling of\b|\blimit of\b|\bcap of\b|\bparity\b|\bequal to the number\b/i.test(seg);
      capType = ceiling ? 'ceiling' : 'reduction';
      if (/\bby\s+(?:half|\d+\s*(?:per ?cent|%)|two-thirds|a third)/i.test(seg)) {
        count = null;
        countKnown = false;
      }
    }
    if (action === 'consulate_closure') {
      count = null;
      countKnown = false;
    }
    if (action === 'ambassador_expulsion') {
      count = 1;
      countKnown = true;
    }
    // "X joined Y and Z in expelling ...": a restatement, news only when the sentence dates it to this week.
    const isNew = !bg && (!joinedMain || (!!date && !!ctx.published && date >= addDays(ctx.published, -7)));
    // "Belgium, the Netherlands, Ireland and the Czech Republic sent home 21, 17, four and one Russian diplomats
    // respectively": each state its own figure, in order.
    if (expellingCodes.length > 1 && expelled && /\brespectively\b/i.test(text) && object.nouns.length) {
      const list = RESPECTIVE_COUNTS.exec(text.slice(Math.max(0, object.nouns[0]!.start - 120), object.nouns[0]!.start));
      // Split on the list's commas and its last "and" ("four and one" is two figures here, not five).
      const values = list ? list[1]!.split(/\s*,\s*(?:and\s+)?|\s+and\s+(?=\S+$)/i).filter(Boolean).map((x) => parseNumber(x)) : [];
      if (values.length === expellingCodes.length && values.every((v) => v !== null)) {
        expellingCodes.forEach((code, i) => {
          if (code !== expelled) out.push(makeCandidate(code, expelled, values[i]!, true, action, date, isNew, answered, capType, s, subjectPos, trigger));
        });
        continue;
      }
    }
    // "Estonia, Latvia and Lithuania expelled a total of 10": no state's own figure.
    if (expellingCodes.length > 1 && countKnown && (count ?? 0) > 1 && !/\beach\b/i.test(text)) {
      count = null;
      countKnown = false;
    }
    const expelledCodes = [expelled, ...(demanded ? demanded.others ?? [] : object.otherOwners).filter((o) => o !== expelled)];
    // The same list read as both sides ("withdrawing its own diplomats from Argentina, Chile, ... and demanded that
    // those governments withdraw their representatives"): the list is the object; the actor is the state that
    // speaks before it.
    if (expellingCodes.filter((c) => expelledCodes.includes(c)).length >= 2) {
      const speaker = s.mentions.find((m) => m.start < trigger.start && !expelledCodes.includes(m.code) && mayAct(text, m));
      if (!speaker) continue;
      expellingCodes = [speaker.code];
    }
    // "told the ambassadors of France, Spain and Italy that 34, 27 and 24 of their diplomats respectively must leave":
    // each owner its own figure, in order.
    if (expelledCodes.length > 1 && expellingCodes.length === 1 && /\brespectively\b/i.test(text) && object.nouns.length) {
      const list = RESPECTIVE_COUNTS.exec(text.slice(Math.max(0, object.nouns[0]!.start - 120), object.nouns[0]!.start));
      const values = list ? list[1]!.split(/\s*,\s*(?:and\s+)?|\s+and\s+(?=\S+$)/i).filter(Boolean).map((x) => parseNumber(x)) : [];
      if (values.length === expelledCodes.length && values.every((v) => v !== null)) {
        // In the order the states are named.
        const at = (code: string) => s.mentions.find((m) => m.code === code)?.start ?? Infinity;
        [...expelledCodes].sort((a, b) => at(a!) - at(b!)).forEach((code, i) => {
          if (code !== expellingCodes[0]) out.push(makeCandidate(expellingCodes[0]!, code, values[i]!, true, action, date, isNew, answered, capType, s, subjectPos, trigger));
        });
        continue;
      }
    }
    // "the ambassadors of the United States, Germany and France": one head of mission each.
    const envoysOfEach = expelledCodes.length > 1 && object.nouns.length === 1 && object.nouns[0]!.head && object.nouns[0]!.plural && !object.countKnown;
    if (envoysOfEach) {
      count = 1;
      countKnown = true;
      action = 'ambassador_expulsion';
    } else if (expelledCodes.length > 1 && !(count === 1 && /\beach\b/i.test(text))) {
      count = null;
      countKnown = false;
    }
    if (expellingCodes.length === 1 && (action === 'expulsion' || action === 'persona_non_grata')) {
      // "... and one each from Latvia and Estonia", "two employees of the Lithuanian embassy and one each of the
      // Latvian and Estonian embassies": a count shared out to each state listed.
      const from = Math.min(trigger.start, object.objectStart);
      for (const m of allMatches(EACH_FROM, text.slice(from, nextTrigger?.start ?? text.length))) {
        const value = parseNumber(m[1]!);
        const at = from + m.index + m[0].length;
        if (value === null) continue;
        let cursor = at;
        for (const x of s.mentions.filter((y) => y.start >= at)) {
          if (!/^\s*(?:,|,?\s*and|&)?\s*(?:the\s+)?$/i.test(text.slice(cursor, x.start))) break;
          if (x.code !== expellingCodes[0] && !out.some((c) => c.sentence === s.index && c.expelled === x.code && c.expelling === expellingCodes[0])) {
            out.push(makeCandidate(expellingCodes[0]!, x.code, value, true, action, date, isNew, answered, null, s, subjectPos, trigger));
          }
          cursor = x.end;
        }
      }
    }
    if (object.parts && action === 'consulate_closure') {
      for (const code of expellingCodes) for (const part of object.parts) if (code !== part.owner) out.push(makeCandidate(code, part.owner, null, false, action, date, isNew, answered, null, s, subjectPos, trigger));
      continue;
    }
    if (object.parts && (action === 'expulsion' || action === 'persona_non_grata' || action === 'ambassador_expulsion')) {
      const plain = actionFor(trigger, s, { ...object, headOnly: false }, answered);
      for (const code of expellingCodes) {
        for (const part of object.parts) {
          if (code === part.owner) continue;
          out.push(makeCandidate(code, part.owner, part.head ? 1 : part.count, part.head || part.count !== null, part.head ? 'ambassador_expulsion' : plain, date, isNew, answered, null, s, subjectPos, trigger));
        }
      }
      continue;
    }
    for (const code of expellingCodes) {
      for (const target of expelledCodes) {
        if (code === target) continue;
        out.push(makeCandidate(code, target, count, countKnown, action, date, isNew, answered, capType, s, subjectPos, trigger));
      }
    }
    if (expellingCodes.length === 1 && expelledCodes.length === 1 && countKnown && (action === 'expulsion' || action === 'persona_non_grata')) {
      // Gapping: "Germany expelled 40 Russian diplomats, France 35 and Italy 30": the verb and its noun are shared.
      const lastNoun = object.nouns[object.nouns.length - 1] ?? { start: trigger.start, end: trigger.end, text: '', head: false, plural: false };
      const until = nextTrigger?.start ?? text.length;
      let cursor = lastNoun.end;
      for (const m of s.mentions.filter((x) => x.start > lastNoun.end && x.start < until)) {
        if (!GAPPED_JOIN.test(text.slice(cursor, m.start)) || isLocation(text, m) || m.code === expelled || m.code === expellingCodes[0]) break;
        const n = GAPPED_COUNT.exec(text.slice(m.end, m.end + 40));
        if (!n) break;
        const value = parseNumber(n[1]!);
        if (value === null) break;
        out.push(makeCandidate(m.code, expelled, value, true, action, date, isNew, answered, null, s, m.start, trigger));
        cursor = m.end + n[0].length;
      }
      // "expelling 27 diplomats from Spain, 24 from Italy and 34 from France": the expelled side varies.
      const fromFirst = s.mentions.find((x) => x.code === expelled && x.start > lastNoun.end && /^\s+from\s+$/i.test(text.slice(lastNoun.end, x.start)));
      if (fromFirst) {
        cursor = fromFirst.end;
        for (const m of s.mentions.filter((x) => x.start > fromFirst.end && x.start < until)) {
          const gap = GAPPED_FROM.exec(text.slice(cursor, m.start));
          const value = gap ? parseNumber(gap[1]!) : null;
          if (value === null || m.code === expellingCodes[0]) break;
          out.push(makeCandidate(expellingCodes[0]!, m.code, value, true, action, date, isNew, answered, null, s, subjectPos, trigger));
          cursor = m.end;
        }
      }
    }
  }
  return { candidates: out };
}

/**
 * "the ambassadors of the United States, Germany and eight other Western countries ... The ambassadors concerned
 * represent the United States, Germany, France, ...": the states named in the list that follows share the act.
 */
/** "... and 20 other countries". */
const AND_N_OTHER_STATES = new RegExp(`\\band\\s+(${NUMBER_SOURCE})\\s+other\\s+(?:[\\p{L}-]+\\s+)?(?:countries|states|nations|governments)\\b`, 'iu');
/** "from the seven countries": states counted, to be named after. */
const COUNTED_STATES = new RegExp(`\\b(?:from|against|with|to)\\s+(?:the\\s+)?(${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:countries|states|nations|governments)\\b`, 'iu');
/** "21, 17, 4 and 1" just before "respectively". */
const BARE_FIGURES_BEFORE = new RegExp(`((?:${NUMBER_SOURCE})(?:\\s*,\\s*(?:${NUMBER_SOURCE}))*\\s*,?\\s+and\\s+(?:${NUMBER_SOURCE}))\\s*,?\\s*$`, 'i');

/** Exactly `expected` states listed together (commas, "and") after `from` in the sentence, else none. */
function listAfter(s: Sentence, from: number, expected: number): CountryMention[] {
  const found: CountryMention[] = [];
  for (const m of s.mentions.filter((x) => x.start >= from)) {
    const last = found[found.length - 1];
    if (!last || /^\s*(?:,|,?\s*and)\s*(?:the\s+)?$/.test(s.text.slice(last.end, m.start))) found.push(m);
    else if (found.length < expected) found.splice(0, found.length, m);
    else break;
  }
  return found.length === expected && new Set(found.map((m) => m.code)).size === expected ? found : [];
}

function otherStatesListedAfter(sentences: Sentence[], candidates: Candidate[], published: string | null): Candidate[] {
  const out: Candidate[] = [];
  for (const s of sentences) {
    const others = AND_N_OTHER_STATES.exec(s.text);
    // "withdrawing its diplomats from seven countries ... and demanded that they pull their staff out", then the seven
    // named: each listed state is the act's object. The list must hold exactly that many.
    // Not "Two more EU governments ordered ... out" (the states counted act themselves).
    const counted = others ? null : COUNTED_STATES.exec(s.text);
    if (!others && !counted) continue;
    const expected = counted ? parseNumber(counted[1]!) : null;
    if (counted && (expected === null || expected < 2 || expected > 30)) continue;
    let own = candidates.filter((c) => c.sentence === s.index && c.isNew);
    // The states may be named in the sentence itself ("ordered diplomats from three more countries to leave,
    // answering the expulsions that Oslo, Stockholm and Tokyo announced").
    const inSentence = counted && expected !== null ? listAfter(s, counted.index + counted[0].length, expected) : [];
    if (!own.length && counted) {
      // No object resolved ("they", "those governments"): an act needs its verb and a single acting state here.
      const triggers = findTriggers(s.text).filter((t) => t.kind === 'expel' || t.kind === 'leave');
      const actors = [...new Set(s.mentions.filter((m) => !isLocation(s.text, m) && !inSentence.includes(m)).map((m) => m.code))];
      if (!triggers.length || actors.length !== 1 || !published) continue;
      const date = dateFor(s, triggers[0]!, false);
      const opens = sentenceOpensInPast(s, published);
      if (opens || (date && date < addDays(published, -7))) continue;
      own = [makeCandidate(actors[0]!, actors[0]!, null, false, 'expulsion', date, true, false, null, s, triggers[0]!.start, triggers[0]!)];
    }
    if (!own.length) continue;
    const model = own[0]!;
    const next = sentences.filter((x) => x.index > s.index && x.index <= s.index + 2 + (expected ?? 0) && x.paragraph <= s.paragraph + 1 + (expected ?? 0));
    let listed: CountryMention[] = [];
    // Lines that each open on a state ("- Argentina: staff left on Thursday").
    const lines = [];
    for (const x of next) {
      const first = x.mentions[0];
      // Lines that tell their own acts ("- Norway: 15 expelled on April 13; Russia answered with 10") are a tally.
      if (first && /^\s*(?:[-–—•*]\s*)?(?:the\s+)?$/i.test(x.text.slice(0, first.start)) && /^\s*[:–—-]/.test(x.text.slice(first.end)) && !findTriggers(x.text).length) lines.push(first);
      else if (lines.length) break;
    }
    if (expected !== null && lines.length === expected) listed = lines;
    if (inSentence.length) listed = inSentence;
    for (const x of listed.length ? [] : next.slice(0, 3)) {
      // A list: three or more states joined by commas and "and".
      const found: CountryMention[] = [];
      for (const m of x.mentions) {
        const last = found[found.length - 1];
        if (!last || /^\s*(?:,|,?\s*and)\s*(?:the\s+)?$/.test(x.text.slice(last.end, m.start))) found.push(m);
        else if (found.length < 3) found.splice(0, found.length, m);
        else break;
      }
      if (found.length < 3 || (expected !== null && new Set(found.map((m) => m.code)).size !== expected)) continue;
      listed = found;
      break;
    }
    for (const m of listed) {
      if (m.code === model.expelling || candidates.some((c) => c.isNew && c.expelling === model.expelling && c.expelled === m.code) || out.some((c) => c.expelled === m.code)) continue;
      out.push({ ...model, expelled: m.code });
    }
  }
  return out;
}

/**
 * Figures given "respectively" with no noun of their own, the people being those of the act just told ("On the 29th
 * Belgium, the Netherlands, Ireland and the Czech Republic moved in step: 21, 17, 4 and 1 respectively"; "with
 * Lithuania, Latvia and Estonia expelling four, three and three respectively").
 */
function readBareRespectively(sentences: Sentence[], prior: Candidate[], published: string | null): Candidate[] {
  const out: Candidate[] = [];
  const noTrigger: Trigger = { kind: 'expel', start: 0, end: 0, text: '', passive: false, between: null };
  for (const x of sentences) {
    const resp = /\brespectively\b/i.exec(x.text);
    if (!resp || prior.some((c) => c.sentence === x.index)) continue;
    // The figures just before "respectively", joined by commas and "and", with no noun after them.
    const figures = BARE_FIGURES_BEFORE.exec(x.text.slice(0, resp.index));
    if (!figures) continue;
    const values = figures[1]!.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).map((v) => parseNumber(v.trim()));
    if (values.some((v) => v === null)) continue;
    // The states, listed together before the figures.
    const before = x.mentions.filter((m) => m.end <= figures.index && !isLocation(x.text, m));
    const listed: CountryMention[] = [];
    for (const m of [...before].reverse()) {
      const next = listed[0];
      if (next && !/^\s*(?:,|,?\s*and)\s*(?:the\s+)?$/i.test(x.text.slice(m.end, next.start))) break;
      listed.unshift(m);
    }
    if (listed.length !== values.length || new Set(listed.map((m) => m.code)).size !== listed.length) continue;
    // Whose people: the side most expelled so far (a digest of Europe's orders may tell one of Moscow's answers last).
    const told = [...prior, ...out].filter((c) => c.sentence < x.index && actionFamily(c.action) === 'expulsion');
    const tally = new Map<string, number>();
    for (const c of told) tally.set(c.expelled, (tally.get(c.expelled) ?? 0) + 1);
    const top = [...tally.entries()].sort((a, b) => b[1] - a[1])[0];
    const context = told.filter((c) => c.sentence >= x.index - 3 && c.expelled === top?.[0]).pop();
    if (!context) continue;
    const date = x.dates.find((d) => d.date && !d.coarse && !d.deadline)?.date ?? null;
    const isNew = date && published ? date >= addDays(published, -7) : context.isNew;
    listed.forEach((m, i) => {
      if (m.code !== context.expelled) out.push(makeCandidate(m.code, context.expelled, values[i]!, true, 'expulsion', date, isNew, false, null, x, m.start, noTrigger));
    });
  }
  return out;
}

/** A table row as the page reader gives it: cells joined by " | ". */
const TABLE_ROW = /^[^|]+(?:\s\|\s[^|]*)+$/;
const ROW_COUNT = new RegExp(`^\\s*(?:about\\s+|at least\\s+)?(${NUMBER_SOURCE})\\b`, 'i');

/**
 * A table of measures ("Country | Diplomats told to leave Russia", then "Ukraine | 13"): one event per row, the row's
 * state on the side the header names, the acting state from the header ("leave Russia", "ordered out by Moscow") or
 * from the act told just before the table, the figure from the header's column.
 */
function readTables(sentences: Sentence[], prior: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < sentences.length; i++) {
    if (!TABLE_ROW.test(sentences[i]!.text) || (i > 0 && TABLE_ROW.test(sentences[i - 1]!.text))) continue;
    const header = sentences[i]!;
    const rows: Sentence[] = [];
    for (let j = i + 1; j < sentences.length && TABLE_ROW.test(sentences[j]!.text); j++) rows.push(sentences[j]!);
    if (!rows.length) continue;
    const heads = header.text.split(/\s\|\s/);
    // The column of the act: its header reads as one ("Diplomats told to leave Russia", "Ordered out by Moscow").
    const column = heads.findIndex((h) => findTriggers(h).length > 0 || /\b(?:expelled|ordered out|persona non grata|told to leave)\b/i.test(h));
    if (column < 0) continue;
    const headActor = findCountryMentions(heads[column]!)[0]?.code ?? null;
    const before = prior.filter((c) => c.sentence < header.index && c.sentence >= header.index - 3 && c.isNew).pop();
    const actor = headActor ?? before?.expelling ?? null;
    if (!actor) continue;
    const context = sentences.slice(Math.max(0, header.index - 3), header.index).map((x) => x.text).join(' ');
    const pngContext = /personae?[- ]non[- ]grat/i.test(`${heads[column]} ${context}`);
    // "... told them it was declaring a number of their diplomats persona non grata, in response to the expulsions ...".
    const answers = before?.retaliation ?? (RET_STRONG.test(context) || (new RegExp(RET_WEAK.source, 'i').test(context) && RET_MEASURE.test(context)));
    const action: Action = pngContext ? 'persona_non_grata' : 'expulsion';
    for (const row of rows) {
      const cells = row.text.split(/\s\|\s/);
      const state = cells.map((c) => findCountryMentions(c)).find((ms, k) => k !== column && ms.length === 1);
      const figure = ROW_COUNT.exec(cells[column] ?? '');
      if (!state || state[0]!.code === actor) continue;
      const value = figure ? parseNumber(figure[1]!) : null;
      const date = row.dates.find((d) => d.date && !d.coarse)?.date ?? before?.date ?? null;
      const trigger: Trigger = { kind: 'expel', start: 0, end: 0, text: '', passive: false, between: null };
      const c = makeCandidate(actor, state[0]!.code, value, value !== null, action, date, before ? before.isNew : true, false, null, row, 0, trigger);
      c.retaliation = answers;
      out.push(c);
    }
  }
  return out;
}

/** The first day of the period a digest covers, from its headline or first line; null for other articles. */
function digestStart(title: string, lede: string, published: string): string | null {
  const text = `${title}\n${lede}`;
  const month = new RegExp(`\\b(${MONTH_SOURCE})\\s+in\\s+(?:review|expulsions|diplomacy|brief|numbers|summary)\\b`, 'i').exec(text);
  if (month) {
    const m = monthNumber(month[1]!)!;
    const year = +published.slice(0, 4) - (m > +published.slice(5, 7) ? 1 : 0);
    return `${year}-${String(m).padStart(2, '0')}-01`;
  }
  if (/\bmonth\s+in\s+(?:review|expulsions)\b|\bmonthly\s+(?:round-?up|digest|recap|review)\b|\bthe\s+month['’]s\s+(?:measures|expulsions|orders)\b/i.test(text)) return `${published.slice(0, 7)}-01`;
  if (/\bfortnight\s+in\s+(?:review|brief)\b|\b(?:over|in)\s+the\s+(?:past|last)\s+(?:two|2)\s+weeks\s*:/i.test(text)) return addDays(published, -14);
  if (/\bweek\s+in\s+review\b|\bweekly\s+(?:round-?up|digest|recap|review)\b|\bthis\s+week\s*:|\bthe\s+week\s+in\s+(?:brief|diplomacy)\b/i.test(title) || /^\s*(?:the\s+)?week\s+in\s+review\b/i.test(lede)) return addDays(published, -7);
  return null;
}

/** A state's line in a tally ("Germany: 40 diplomats", "Lithuania: the Russian ambassador; ... consulate ... to close"). */
const TALLY_REST = new RegExp(`^\\s*(?::|[–—]|\\s-)\\s*(?:(?:about|around|some|at least|up to)\\s+)?(?:(${NUMBER_SOURCE})\\b(?!\\s*(?:hours?|days?|weeks?|months?|years?|per\\s?cent|%|km|miles?)\\b)|(?:the\\s+)?(?:[\\p{Lu}][\\p{L}-]*\\s+)?(ambassador|envoy|charg[ée] d['’]affaires))`, 'iu');
/** One group of a verbless gapped clause: "Estonia and Latvia one apiece", "Albania two", "Spain each announce two". */
const GAP_GROUP = new RegExp(`^\\s*(?:the\\s+)?§(?:\\s*,\\s*(?:the\\s+)?§)*(?:\\s*,?\\s+and\\s+(?:the\\s+)?§)?\\s+(?:(?:each|also|will|both)\\s+)*(?:(?:announce|announced|add|added|expel|expelled)s?\\s+)?(?:each\\s+)?(${NUMBER_SOURCE})(?:\\s+(?:each|apiece|more))?\\s*(?:,\\s*(?:and\\s+)?|;\\s*|\\s+and\\s+|\\.?\\s*$)`, 'iu');

/** The states that open a tally line ("Slovakia", "- Lithuania, Latvia and Estonia") and where they end. */
function tallyHead(x: Sentence): { states: CountryMention[]; end: number } | null {
  let cursor = /^\s*(?:[-–—•*]\s*)?(?:the\s+)?/i.exec(x.text)![0].length;
  const states: CountryMention[] = [];
  for (const m of x.mentions) {
    const gap = x.text.slice(cursor, m.start);
    if (m.kind !== 'name' || (states.length ? !/^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?$/i.test(gap) : gap !== '')) break;
    states.push(m);
    cursor = m.end;
  }
  return states.length ? { states, end: cursor } : null;
}

/**
 * Acts told without a verb of their own, after the text has set one up: a tally of lines ("Monday, April 4" then
 * "Germany: 40 diplomats", "France: 35") under an intro or headline about a state's diplomats being sent home, and
 * gapped clauses after an act ("Lithuania tells three Russian diplomats to leave; Estonia and Latvia one apiece",
 * "Late additions: Hungary and Norway one each, Albania two"). Each state takes the act's expelled side and action;
 * a tally line takes the day of the date line above it.
 */
function readTallies(sentences: Sentence[], prior: Candidate[], title: Sentence | null, published: string | null): Candidate[] {
  const out: Candidate[] = [];
  const noTrigger: Trigger = { kind: 'expel', start: 0, end: 0, text: '', passive: false, between: null };
  const fromLines = new Set<Candidate>();
  // The act told last before a line; after background told in passing, the last act reported as news.
  const expulsionBefore = (index: number, within: number) => {
    const before = [...prior, ...out].filter((c) => !fromLines.has(c) && c.sentence <= index && c.sentence >= index - within && (actionFamily(c.action) === 'expulsion')).sort((a, b) => a.sentence - b.sentence);
    const last = before[before.length - 1];
    return (last && !last.isNew && [...before].reverse().find((c) => c.isNew && !c.answered)) || last;
  };
  // The owner of the diplomats the intro or headline sends home ("ordering Russian diplomats out").
  const intro = [...(title ? [title] : []), ...sentences.slice(0, 3)].filter((x) => findTriggers(x.text).length > 0);
  const introOwner = intro
    .flatMap((x) => x.mentions.filter((m) => /^\s+(?:\S+\s+)?(?:diplomats|envoys|embassy staff|officials|intelligence officers)\b/i.test(x.text.slice(m.end, m.end + 40))))
    .map((m) => m.code)[0] ?? null;
  // Tally lines.
  const heads = new Map<Sentence, { states: CountryMention[]; rest: RegExpExecArray }>();
  for (const x of sentences) {
    if (x.text.length >= 200) continue;
    const head = tallyHead(x);
    const rest = head ? TALLY_REST.exec(x.text.slice(head.end)) : null;
    if (head && rest) heads.set(x, { states: head.states, rest });
  }
  const lines = [...heads.keys()];
  if (lines.length >= 2) {
    let dayLine: Sentence | null = null;
    for (const x of sentences) {
      if (x.text.trim().split(/\s+/).length <= 5 && x.dates.some((d) => d.date && !d.coarse) && !x.mentions.length) dayLine = x;
      const line = heads.get(x);
      if (!line) continue;
      const context = expulsionBefore(x.index, x.index + 1);
      // The line above the rows ("Three notes in one afternoon, each matching the original order:").
      const heading = sentences.slice(0, x.index).reverse().find((y) => !heads.has(y));
      // Whose people the tally counts: the intro's or headline's, else the act told just before.
      let expelled: string | undefined = introOwner ?? context?.expelled;
      let actor: string | null = null;
      // Under a piece about one state's replies ("Moscow works through its list of replies"), the rows name whom it
      // answered: the actor of the act before stays the actor.
      const replies = !!heading && RET_MEASURE.test(heading.text) || /\b(?:repl(?:y|ies)|answers?|matching|in return|in kind|mirror)\b/i.test(heading?.text ?? '');
      if (!introOwner && context && replies && title && title.mentions.some((m) => m.code === context.expelling) && !title.mentions.some((m) => m.code === context.expelled)) {
        actor = context.expelling;
        expelled = undefined;
      }
      if (!expelled && !actor) continue;
      // The row's own day ("Slovakia - 3 diplomats (Thursday)"), else the date line above it.
      const date = x.dates.find((d) => d.date && !d.coarse && !d.deadline)?.date ?? dayLine?.dates.find((d) => d.date && !d.coarse)?.date ?? null;
      // Undated lines are the news only when an act or the intro dates them to this week (an analysis's table of
      // "the largest single orders" since the war began is a tally).
      const introRecent = !!published && sentences.slice(0, Math.max(1, x.index)).slice(0, 3).some((y) => y.dates.some((d) => !!d.date && !d.coarse && !d.deadline && d.date >= addDays(published, -7)));
      // "The main orders announced since Monday:" under the day's act: a running list, the day's act is the news.
      const running = !!heading && /\b(?:since|so far|to date)\b/i.test(heading.text) && !!context?.isNew && !!published && context.date === published;
      const isNew = date && published ? date >= addDays(published, -7) : running ? false : context ? context.isNew : introRecent || !published;
      if (actor) {
        for (const state of line.states) {
          if (state.code === actor) continue;
          const value = parseNumber(line.rest[1] ?? '');
          const c = line.rest[2]
            ? makeCandidate(actor, state.code, 1, true, 'ambassador_expulsion', date, isNew, false, null, x, state.start, noTrigger)
            : makeCandidate(actor, state.code, value, value !== null, /personae?[- ]non[- ]grat/i.test(x.text) ? 'persona_non_grata' : 'expulsion', date, isNew, false, null, x, state.start, noTrigger);
          c.retaliation = true;
          fromLines.add(c);
          out.push(c);
        }
        continue;
      }
      if (!expelled) continue;
      for (const state of line.states) {
        if (state.code === expelled) continue;
        if (line.rest[2]) out.push(makeCandidate(state.code, expelled, 1, true, 'ambassador_expulsion', date, isNew, false, null, x, state.start, noTrigger));
        else {
          // "Croatia - 18 diplomats and 6 administrative and technical staff": the parts add up.
          const parts = new RegExp(`^\\s*(?::|[–—]|\\s-)\\s*(${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:diplomats|staff|employees|officials|agents|officers|personnel)\\s+and\\s+(${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,4}?(?:diplomats|staff|employees|officials|agents|officers|personnel)\\b`, 'iu').exec(x.text.slice(state.end));
          const sum = parts ? [parseNumber(parts[1]!), parseNumber(parts[2]!)] : null;
          const value = sum && sum[0] !== null && sum[1] !== null ? sum[0] + sum[1] : parseNumber(line.rest[1]!);
          // A row says PNG itself, or the act told before the rows did (not the row above it).
          const png = /personae?[- ]non[- ]grat/i.test(x.text) || (!heads.has(sentences[context?.sentence ?? -1]!) && context?.action === 'persona_non_grata');
          out.push(makeCandidate(state.code, expelled, value, value !== null, png ? 'persona_non_grata' : 'expulsion', date, isNew, false, null, x, state.start, noTrigger));
        }
        if (/\bconsulate\b[^.;]*\b(?:to\s+)?clos(?:e|ed|ing|ure)\b/i.test(x.text)) out.push(makeCandidate(state.code, expelled, null, false, 'consulate_closure', date, isNew, false, null, x, state.start, noTrigger));
      }
    }
  }
  // Gapped clauses with no verb of their own.
  for (const x of sentences) {
    if (lines.includes(x) || !x.mentions.length) continue;
    const triggers = findTriggers(x.text);
    // The clause after the act's own (after a semicolon), or the whole sentence when it has no act.
    let from = 0;
    if (triggers.length) {
      const semi = x.text.indexOf(';', triggers[triggers.length - 1]!.end);
      if (semi < 0) continue;
      from = semi + 1;
    }
    const context = expulsionBefore(x.index, 2);
    if (!context) continue;
    let skeleton = '';
    let cursor = from;
    const states: CountryMention[] = [];
    for (const m of x.mentions.filter((y) => y.start >= from)) {
      skeleton += x.text.slice(cursor, m.start) + '§';
      cursor = m.end;
      states.push(m);
    }
    skeleton += x.text.slice(cursor);
    // A label may open the clause ("Late additions: ...", "17:15 - Late additions: ...").
    skeleton = skeleton.replace(/^\s*(?:\d{1,2}[:.]\d{2}\s*[-–—]\s*)?(?:[^§:]{1,40}:\s*)?/, '');
    let used = 0;
    const found: Array<{ code: string; count: number }> = [];
    while (skeleton.trim()) {
      const g = GAP_GROUP.exec(skeleton);
      if (!g) break;
      const n = (g[0].match(/§/g) ?? []).length;
      const value = parseNumber(g[1]!);
      if (value === null) break;
      for (const m of states.slice(used, used + n)) found.push({ code: m.code, count: value });
      used += n;
      skeleton = skeleton.slice(g[0].length);
    }
    if (skeleton.trim() || !found.length) continue;
    for (const f of found) {
      if (f.code === context.expelled) continue;
      out.push(makeCandidate(f.code, context.expelled, f.count, true, context.action, context.date, context.isNew, false, null, x, 0, noTrigger));
    }
  }
  return out;
}

function makeCandidate(
  expelling: string,
  expelled: string,
  count: number | null,
  countKnown: boolean,
  action: Action,
  date: string | null,
  isNew: boolean,
  answered: boolean,
  capType: Candidate['capType'],
  s: Sentence,
  subjectPos: number,
  trigger: Trigger,
): Candidate {
  return {
    expelling,
    expelled,
    count,
    countKnown,
    action,
    date,
    isNew,
    retaliation: false,
    responseCue: false,
    answered,
    capType,
    sentence: s.index,
    paragraph: s.paragraph,
    subjectPos,
    triggerStart: trigger.start,
    evidence: s.text,
  };
}

/** Codes of a sentence's mentions, for "this sentence names A and B". */
function codesIn(s: Sentence): Set<string> {
  return new Set(s.mentions.map((m) => m.code));
}

/** Cues not negated or avoided ("Tokyo, which has long avoided tit-for-tat expulsions with Moscow"). */
function liveCues(re: RegExp, text: string): RegExpExecArray[] {
  // Nor a response promised ("prompting Moscow to promise a response"): another side's future act.
  return allMatches(re, text).filter((m) => !/\b(?:avoid\w*|refrain\w*|without|rather\s+than|instead\s+of|never|rul(?:e|es|ed|ing)\s+out|shunn?\w*|promis\w*|vow\w*|pledg\w*|threat\w*|warn\w*)\s+(?:\w+\s+){0,2}$/i.test(text.slice(Math.max(0, m.index - 40), m.index)));
}

function applyRetaliation(sentences: Sentence[], candidates: Candidate[], titleSentence: Sentence | null): void {
  const bySentence = new Map<number, Candidate[]>();
  for (const c of candidates) bySentence.set(c.sentence, [...(bySentence.get(c.sentence) ?? []), c]);
  // 1. Cues inside an event's own sentence, given to the event whose subject precedes the cue most closely.
  for (const s of sentences) {
    const own = bySentence.get(s.index) ?? [];
    if (!own.length) continue;
    const assign = (pos: number): Candidate[] => {
      const before = own.filter((c) => c.subjectPos <= pos && !c.answered);
      if (before.length) {
        const best = Math.max(...before.map((c) => c.subjectPos));
        return before.filter((c) => c.subjectPos === best);
      }
      // "In a tit-for-tat move, Russia expelled ...": a leading cue belongs to the next subject; so does one fronted
      // in a reported clause ("were informed that, on the basis of reciprocity, the Russian side withdraws ...").
      if (pos > 40 && !/(?:\bthat|[:;])\s*,?\s*(?:[\p{L}'’-]+\s+){0,6}$/u.test(s.text.slice(0, pos))) return [];
      const after = own.filter((c) => c.subjectPos > pos);
      const first = Math.min(...after.map((c) => c.subjectPos));
      return after.filter((c) => c.subjectPos === first);
    };
    for (const m of liveCues(RET_STRONG, s.text)) {
      let targets = assign(m.index);
      // "it had acted reciprocally: Montenegro's ambassador ... has also been declared ...": the colon spells the cue out.
      const colon = /^[^.;:]{0,25}:\s/.exec(s.text.slice(m.index + m[0].length));
      if (colon) {
        const at = m.index + m[0].length + colon[0].length;
        const after = own.filter((c) => c.triggerStart >= at);
        if (after.length) targets = after;
      }
      for (const c of targets) if (!c.answered) c.retaliation = true;
    }
    for (const m of liveCues(RET_WEAK, s.text)) {
      const targets = assign(m.index);
      const restStart = m.index + m[0].length;
      for (const c of targets) {
        if (c.answered) continue;
        c.responseCue = true;
        // The answered measure sits in the cue's own clause, before the event's own trigger
        // ("in response to the poisoning, Britain expelled ..." is not an answer to a measure).
        let restEnd = restStart + 160;
        const comma = s.text.slice(restStart, restEnd).search(/[,;]/);
        if (comma >= 0) restEnd = restStart + comma;
        if (c.triggerStart > restStart) restEnd = Math.min(restEnd, c.triggerStart);
        if (RET_MEASURE.test(s.text.slice(restStart, restEnd))) c.retaliation = true;
      }
    }
    for (const m of allMatches(RET_AFTER, s.text)) {
      const rest = s.text.slice(m.index + m[0].length, m.index + m[0].length + 120);
      const measure = RET_MEASURE.exec(rest);
      if (!measure) continue;
      const restStart = m.index + m[0].length;
      // The measure's actor, not the owner of the envoy it sent home ("after Lithuania sent Moscow's ambassador home").
      const actors = s.mentions.filter((x) => x.start >= restStart && x.start < restStart + measure.index + measure[0].length && !(x.possessive && /^['’]s?\s+(?:\w+\s+)?(?:ambassadors?|envoys?|diplomats?|embass(?:y|ies)|staff|consul\w*|charg\w*)\b/i.test(s.text.slice(x.end, x.end + 40))));
      const clauseEnd = s.text.indexOf(',', restStart);
      for (const c of own) {
        if (c.answered) continue;
        if (c.subjectPos > m.index && !(clauseEnd > 0 && c.subjectPos > clauseEnd)) continue;
        if (actors.some((a) => a.code === c.expelled)) c.retaliation = true;
      }
    }
  }
  // 2. Another sentence (or the headline) saying A answered B's measure.
  const all = titleSentence ? [titleSentence, ...sentences] : sentences;
  for (const c of candidates) {
    if (c.retaliation || !c.isNew) continue;
    for (const s of all) {
      if (s.index === c.sentence || (s.index >= 0 && Math.abs(s.index - c.sentence) > 40)) continue;
      // A sentence with an act of its own keeps its cues ("Citing reciprocity, it told Nicaragua's staff ...").
      if ((bySentence.get(s.index) ?? []).some((o) => o.isNew && !o.answered && o.expelling === c.expelled && o.expelled === c.expelling)) continue;
      const codes = codesIn(s);
      if (!codes.has(c.expelling) || !codes.has(c.expelled)) continue;
      const cues = [...liveCues(RET_STRONG, s.text).map((m) => ({ m, strong: true })), ...liveCues(RET_WEAK, s.text).map((m) => ({ m, strong: false })), ...allMatches(RET_AFTER, s.text).map((m) => ({ m, strong: false }))];
      for (const { m, strong } of cues) {
        const beforeMentions = s.mentions.filter((x) => x.end <= m.index);
        const nearest = beforeMentions[beforeMentions.length - 1];
        const afterMentions = s.mentions.filter((x) => x.start >= m.index);
        const rest = s.text.slice(m.index, m.index + 160);
        const isAfterCue = /^(?:after|following|followed|follows|came after|comes after|on the heels of|days after|hours after|in the wake of|a day after)/i.test(m[0]);
        if (isAfterCue) {
          const measure = RET_MEASURE.exec(rest);
          const actorBeforeMeasure = measure && afterMentions.some((x) => x.code === c.expelled && x.start < m.index + measure.index);
          // "A expelled ..., after B's expulsion of ..." or "The order followed B's expulsion of ...".
          const comma = s.text.indexOf(',', m.index);
          const mainSubject = comma > 0 ? s.mentions.find((x) => x.start > comma) : undefined;
          const leadingClauseOk = !beforeMentions.length && (!mainSubject || mainSubject.code === c.expelling);
          if (actorBeforeMeasure && ((s.mentions[0]?.code === c.expelling && beforeMentions.length) || leadingClauseOk)) c.retaliation = true;
        } else if (nearest && s.mentions[0]!.code === c.expelling && afterMentions.some((x) => x.code === c.expelled) && (strong || RET_MEASURE.test(rest))) {
          c.retaliation = true;
        } else if (!nearest && strong && afterMentions.some((x) => x.code === c.expelled)) {
          // "Describing the measure as tit-for-tat, the report said it answered Azerbaijan's expulsion ..."
          c.retaliation = true;
        } else if (!nearest && s.index === c.sentence + 1 && /^\s*(?:The|This|That|It|Its)\b/.test(s.text) && afterMentions.some((x) => x.code === c.expelled) && RET_MEASURE.test(rest)) {
          // "... handed over a list of American diplomats declared persona non grata. The ministry presented the step as
          // its reply to Washington's decision to expel twelve ...": the next sentence says what the act answers.
          c.retaliation = true;
        }
        if (c.retaliation) break;
      }
      if (c.retaliation) break;
    }
  }
  // 3. "In response to ..." plus the other side's act in the text: a response to that act.
  for (const c of candidates) {
    if (c.retaliation || !c.responseCue) continue;
    // Two undated acts are not "the same day"; an act told after this one in its own sentence answers it.
    const toldBefore = (o: Candidate) => o.sentence < c.sentence || (o.sentence === c.sentence && o.triggerStart < c.triggerStart);
    if (candidates.some((o) => o.expelling === c.expelled && o.expelled === c.expelling && o !== c && (!o.isNew || (o.date !== null && o.date === c.date) || toldBefore(o)))) c.retaliation = true;
  }
}

function mergeKey(c: Candidate): string {
  return `${c.expelling}>${c.expelled}>${actionFamily(c.action)}>${c.isNew ? 'new' : 'bg'}`;
}

const ACTION_RANK: Record<Action, number> = {
  expulsion: 0,
  persona_non_grata: 1,
  ambassador_expulsion: 2,
  staff_cap: 0,
  consulate_closure: 0,
};

function merge(candidates: Candidate[]): Candidate[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) groups.set(mergeKey(c), [...(groups.get(mergeKey(c)) ?? []), c]);
  const out: Candidate[] = [];
  for (const group of groups.values()) {
    const first = { ...group[0]! };
    const counted = group.find((c) => c.countKnown && c.action !== 'ambassador_expulsion') ?? group.find((c) => c.countKnown);
    first.count = counted ? counted.count : null;
    first.countKnown = !!counted;
    const group1 = group.some((c) => c.countKnown && (c.count ?? 0) > 1 && c.action !== 'ambassador_expulsion');
    let action: Action = first.action;
    for (const c of group) if (ACTION_RANK[c.action] > ACTION_RANK[action]) action = c.action;
    // "the ambassador ... and all diplomatic staff": people beyond the envoy, of no stated number.
    const othersUncounted = group.some((c) => !c.countKnown && (c.action === 'expulsion' || c.action === 'persona_non_grata'));
    if (action === 'ambassador_expulsion' && othersUncounted && !group1) {
      action = group.some((c) => c.action === 'persona_non_grata') ? 'persona_non_grata' : 'expulsion';
      first.count = null;
      first.countKnown = false;
    }
    if (action === 'ambassador_expulsion' && group1) action = group.some((c) => c.action === 'persona_non_grata') ? 'persona_non_grata' : 'expulsion';
    if (action === 'ambassador_expulsion') {
      first.count = 1;
      first.countKnown = true;
    }
    first.action = action;
    first.date = group.find((c) => c.date)?.date ?? null;
    first.retaliation = group.some((c) => c.retaliation);
    first.capType = group.find((c) => c.capType)?.capType ?? null;
    first.evidence = [...new Set(group.map((c) => c.evidence))].slice(0, 3).join(' … ');
    out.push(first);
  }
  return out.sort((a, b) => a.sentence - b.sentence || a.triggerStart - b.triggerStart);
}

const DEMANDED_CUT = /\b(?:demand(?:s|ed|ing)?|insist(?:s|ed|ing)?|told|order(?:s|ed)?|asked|instructed|required)\b[^.;]{0,80}\b(?:reduc|cut|shrink|trim|limit|bring)/i;

/** A cap announced together with the people it sends home is one measure; a reduction described with an expulsion is the expulsion. */
function reconcileCaps(events: Candidate[]): Candidate[] {
  const drop = new Set<Candidate>();
  for (const cap of events.filter((e) => e.action === 'staff_cap')) {
    // PNG declarations too, for a cut told without figures ("declared two Iranian diplomats persona non grata, ... the
    // second time that Tirana has cut back Tehran's embassy"); a cut with its own figures is a measure of its own.
    const expulsions = events.filter(
      (e) => (e.action === 'expulsion' || (e.action === 'persona_non_grata' && !cap.countKnown && !/\b(?:from|to|by|at)\s+(?:about\s+)?\d/i.test(cap.evidence))) && e.isNew && e.expelling === cap.expelling && e.expelled === cap.expelled && !drop.has(e),
    );
    if (!expulsions.length) continue;
    // "N people must leave, after X ordered Y to cut its staff from A to B" with A − B = N: one measure, told twice;
    // the cap in the answered clause is the news the main clause reports.
    const told = !cap.isNew && cap.countKnown ? expulsions.find((e) => e.sentence === cap.sentence && e.countKnown && e.count === cap.count) : undefined;
    if (told) {
      cap.isNew = true;
      cap.answered = false;
      cap.date = told.date ?? cap.date;
      cap.retaliation = cap.retaliation || told.retaliation;
      drop.add(told);
      continue;
    }
    // A ceiling told as background in another sentence ("a month later New Delhi insisted on parity") is an earlier measure.
    if (cap.capType === 'ceiling' && (cap.isNew || expulsions[0]!.sentence === cap.sentence)) {
      const ex = expulsions[0]!;
      if (!cap.isNew) {
        cap.isNew = true;
        cap.date = ex.date ?? cap.date;
      }
      if (ex.countKnown) {
        cap.count = ex.count;
        cap.countKnown = true;
      }
      cap.date = cap.date ?? ex.date;
      cap.retaliation = cap.retaliation || ex.retaliation;
      cap.evidence = `${ex.evidence} … ${cap.evidence}`;
      for (const e of expulsions) drop.add(e);
      // A new cap and a background mention of the same cap collapse.
      for (const other of events) if (other !== cap && other.action === 'staff_cap' && other.expelling === cap.expelling && other.expelled === cap.expelled && other.isNew) drop.add(other);
    } else if (cap.isNew && expulsions.some((e) => e.countKnown && (Math.abs(e.sentence - cap.sentence) <= 1 || !DEMANDED_CUT.test(cap.evidence)))) {
      // The reduction describes the expulsion; a cut demanded of the other side paragraphs away is another measure
      // ("... and demanded that the Czech embassy in Moscow reduce its own staff in turn").
      drop.add(cap);
    }
  }
  return events.filter((e) => !drop.has(e));
}

/** "from 50 diplomats to 18": a cap's figures; the state before them says whose mission it is. */
const CAP_FIGURES = new RegExp(`\\bfrom\\s+(?:about\\s+)?${NUMBER_SOURCE}\\s+(?:[\\p{L}-]+\\s+){0,3}?to\\s+${NUMBER_SOURCE}\\b`, 'giu');

/**
 * A cap announced in one sentence often gets its figures in the next ("Under the demand the Polish
 * embassy must go from 50 diplomats to 18 and the Lithuanian one from 25 to 14"): a cap without a
 * count takes the difference stated within the next two sentences (this paragraph or the next), for the state
 * named just before the figures (or for the only cap when none is named).
 */
function capCountsFromFollowingSentences(sentences: Sentence[], candidates: Candidate[]): void {
  const caps = candidates.filter((c) => c.action === 'staff_cap' && !c.countKnown);
  for (const cap of caps) {
    for (const s of sentences.filter((x) => x.index > cap.sentence && x.index <= cap.sentence + 2 && x.paragraph <= cap.paragraph + 1)) {
      let found: number | null = null;
      for (const m of allMatches(CAP_FIGURES, s.text)) {
        const owner = s.mentions.filter((x) => x.end <= m.index && !/\b(?:from|to)\s+\S+\s+$/i.test(s.text.slice(Math.max(0, x.start - 8), x.start))).pop();
        const sameCapsAround = caps.filter((c) => c.sentence === cap.sentence && c.expelling === cap.expelling);
        if (owner ? owner.code !== cap.expelled : sameCapsAround.length > 1) continue;
        found = capDifference(m[0]);
        break;
      }
      if (found !== null) {
        cap.count = found;
        cap.countKnown = true;
        break;
      }
    }
  }
}

/** "The mission currently employs 70 people", "27 diplomats and 67 other staff currently work at": a mission's size now. */
const CURRENT_SIZE = new RegExp(
  `\\b(?:at present|currently|now),?\\s+(?:it|the (?:embassy|mission))\\s+(?:has|employs)\\s+((?:${NUMBER_SOURCE})\\s+(?:[\\p{L},-]+\\s+){0,4}?and\\s+(?:${NUMBER_SOURCE})\\s+(?:[\\p{L},-]+\\s+){0,4}?)(?:staff|employees|diplomats|personnel|people)\\b|\\b(?:currently|now|at present)\\s+(?:it\\s+)?(?:employs|has|numbers|counts|stands at)\\s+(?:about\\s+)?(${NUMBER_SOURCE})\\b|\\b((?:${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:and\\s+(?:${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,4}?)?)(?:currently|now)\\s+(?:work|serve|are)\\b`,
  'iu',
);
/** A cap's target: "to 25 people", "may keep 10 diplomats and 15 ... employees", "limits the mission to ...: five diplomats and 19 ...". */
const TARGET_SIZE = new RegExp(
  `\\b(?:to|at|keep|retain)\\s+(?:no more than\\s+|a maximum of\\s+|a total of\\s+)?((?:${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,4}?and\\s+(?:${NUMBER_SOURCE})\\s+(?:[\\p{L},-]+\\s+){0,5}?)(?:people|staff|employees|diplomats|personnel|members|posts)\\b|:\\s*((?:${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,3}?and\\s+(?:${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,4}?(?:staff|employees|personnel))\\b|\\b(?:to|at|keep|retain)\\s+(?:no more than\\s+|a maximum of\\s+|a total of\\s+)?((?:${NUMBER_SOURCE})\\s+(?:[\\p{L}-]+\\s+){0,4}?)(?:people|staff|employees|diplomats|personnel|members|posts)\\b`,
  'iu',
);

function sumNumbers(phrase: string): number | null {
  const values = [...phrase.matchAll(new RegExp(NUMBER_SOURCE, 'gi'))].map((m) => parseNumber(m[0])).filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

/**
 * A cap told as a target and the mission's present size ("reduce the staff ... to 25 people ... The mission currently
 * employs 70 people"): the number who must leave is the difference, when both figures sit within three sentences.
 */
function capCountsFromSizes(sentences: Sentence[], candidates: Candidate[]): void {
  for (const cap of candidates.filter((c) => c.action === 'staff_cap' && !c.countKnown && c.isNew)) {
    const near = sentences.filter((x) => x.index >= cap.sentence && x.index <= cap.sentence + 3);
    let target: number | null = null;
    let current: number | null = null;
    for (const x of near) {
      if (target === null) {
        const t = TARGET_SIZE.exec(x.text);
        if (t) target = sumNumbers((t[1] ?? t[2] ?? t[3])!);
      }
      if (current === null) {
        const c = CURRENT_SIZE.exec(x.text);
        if (c) current = c[2] ? parseNumber(c[2]) : sumNumbers((c[1] ?? c[3])!);
      }
    }
    if (target !== null && current !== null && current > target) {
      cap.count = current - target;
      cap.countKnown = true;
    }
  }
}

/** "A diplomatic source put the number at 35", "the people who have to go number 40": a head-count stated on its own. */
const STATED_NUMBER = new RegExp(
  `\\b(?:put|puts|putting|set|sets|placed|places)\\s+(?:the\\s+)?(?:number|figure|total)\\s+at\\s+(?:about\\s+|around\\s+)?(${NUMBER_SOURCE})\\b|\\b(?:number|figure|total)\\s+(?:of\\s+(?:those|people|diplomats|staff|officials|employees)\\s+(?:expelled|affected|ordered out|told to leave)\\s+)?(?:is|was|stands\\s+at|stood\\s+at|came\\s+to)\\s+(${NUMBER_SOURCE})\\b|\\b(?:have|has|had)\\s+to\\s+(?:go|leave)\\s+number\\s+(${NUMBER_SOURCE})\\b`,
  'i',
);

/**
 * A measure told without a figure ("'many' Russian diplomats would have to leave") often gets one in
 * the next sentences ("A diplomatic source put the number at 35"). Before merging, while each
 * candidate still sits in its own sentence: the sentence stating the number reports no other
 * measure, and the nearest sentence before it (up to two back) has exactly one uncounted measure.
 */
function countsFromFollowingSentences(sentences: Sentence[], candidates: Candidate[]): void {
  for (const s of sentences) {
    const m = STATED_NUMBER.exec(s.text);
    const value = m ? parseNumber(m[1] ?? m[2] ?? m[3]!) : null;
    if (value === null) continue;
    const own = candidates.filter((o) => o.sentence === s.index);
    const before = candidates.filter((o) => o.sentence < s.index && o.sentence >= s.index - 2 && o.paragraph >= s.paragraph - 1);
    if (!before.length) continue;
    const nearest = Math.max(...before.map((o) => o.sentence));
    const open = before.filter((o) => o.sentence === nearest && !o.countKnown && o.action !== 'consulate_closure' && o.action !== 'ambassador_expulsion');
    if (open.length !== 1 || before.filter((o) => o.sentence === nearest).length !== 1) continue;
    const target = open[0]!;
    if (own.some((o) => o.expelling !== target.expelling || o.expelled !== target.expelled)) continue;
    target.count = value;
    target.countKnown = true;
  }
}

/** "ordered out the same number of British diplomats": a mirror of the act it answers. */
const SAME_NUMBER = /^[^,;.]{0,40}?\b(?:the\s+same\s+number|an?\s+(?:equal|identical|matching|like)\s+number)\s+of\b/i;

/** A mirrored head-count takes the figure of the latest earlier act in the other direction, and answers it. */
function mirroredCounts(sentences: Sentence[], candidates: Candidate[]): void {
  for (const c of candidates) {
    if (c.countKnown || (c.action !== 'expulsion' && c.action !== 'persona_non_grata')) continue;
    const text = sentences[c.sentence]?.text ?? '';
    if (!SAME_NUMBER.test(text.slice(c.triggerStart))) continue;
    const earlier = candidates
      .filter((o) => o.expelling === c.expelled && o.expelled === c.expelling && o.countKnown && o.count !== null && (o.sentence < c.sentence || (o.sentence === c.sentence && o.triggerStart < c.triggerStart)))
      .pop();
    if (!earlier) continue;
    c.count = earlier.count;
    c.countKnown = true;
    c.retaliation = true;
  }
}

/** "the same day", "the next day", "two days later": a day counted from the act told before. */
const RELATIVE_TO_ACT = new RegExp(`\\b(?:(?:on\\s+)?(?:the|that)\\s+same\\s+day|later\\s+(?:that|the\\s+same)\\s+day|hours\\s+later|within\\s+hours|(?:the\\s+)?(?:next|following)\\s+day|a\\s+day\\s+later|(${NUMBER_SOURCE})\\s+days\\s+later)\\b`, 'i');

function datesFromEarlierActs(sentences: Sentence[], candidates: Candidate[]): void {
  for (const c of candidates) {
    if (c.date) continue;
    // "..., which cut ties with Qatar on June 5. Bahrain and the UAE gave Qatari diplomats 48 hours to leave that day."
    if (/\b(?:on\s+)?that\s+(?:very\s+)?day\b/i.test(sentences[c.sentence]?.text ?? '')) {
      const told = sentences[c.sentence - 1]?.dates.filter((d) => d.date && !d.coarse && !d.deadline).pop();
      if (told) {
        c.date = told.date;
        continue;
      }
    }
    // "Ireland followed on the same day. Foreign Minister Simon Coveney said ...": the day may be told just before.
    const before = sentences[c.sentence - 1];
    const m = RELATIVE_TO_ACT.exec(sentences[c.sentence]?.text ?? '') ?? (before && before.paragraph === c.paragraph && !candidates.some((o) => o.sentence === before.index) ? RELATIVE_TO_ACT.exec(before.text) : null);
    if (!m) continue;
    // Counted from the day told last before it ("On Thursday, Washington expelled ... Poland moved on the same day"),
    // else from the act told before it.
    const cueSentence = RELATIVE_TO_ACT.test(sentences[c.sentence]?.text ?? '') ? c.sentence : c.sentence - 1;
    const toldDay = sentences
      .filter((x) => x.index < cueSentence && x.index >= cueSentence - 2 && x.paragraph >= (sentences[cueSentence]?.paragraph ?? 0) - 1 && findTriggers(x.text).length > 0)
      .flatMap((x) => x.dates)
      .filter((d) => d.date && !d.coarse && !d.deadline)
      .pop()?.date;
    const anchor = toldDay ?? candidates.filter((o) => o !== c && o.date && (o.sentence < c.sentence || (o.sentence === c.sentence && o.triggerStart < c.triggerStart))).pop()?.date;
    if (!anchor) continue;
    const days = /same|hours/i.test(m[0]) ? 0 : m[1] ? parseNumber(m[1]) : 1;
    if (days === null || days > 60) continue;
    c.date = addDays(anchor, days);
  }
}

/** A lede that looks back a whole year or more: "One year ago today", "on the fifth anniversary of". */
const RETROSPECTIVE_LEDE = new RegExp(`\\b(?:(?:a|one|${NUMBER_SOURCE})\\s+years?\\s+(?:ago|on)\\b|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\\d+(?:st|nd|rd|th))\\s+anniversary\\b|\\banniversary\\s+of\\b)`, 'i');

/** A lede reporting a reaction: condemnation, protest, a promised answer. */
/** Expelled people going, told as the news: "Russian diplomats leave London", "... and their families pulled out of the compound". */
const DEPARTURE_NEWS = /\b(?:diplomats?|envoys?|ambassadors?|amb\.|staff|officials|families|personnel|Russians|Americans|Britons)\b(?:(?!\b(?:to|must|will|would|should|could|may|might|if)\b)[^.;:]){0,80}?\b(?:leave|leaves|left|fly home|flies home|flew home|depart|departs|departed|head home|heads home|headed (?:home|for|to)|pull(?:s|ed)? out|board(?:s|ed)?)\b/i;
const REACTION_LEDE = /\b(?:condemn|denounc|regard|regret|deplor|protest|criticis|criticiz|reject|react|respond|answer|retaliat|vow|warn|promis|threaten|will not (?:go|remain|be left) (?:unanswered|without)|reserv\w* the right|ran out|run out|runs out|expired|expires|lapsed|passed)\w*/i;
/** The act named as a noun ("the decision of the Swedish authorities to expel", "Sweden's expulsion of"). */
const NOMINAL_ACT = /\b(?:decision|move|step|order|plan)\s+(?:of\s+[^,;]{0,60}?\s+)?to\s+(?:expel|declare|close|shut|reduce|cut|make|send|order|force|tell|ask)\b|\bexpulsions?\s+of\b|\b(?:hours|days|deadline|ultimatum)\s+(?:that\s+)?[^.;]{0,100}?\bto\s+(?:withdraw|leave|depart|quit|pull out)\b/i;

/** A time counted on from the act told before: "days later", "a month later", "the next day". */
/** An act told as the answer to one just told ("answered by expelling", "retaliated", "responded in kind"). */
const ANSWER_CUE = /\b(?:answered|responded|retaliated|replied|reciprocated|hit\s+back|struck\s+back)\b/i;
const LATER_ON = /\b(?:(?:a few|several|two|three|four|\d+)\s+)?(?:days|weeks|months|years|a day|a week|a month|a year)\s+later\b|\bwithin\s+(?:(?:a few|several)\s+)?(?:days|weeks|a week)\b|\bthe\s+(?:following|next)\s+(?:day|week|month|year)\b|\b(?:later|earlier)\s+(?:that|the\s+same)\s+(?:week|month|year)\b|\bthat\s+same\s+(?:week|month|year)\b/i;

/** A sentence that is only a day: a digest's entry label ("Monday.", "Tuesday:"). */
const WEEKDAY_LABEL = /^\s*(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s*,\s*[\p{Lu}][\p{L}'’ -]{1,30})?\s*[.:\-–—]?\s*$/iu;

function normalizeForCompare(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Expulsion events read from an article's main text, per EVENT-SPEC.
 * @example extractEvents('Norway said on Thursday it was expelling 15 Russian diplomats.', { published: '2023-04-14' })
 */
export function extractEvents(text: string, context: EventContext): ExtractedEvent[] {
  try {
    return extractEventsUnsafe(text ?? '', context ?? { published: null });
  } catch (error) {
    if (process.env.RIPOSTE_DEBUG_EXTRACT) console.error(error);
    return [];
  }
}

/** Bounds that keep hostile input (no punctuation, endless repetition) linear. */
const MAX_SENTENCE = 1500;
const MAX_SENTENCES = 4000;
const MAX_CANDIDATES = 400;

/** A "sentence" longer than any real one is cut at commas or spaces, so per-sentence work stays bounded. */
function chunkLongSentence(sentence: string): string[] {
  if (sentence.length <= MAX_SENTENCE) return [sentence];
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_SENTENCE) {
    const window = rest.slice(0, 1000);
    let cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '));
    if (cut < 400) cut = window.lastIndexOf(' ');
    if (cut < 200) cut = 1000;
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1);
  }
  if (rest.trim()) out.push(rest.trim());
  return out;
}

/** A rail's heading standing alone on its line ("Related:", "Most read", "More on this story"). */
const RAIL_HEADING = /^\s*(?:related(?:\s+(?:stories|articles|coverage|content|reading|news|links))?|read\s+more|read\s+also|also\s+read|see\s+also|more\s+(?:on\s+this(?:\s+story|\s+topic)?|from\s+\S+(?:\s+\S+)?|stories|news|coverage)|recommended(?:\s+(?:for\s+you|stories|reading))?|further\s+reading|you\s+may\s+also\s+like|you\s+might\s+also\s+like|most\s+(?:read|popular|viewed|shared)|popular\s+now|trending(?:\s+now)?|top\s+stories|latest\s+(?:news|stories)|editor['’]s\s+picks|don['’]t\s+miss)\s*[:»›>]?\s*$/i;

/** A line that only points to other stories: "Read more: ...", "Related: ...", "See also: ...". */
export const RAIL_LINE = /^\s*(?:related(?:\s+(?:stories|articles|coverage|content|reading|news))?|read\s+more|read\s+also|also\s+read|see\s+also|more(?:\s+(?:on\s+this(?:\s+story)?|from\s+\S+|stories|news))?|recommended(?:\s+for\s+you)?|further\s+reading|you\s+may\s+also\s+like|most\s+read|watch|listen|trending|top\s+stories|don['’]t\s+miss)\s*(?:[:|»›>]|\s[-–—]\s)/i;

/** Every event needs a diplomatic word somewhere; most news has none, and is skipped cheaply. */
const DIPLOMATIC_HINT = /diplomat|ambassador|envoy|embass|consul|charg[ée]|attach[ée]|persona|high commission|mission|legation|nuncio/i;

function extractEventsUnsafe(text: string, context: EventContext): ExtractedEvent[] {
  if (!DIPLOMATIC_HINT.test(text)) return [];
  const published = context.published && /^\d{4}-\d{2}-\d{2}$/.test(context.published) ? context.published : null;
  const ctx: EventContext = { published, title: context.title ?? null, titleOwner: headlineOwner(context.title) };
  const title = context.title ? normalizeForCompare(context.title) : null;
  const paragraphs = splitParagraphs(text.length > 400_000 ? text.slice(0, 400_000) : text);
  const sentences: Sentence[] = [];
  // Under a rail's heading alone on its line ("Related:", "Most read"), the lines that follow are other stories'
  // headlines until a line reads as prose again (it ends a sentence and is not a numbered entry).
  let railOpen = false;
  paragraphs.forEach((raw, pi) => {
    if (RAIL_HEADING.test(raw)) {
      railOpen = true;
      return;
    }
    // A correction or editor's note retells what the story says and what it wrongly said: not evidence.
    if (/^\s*(?:corrections?|clarifications?|editor['’]s\s+note)\b[^:]{0,40}:/i.test(raw)) return;
    if (railOpen) {
      if (raw.length < 220 && (/^\s*\d{1,2}[.)]\s/.test(raw) || !/[.!?"”’]\s*$/.test(raw))) return;
      railOpen = false;
    }
    // A table written with pipes ("| Ukraine | 13 |") reads like a page's table row; its rule line ("|---|---|") is nothing.
    if (/^[\s|:-]+$/.test(raw) && raw.includes('|')) return;
    const p = /^\s*\|.*\|\s*$/.test(raw) ? raw.trim().replace(/^\|\s*|\s*\|$/g, '') : raw;
    // The headline repeated as the first line is not evidence (headlines promise more than texts support).
    if (pi < 3 && title && normalizeForCompare(p) === title) return;
    // A second headline before the story ("Bahrain orders visiting US rights envoy out after Wefaq meeting"): no
    // full stop, short, at the top. Headlines promise more than texts support.
    // A date line ("Wednesday 23 March - latest updates") is kept: it dates what follows.
    // A line after one that ends on a colon is an entry of the list it opens, not a headline.
    if (pi < 2 && p.length < 160 && !/[.!?"”’)\]]\s*$/.test(p) && p.trim().split(/\s+/).length >= 5 && paragraphs.length > 2 && !findDates(p, published).length && !/\s\|\s/.test(p) && !(pi > 0 && /:\s*$/.test(paragraphs[pi - 1]!)) && !/^\s*\d{1,2}[:.]\d{2}\s*[-–—|]/.test(p)) return;
    // "Related: Latvia declares Russian diplomat persona non grata": a link to another story left in the text.
    if (RAIL_LINE.test(p) && p.length < 300) return;
    for (const st of splitSentences(p).flatMap(chunkLongSentence)) {
      if (sentences.length >= MAX_SENTENCES) break;
      sentences.push({ text: st, paragraph: pi, index: sentences.length, mentions: findCountryMentions(st), dates: findDates(st, published) });
    }
  });
  // "the Foreign Office" is London's only in an article that names Britain otherwise (Berlin and Islamabad have one too).
  const named = new Set([...sentences.flatMap((s) => s.mentions), ...(context.title ? findCountryMentions(context.title) : [])].filter((m) => !isContextualMetonym(m)).map((m) => m.code));
  for (const s of sentences) s.mentions = s.mentions.filter((m) => !isContextualMetonym(m) || named.has(m.code));
  const ledeProse = sentences.find((x) => x.text.trim().split(/\s+/).length > 6);
  ctx.newsDay = ledeProse?.dates.find((d) => d.date && !d.coarse && !d.deadline)?.date ?? null;
  // Salience: which states the article is about (headline counts double).
  const score = new Map<string, number>();
  const titleMentions = context.title ? findCountryMentions(context.title) : [];
  for (const m of titleMentions) score.set(m.code, (score.get(m.code) ?? 0) + 3);
  for (const s of sentences) for (const m of s.mentions) score.set(m.code, (score.get(m.code) ?? 0) + 1);
  const salience = [...score.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const titleCodes = new Set(titleMentions.map((m) => m.code));
  const paragraphCodes = new Map<number, Set<string>>();
  for (const s of sentences) {
    const set = paragraphCodes.get(s.paragraph) ?? new Set<string>();
    for (const m of s.mentions) set.add(m.code);
    paragraphCodes.set(s.paragraph, set);
  }

  // The headline's own act, read like a sentence: a hint for sides the text leaves unnamed, never an event.
  const headline = context.title
    ? readSentence({ text: context.title, paragraph: -1, index: -1, mentions: titleMentions, dates: [] }, null, ctx, [], salience).candidates.filter((c) => actionFamily(c.action) === 'expulsion' || c.action === 'consulate_closure')
    : [];
  let candidates: Candidate[] = [];
  let backstoryParagraph = -1;
  /** Paragraphs a heading labels as the past ("July 2017.", "Earlier, for reference."). */
  const labelledPast = new Set<number>();
  const pastOpened = new Set<number>();
  for (const [i, s] of sentences.entries()) {
    if (candidates.length >= MAX_CANDIDATES) break;
    let opens = sentenceOpensInPast(s, published);
    // "In July 2007 ... London expelled four Russian diplomats. Russia sent four British diplomats home days later.":
    // a time counted on from an old act is old too.
    const before = sentences[i - 1];
    if (!opens && published && before && before.paragraph === s.paragraph && !s.dates.some((d) => d.date && !d.deadline) && LATER_ON.test(s.text) && (pastOpened.has(before.index) || before.dates.some((d) => d.date && !d.deadline && d.date < addDays(published, -30)) || (candidates.some((c) => c.sentence === before.index) && candidates.every((c) => c.sentence !== before.index || !c.isNew)))) opens = true;
    // "In September 2008 Morales declared him persona non grata ... Washington answered by expelling ...": an answer
    // told with no day of its own, after a sentence set in the past, is as old (not "has now answered").
    // So is one told as what came next ("... she flew home on Jan. 9. New Delhi then asked the United States to withdraw a
    // diplomat").
    if (!opens && published && before && before.paragraph === s.paragraph && !s.dates.some((d) => d.date && !d.deadline) && (ANSWER_CUE.test(s.text) || /\b(?:then|subsequently|thereupon|in\s+turn)\b/i.test(s.text)) && !/\b(?:now|today|tonight|this\s+week|so\s+far)\b/i.test(s.text) && !SAME_DAY.test(s.text) && (pastOpened.has(before.index) || before.dates.some((d) => d.date && !d.deadline && d.date < addDays(published, -30)))) opens = true;
    if (opens) pastOpened.add(s.index);
    // The article's main pair fills a missing side only when this paragraph (or the headline) names it: a
    // briefing's other stories ("Myanmar. ...") are not this paragraph's sides.
    const here = new Set([...(paragraphCodes.get(s.paragraph) ?? []), ...titleCodes]);
    candidates.push(...readSentence(s, sentences[i - 1] ?? null, ctx, candidates, salience, headline, s.paragraph === backstoryParagraph, opens, here).candidates);
    if (opens === 'backstory') backstoryParagraph = s.paragraph;
    // A heading that is a paragraph of its own ("<p>July 2017.</p>") dates the paragraph after it.
    const next = sentences[i + 1];
    if (next && next.paragraph !== s.paragraph && pastDateHeading(s, published)) backstoryParagraph = next.paragraph;
    if (PAST_LABEL.test(s.text) && pastDateHeading(s, published)) labelledPast.add(backstoryParagraph);
  }
  if (process.env.RIPOSTE_DEBUG_EXTRACT) for (const c of candidates) console.error(`  cand s${c.sentence} ${c.expelling}>${c.expelled} ${c.action} ${c.count} ${c.date} new=${c.isNew} ans=${c.answered} ret=${c.retaliation} | ${c.evidence.slice(0, 90)}`);

  const titleSentence = context.title
    ? { text: context.title, paragraph: -1, index: -1, mentions: titleMentions, dates: [] }
    : null;
  candidates.push(...readTables(sentences, candidates));
  candidates.push(...readTallies(sentences, candidates, titleSentence, published));
  candidates.push(...readBareRespectively(sentences, candidates, published));
  candidates.push(...otherStatesListedAfter(sentences, candidates, published));
  applyRetaliation(sentences, candidates, titleSentence);
  countsFromFollowingSentences(sentences, candidates);
  mirroredCounts(sentences, candidates);

  candidates = merge(candidates);
  datesFromEarlierActs(sentences, candidates);
  // "Prague expelled 18 Russian diplomats this month, and Moscow answered ...": an undated recap after the news,
  // the month or year in the act's own clause.
  const firstNews = candidates.find((c) => c.isNew);
  for (const c of candidates) {
    if (!firstNews || !c.isNew || c.date || c.sentence <= firstNews.sentence) continue;
    const text = sentences[c.sentence]?.text ?? '';
    const [segStart, segEnd] = segmentAround(text, c.triggerStart);
    const cue = allMatches(OWN_CLAUSE_END, text.slice(c.triggerStart + 1, segEnd))[0];
    const own = text.slice(segStart, cue ? c.triggerStart + 1 + cue.index : segEnd);
    if (/\b(?:this|last)\s+(?:month|year)\b/i.test(own)) c.isNew = false;
  }
  // An answer told right after a background act, with no day of its own, is background too
  // ("Ties collapsed in October 2024, when Canada expelled six ... New Delhi retaliated by ...").
  for (const c of candidates) {
    if (!c.isNew || !(c.retaliation || c.responseCue) || c.date) continue;
    const answeredBg = candidates.find((o) => !o.isNew && o.expelling === c.expelled && o.expelled === c.expelling && c.paragraph - o.paragraph <= 1 && (o.sentence < c.sentence || (o.sentence === c.sentence && o.triggerStart < c.triggerStart)) && c.sentence - o.sentence <= 2);
    const answeredNew = candidates.some((o) => o.isNew && o.expelling === c.expelled && o.expelled === c.expelling);
    // "Russia said it would close Poland's consulate ... It also declared three employees ...": more of the news.
    const continuesNews = candidates.some((o) => o !== c && o.isNew && o.expelling === c.expelling && o.expelled === c.expelled && o.sentence < c.sentence);
    // The act answered in the same sentence ("expelled 17 ... in March last year, and Moscow answered by ...") wins.
    // Unless that act is also the article's news ("after its ambassador was declared persona non grata" retells today's act).
    const retold = !!answeredBg && candidates.some((o) => o.isNew && o.expelling === answeredBg.expelling && o.expelled === answeredBg.expelled && o.action === answeredBg.action && o.count === answeredBg.count && !BG_RELATIVE.test(sentences[answeredBg.sentence]?.text ?? ''));
    if (answeredBg && !retold && (answeredBg.sentence === c.sentence || (!continuesNews && (answeredBg.sentence === c.sentence - 1 || !answeredNew)))) {
      c.isNew = false;
      // "... declared him persona non grata. Washington ... answered by expelling ...": the answer is to that measure.
      c.retaliation = true;
    }
  }
  // The act being answered is background, unless both moves came the same day.
  for (const r of candidates.filter((c) => c.retaliation && c.isNew)) {
    for (const o of candidates) {
      if (o.expelling !== r.expelled || o.expelled !== r.expelling || !o.isNew) continue;
      if (o.date && r.date && o.date >= r.date) continue;
      // An undated answer to an act of the last two days: both are this news.
      if (o.date && !r.date && published && o.date >= addDays(published, -2)) continue;
      // With no publication day, an answer given "today" is this news and so is the act it answers (a press release).
      if (!published && !r.date && /\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/i.test(sentences[r.sentence]?.text ?? '')) continue;
      // An undated act next to a sentence giving a day of the last three ("On Saturday the Czech government named a
      // culprit. ... ordered 18 employees ... to leave"), answered the next day: both are the weekend's news.
      if (!o.date && r.date && published && r.date >= addDays(published, -3)) {
        const nearDay = sentences
          .filter((x) => Math.abs(x.index - o.sentence) <= 1 && x.paragraph === o.paragraph && x.index !== r.sentence)
          .flatMap((x) => x.dates)
          .find((d) => d.date && !d.coarse && !d.deadline && d.date <= r.date! && d.date >= addDays(published, -3));
        if (nearDay) continue;
      }
      // So in a short lead-in sentence of its own ("Budapest responded within hours. ... Kyiv answered the same evening.").
      const leadIn = (i: number) => {
        const x = sentences[i - 1];
        return !!x && x.paragraph === sentences[i]?.paragraph && x.text.trim().split(/\s+/).length <= 8 && SAME_DAY.test(x.text);
      };
      if (leadIn(r.sentence) || leadIn(o.sentence)) continue;
      if (SAME_DAY.test(sentences[r.sentence]?.text ?? '') || SAME_DAY.test(sentences[o.sentence]?.text ?? '')) continue; // "hours after Ankara asked ...
      if (o.retaliation && o.sentence <= r.sentence) continue;
      o.isNew = false;
    }
  }
  candidates = merge(candidates);
  candidates = reconcileCaps(candidates);
  capCountsFromFollowingSentences(sentences, candidates);
  capCountsFromSizes(sentences, candidates);
  // The news day is often stated once, in a neighbouring sentence ("..., the ministry said on Monday").
  if (published) {
    for (const c of candidates) {
      if (!c.isNew || c.date) continue;
      const near = sentences
        .filter((x) => Math.abs(x.index - c.sentence) <= 2 && (x.paragraph === c.paragraph || Math.abs(x.index - c.sentence) === 1))
        .sort((a, b) => Math.abs(a.index - c.sentence) - Math.abs(b.index - c.sentence) || a.index - b.index);
      // A live blog's entry opens on the time of day ("14:40 - Kyiv goes furthest ..."): told as it happens, that day.
      const entry = sentences.find((x) => x.paragraph === c.paragraph);
      if (entry && /^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:(?:GMT|UTC|CET|CEST|BST|EST|EDT|ET|MSK|local)\s*)?[-–—|:]\s/i.test(entry.text) && entry.index === sentences.filter((x) => x.paragraph === c.paragraph)[0]!.index) {
        c.date = published;
        continue;
      }
      // A wire's own dateline ("KYIV, Oct 4 - Ukraine MFA declares ... PNG") dates an act told in the present tense.
      const own = sentences[c.sentence];
      const dateline = own?.dates.find((d) => d.start < 30 && d.deadline && !!d.date && /^\s*(?:\([^)]*\))?\s*(?:--|[-–—]|\/)/.test(own.text.slice(d.end, d.end + 20)));
      if (dateline && /\b(?:declares|expels|orders|tells|gives|closes|asks|says)\b/i.test(own!.text) && dateline.date! <= published && dateline.date! >= addDays(published, -2)) {
        c.date = dateline.date;
        continue;
      }
      // A digest's day label ("Monday. North Macedonia declared ..."): the day of every entry under it.
      const label = sentences.filter((x) => x.paragraph === c.paragraph && x.index < c.sentence && WEEKDAY_LABEL.test(x.text)).pop();
      const labelDay = label?.dates.find((d) => d.date)?.date;
      if (labelDay && labelDay >= addDays(published, -7)) {
        c.date = labelDay;
        continue;
      }
      for (const x of near) {
        // "... and on Saturday Moscow ordered out ... The ministry also withdrew ...": the same actor's day in that sentence.
        const sameActor = x.index !== c.sentence ? candidates.find((o) => o !== c && o.sentence === x.index && o.expelling === c.expelling && o.isNew && o.date) : undefined;
        if (sameActor) {
          c.date = sameActor.date;
          // "It also withdrew its consent for ...": more of the same answer.
          if (sameActor.retaliation && sameActor.expelled === c.expelled && /\balso\b/i.test(sentences[c.sentence]?.text ?? '')) c.retaliation = true;
          break;
        }
        // A sentence telling another state's act keeps its day for that act ("... must leave. On Thursday Moscow told
        // Ireland that ...").
        if (x.index !== c.sentence && candidates.some((o) => o.sentence === x.index && o.expelling !== c.expelling)) continue;
        // Another sentence lends its day only when it is the news cycle's (a week-old day there is another act's).
        // Not from an aside after a dash in the act's own sentence ("... - fewer than Germany's 40, announced on Monday").
        const asideAt = x.index === c.sentence ? x.text.slice(c.triggerStart).search(/\s[-–—]\s/) : -1;
        const d = x.dates.find((dm) => !dm.deadline && !dm.coarse && dm.date && dm.date <= published && dm.date >= addDays(published, x.index === c.sentence ? -7 : -4) && !(asideAt >= 0 && dm.start > c.triggerStart + asideAt));
        if (d) {
          c.date = d.date;
          break;
        }
      }
    }
  }
  // Still undated news takes the day the lede gives ("Three of Saudi Arabia's partners moved against Iran on
  // Monday. ... Bahrain: The island kingdom cut ties and told ...").
  if (published) {
    const lede = sentences.slice(0, 2).flatMap((x) => x.dates).find((d) => !d.deadline && !d.coarse && d.date && d.date <= published && d.date >= addDays(published, -4));
    if (lede) for (const c of candidates) if (c.isNew && !c.date) c.date = lede.date;
  }
  // "Ireland asked the four to leave on March 29 ... Belgium, the Netherlands and the Czech Republic expelled Russian
  // diplomats on the same day.": the day is the sentence before's, and an old one makes the act context.
  if (published) {
    for (const c of candidates) {
      const x = sentences[c.sentence];
      const prev = sentences[c.sentence - 1];
      if (!c.isNew || !x || !prev || prev.paragraph !== x.paragraph || !/\b(?:the\s+same\s+day|that\s+(?:same\s+)?day)\b/i.test(x.text) || x.dates.some((d) => d.date && !d.coarse && !d.deadline)) continue;
      if (/\b(?:later|earlier)\s+(?:that|the\s+same)\s+day\b/i.test(x.text)) continue;
      // A day after "to leave on" is the order's own day as often as the deadline; "by February 7" is only a deadline.
      const days = prev.dates.filter((d) => d.date && !d.coarse && (!d.deadline || /\bon\s+$/i.test(prev.text.slice(Math.max(0, d.start - 4), d.start))));
      const day = (days.filter((d) => !d.deadline).pop() ?? days.pop())?.date;
      if (day && day < addDays(published, -7)) {
        c.isNew = false;
        c.date = day;
      }
    }
  }
  // An article leads with the day's news; acts of an earlier day told after it are its context
  // ("The announcements came a day after Germany ...", "The dispute began on Saturday ...").
  const lead = candidates.find((c) => c.isNew && c.date);
  if (lead) {
    for (const c of candidates) {
      if (!c.isNew || !c.date || c.date >= lead.date! || c.sentence <= lead.sentence) continue;
      // An answer to a new act stays news; an act answered later in the news is its context.
      // Two acts of the same earlier day answering each other are both context ("On Monday Minsk ordered ...; Latvia answered ...").
      if (candidates.some((o) => o.isNew && o.expelling === c.expelled && o.expelled === c.expelling && (o.date ?? lead.date!) <= c.date! && !(o.date && o.date < lead.date! && o.sentence === c.sentence))) continue;
      c.isNew = false;
    }
  }
  // A lede that reports an order withdrawn ("stepped back from its order for American diplomats to leave"): the
  // walk-back is the news, and the order told again further on is its background.
  const walkBackLede = [...(titleSentence ? [titleSentence] : []), ...sentences.slice(0, 3)].find((x) => M.walkBack!.test(x.text) && /\b(?:order|orders|expulsions?|expel\w*|deadline|leave|ultimatum)\b/i.test(x.text));
  if (walkBackLede) {
    // The lede may name only the side that backs away ("Erdogan backed away from his order to expel the ambassadors of 10 Western countries").
    const sides = new Set(walkBackLede.mentions.map((m) => m.code));
    for (const c of candidates) if (c.isNew && c.sentence > walkBackLede.index && sides.has(c.expelling) && (sides.has(c.expelled) || sides.size === 1)) c.isNew = false;
  }
  // A lede about the reaction to an act ("Moscow regards the decision of the Swedish authorities to expel ... as
  // ..., Zakharova said on Thursday"): the act, told later with an earlier day, is the reaction's background.
  const ledeSentence = sentences.find((x) => x.text.trim().split(/\s+/).length > 6);
  if (ledeSentence && !candidates.some((c) => c.sentence === ledeSentence.index && c.isNew) && REACTION_LEDE.test(ledeSentence.text) && NOMINAL_ACT.test(ledeSentence.text)) {
    // A lede with no day of its own ("Iran has warned that it will respond to ...") speaks of the day it is published.
    const ledeDay = ledeSentence.dates.find((d) => d.date && !d.coarse && !d.deadline)?.date ?? (ledeSentence.dates.length ? undefined : published ?? undefined);
    // Not the act the headline itself reports ("Tokyo protests as Moscow orders eight Japanese diplomats out").
    // Not one the headline names as what the reaction is about ("Beijing condemns Lithuania's expulsion of ...",
    // "Moscow promises response after Norway ousts 15 embassy staff").
    const titleText = context.title ?? '';
    const headlined = (c: Candidate) =>
      headline.some((h) => {
        // "... as Moscow sends seven of their diplomats home": "their" stands for several states, each one of the acts.
        const several = h.expelled !== c.expelled && /\btheir\b/i.test(titleText.slice(h.triggerStart, h.triggerStart + 60));
        if (h.expelling !== c.expelling || (h.expelled !== c.expelled && !several) || actionFamily(h.action) !== actionFamily(c.action)) return false;
        const verb = /^\S+/.exec(titleText.slice(h.triggerStart))?.[0] ?? '';
        return !/^expulsions?$/i.test(verb) && !/\b(?:after|following|over|at|against|to|for)\s+(?:\S+\s+){0,4}$/i.test(titleText.slice(0, h.triggerStart));
      });
    if (ledeDay) for (const c of candidates) if (c.isNew && c.date && c.date < ledeDay && !headlined(c)) c.isNew = false;
    // The act a reaction lede names, first reported there and told as news by the headline ("Sweden regrets as Russia
    // tells two of its diplomats to leave"; lede "Sweden said on Wednesday it regretted Moscow's decision to make two
    // Swedish diplomats leave Russia"): the news, of the lede's day.
    for (const c of candidates) {
      if (c.isNew || !c.answered || c.sentence !== ledeSentence.index || !headlined(c) || (c.date && ledeDay && c.date < addDays(ledeDay, -1))) continue;
      if (candidates.some((o) => o.isNew && o.expelling === c.expelling && o.expelled === c.expelled)) continue;
      c.isNew = true;
      c.answered = false;
      c.date = c.date ?? ledeDay ?? null;
    }
  }
  // A piece about expelled diplomats going ("Russian diplomats leave London as the deadline runs out", "Buses carrying
  // American diplomats pulled out of the embassy compound on Thursday"): the departure is the news, the orders before it
  // are mentioned after the fact.
  if (ledeSentence && !candidates.some((c) => c.sentence === ledeSentence.index && c.isNew) && DEPARTURE_NEWS.test(ledeSentence.text) && !REVEALED.test(ledeSentence.text) && (!titleSentence || DEPARTURE_NEWS.test(titleSentence.text) || !candidates.some((c) => c.sentence === titleSentence.index))) {
    const ledeDay = ledeSentence.dates.find((d) => d.date && !d.coarse && !d.deadline)?.date ?? published ?? undefined;
    if (ledeDay) for (const c of candidates) if (c.isNew && (!c.date || c.date < ledeDay)) c.isNew = false;
  }
  // An anniversary piece ("One year ago today, ...") looks back: its undated acts belong to the past it recalls.
  // So do acts dated by a day and month alone ("On January 23 Moscow ordered ..." in a piece a year on): the day
  // recalled, not today's. Only a day told relative to today ("on Monday", "yesterday") is news there.
  const retrospective = sentences.slice(0, 2).filter((x) => RETROSPECTIVE_LEDE.test(x.text));
  if (retrospective.length) {
    const anniversary = retrospective.some((x) => /\b(?:exactly|today|this\s+week|anniversary)\b/i.test(x.text));
    for (const c of candidates) {
      if (!c.isNew) continue;
      if (!c.date || (anniversary && !sentences[c.sentence]?.dates.some((d) => d.relative && d.date === c.date))) c.isNew = false;
    }
  }
  // A digest of a period ("September in review", "Week in review", "Central Europe this week:") reports every act of
  // the period as its news, the answered ones too.
  const period = published ? digestStart(context.title ?? '', sentences[0]?.text ?? '', published) : null;
  if (period) {
    for (const c of candidates) {
      if (c.isNew) continue;
      const s = sentences[c.sentence];
      const trigger = s ? findTriggers(s.text).find((t) => t.start === c.triggerStart) : undefined;
      const day = c.date ?? (s && trigger ? dateFor(s, trigger, false) : null);
      if (day && day >= period && day <= published!) {
        c.isNew = true;
        c.date = day;
      } else if (!day && s && !c.answered && !labelledPast.has(s.paragraph) && !BG_RELATIVE.test(s.text.replace(/\bearlier\s+(?:this|that|in\s+the)\s+(?:week|month)\b/gi, '')) && (!BG_PAST_PERFECT.test(s.text) || /\b(?:said|says|announced|reported|confirmed)\b[^.;]{0,80}\bhad\b/i.test(s.text)) && s.dates.every((d) => !d.date || d.start > (s.text.indexOf(',', c.triggerStart) + 1 || s.text.length) || (d.date >= period && d.date <= published!))) {
        // "Norway followed in the middle of the month, expelling ...": told without a day, within the period.
        c.isNew = true;
      }
    }
    // Acts made news here get the cues other sentences give news ("... described the step as a reciprocal answer").
    applyRetaliation(sentences, candidates, titleSentence);
  }
  // The news retold as the act answered ("after its ambassador was declared persona non grata") is one event, the news.
  candidates = candidates.filter((c) => c.isNew || !candidates.some((o) => o.isNew && o.expelling === c.expelling && o.expelled === c.expelled && o.action === c.action && (c.count === null || o.count === c.count) && !c.date));
  // So is an uncounted mention of an act told elsewhere with its figure ("the decision ... to expel employees" and "five
  // employees ... had been asked to leave"): one background event, the counted one.
  candidates = candidates.filter((c) => c.isNew || c.countKnown || !candidates.some((o) => o !== c && !o.isNew && o.countKnown && o.expelling === c.expelling && o.expelled === c.expelled && o.action === c.action && (!c.date || !o.date || o.date <= c.date)));
  // The same earlier act told twice, once with its day ("Bulgaria's expulsion of 70" and "announced on Tuesday that
  // 70 ... must leave"): one background event, the dated one.
  candidates = candidates.filter((c) => c.isNew || c.date || !candidates.some((o) => o !== c && !o.isNew && o.date && o.expelling === c.expelling && o.expelled === c.expelled && o.action === c.action && o.count === c.count));
  // Background events keep only what the text gives about the past: dates of old acts are usually unknown.
  return candidates.map((c) => ({
    expelling_country: c.expelling,
    expelled_country: c.expelled,
    count: c.count,
    action: c.action,
    date: c.date,
    is_retaliation: c.retaliation,
    new: c.isNew,
    evidence: c.evidence,
  }));
}

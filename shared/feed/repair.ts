import { decodeHTMLStrict } from 'entities/decode';

/**
 * Repairs the two ill-formed patterns whose intent is clear, outside CDATA sections and comments:
 * HTML named entities that XML does not declare (`&nbsp;`, `&mdash;`, `&eacute;` become numeric
 * character references) and a bare `&` that starts no reference (it becomes `&amp;`). An unknown
 * name like `&bogus;` is kept as literal text. A final end tag cut off before its `>` is closed. The DOCTYPE is removed (nothing here validates);
 * simple entities its internal subset declares are expanded once, as text, so no expansion can
 * nest (no "billion laughs"). Pure; returns the input unchanged when there is nothing to repair.
 */
export function repairXmlText(xml: string): string {
  const { declared, rest: withoutDoctype } = stripDoctype(xml);
  // A document cut off inside its last end tag (`</rss` at the very end): close that tag.
  const rest = /<\/[A-Za-z_][\w:.-]*\s*$/.test(withoutDoctype) ? `${withoutDoctype.trimEnd()}>` : withoutDoctype;
  if (!rest.includes('&')) return rest;
  // Split so that odd indexes are CDATA sections or comments, which must not be touched.
  const pieces = rest.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/);
  return pieces.map((piece, index) => (index % 2 === 1 ? piece : repairPiece(piece, declared))).join('');
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function repairPiece(text: string, declared: Map<string, string>): string {
  return text.replace(/&(#[0-9]+;|#x[0-9a-fA-F]+;|([A-Za-z][A-Za-z0-9._-]*);)?/g, (match, reference?: string, name?: string) => {
    if (!reference) return '&amp;'; // a bare ampersand
    if (!name) return validCharacterReference(reference) ? match : `&amp;${reference}`;
    if (XML_ENTITIES.has(name)) return match;
    const own = declared.get(name);
    if (own !== undefined) return escapeText(own);
    const decoded = decodeHTMLStrict(match);
    if (decoded === match) return `&amp;${reference}`; // not an HTML entity either: keep it as text
    return Array.from(decoded, (character) => `&#${character.codePointAt(0)};`).join('');
  });
}

function validCharacterReference(reference: string): boolean {
  const codePoint = reference.startsWith('#x') ? parseInt(reference.slice(2, -1), 16) : parseInt(reference.slice(1, -1), 10);
  if (!Number.isFinite(codePoint) || codePoint > 0x10ffff) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd || codePoint >= 0x20;
}

const DOCTYPE = /<!DOCTYPE\s[^[>]*(?:\[([\s\S]*?)\]\s*)?>/i;

function stripDoctype(xml: string): { declared: Map<string, string>; rest: string } {
  const declared = new Map<string, string>();
  const match = DOCTYPE.exec(xml.slice(0, 50_000));
  if (!match) return { declared, rest: xml };
  for (const entity of (match[1] ?? '').matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    declared.set(entity[1]!, entity[2] ?? entity[3] ?? '');
  }
  return { declared, rest: xml.slice(0, match.index) + xml.slice(match.index + match[0].length) };
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

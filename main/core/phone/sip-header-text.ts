/**
 * Small, dependency-free readers for the SIP header values the phone service
 * looks at (name-addr, header parameters, comma lists). Kept separate from
 * the SIP stack so caller context and auto-answer do not depend on it.
 */

/** Control characters (line breaks, escapes, NUL): become spaces. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * Invisible and direction-changing characters: zero-width space/joiners,
 * word joiner, soft hyphen, Mongolian vowel separator, Hangul fillers,
 * bidi overrides and isolates, interlinear annotation, the replacement
 * character left by invalid UTF-8, tag characters. Removed outright, so
 * `王\u200b先生` reads 王先生.
 */
const invisibleCharacters =
  /[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffd]|[\u{e0000}-\u{e007f}]/gu;

/** Strips control, bidi-override and invisible characters, collapses whitespace, caps the length. */
export function untrustedText(value: string, maxLength: number): string {
  return value.replace(controlCharacters, ' ').replace(invisibleCharacters, '').replace(/\s+/g, ' ').trim().slice(0, maxLength);
}

/**
 * A caller's display name as plain visible text: untrusted text without
 * markup (`<script>…</script>` keeps its words, loses its tags) and without
 * angle brackets at all.
 */
export function plainName(value: string, maxLength: number): string {
  const text = untrustedText(value, maxLength * 4)
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[<>]/g, ' ');
  return untrustedText(text, maxLength);
}

/**
 * A phone number: digits with an optional leading `+` (visual separators
 * `-` `.` `(` `)` and spaces dropped). Anything else — a percent-encoded
 * `<svg onload=…>` in a P-Asserted-Identity user part, a SIP user name — is
 * no number, and gives ''.
 */
export function phoneNumberOf(value: string, maxLength: number): string {
  const compact = untrustedText(value, maxLength * 2).replace(/[-.()\s]/g, '');
  return /^\+?\d+$/.test(compact) && compact.length <= maxLength ? compact : '';
}

/** Splits a header value on commas that are outside `<…>` and quotes. */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) {
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === '<') {
      depth++;
    } else if (!quoted && c === '>' && depth > 0) {
      depth--;
    } else if (!quoted && depth === 0 && c === ',') {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter((p) => p !== '');
}

export interface NameAddr {
  readonly displayName: string | null;
  readonly uri: string;
  /** Header parameters after the `>` (lower-cased names). */
  readonly params: ReadonlyMap<string, string>;
}

/** Parses `"Name" <sip:u@h>;tag=x`, `Name <tel:+1>` or a bare `sip:u@h;tag=x`. */
export function parseNameAddr(value: string): NameAddr | null {
  const text = value.trim();
  let displayName: string | null = null;
  let uri: string;
  let rest: string;
  const open = indexOutsideQuotes(text, '<');
  if (open >= 0) {
    const close = text.indexOf('>', open);
    if (close < 0) return null;
    const name = text.slice(0, open).trim();
    displayName = name === '' ? null : unquote(name);
    uri = text.slice(open + 1, close).trim();
    rest = text.slice(close + 1);
  } else {
    const semicolon = text.indexOf(';');
    uri = (semicolon < 0 ? text : text.slice(0, semicolon)).trim();
    rest = semicolon < 0 ? '' : text.slice(semicolon);
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) return null;
  return { displayName, uri, params: parseParams(rest) };
}

/** `;a=1;b;c="x y"` → Map { a → 1, b → '', c → 'x y' } (names lower-cased). */
export function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const name = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase();
    const raw = eq < 0 ? '' : trimmed.slice(eq + 1).trim();
    params.set(name, unquote(raw));
  }
  return params;
}

/** The number a URI stands for: the user part of sip:/sips:, the number of tel:. */
export function numberOfUri(uri: string): string {
  const tel = /^tel:([^;?]+)/i.exec(uri);
  if (tel?.[1]) return safeDecode(tel[1]);
  const sip = /^sips?:([^@;?]+)@/i.exec(uri);
  if (sip?.[1]) return safeDecode(sip[1]);
  const hostOnly = /^sips?:([^;?]+)/i.exec(uri);
  return hostOnly?.[1] ? safeDecode(hostOnly[1]) : '';
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

function indexOutsideQuotes(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === char) return i;
  }
  return -1;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

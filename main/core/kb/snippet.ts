/**
 * Highlighted snippets, cut in JavaScript from the stored plain text of only
 * the rows being shown (≤ limit), so their cost never grows with the number
 * of matches. Output is escaped HTML with `<mark>` around query matches.
 */
import { normalizeText } from './search-text.js';

const contextBefore = 24;
const commonIdeographs = /^[\u4e00-\u9fff]+$/;
const clauseBoundary = /[\s。；，、！？：;,!?:（(]/;
const snippetLength = 96;

/**
 * Offsets in `text` matching each needle (normalized; case and width
 * insensitive), merged and sorted; only those overlapping [from, to) of the
 * original text when a range is given.
 */
export function findMatches(text: string, needles: readonly string[], from = 0, to = Infinity): [number, number][] {
  return findIn(normalizeWithOffsets(text, needles), needles, from, to);
}

interface Normalized {
  readonly normalized: string;
  readonly identity: boolean;
  toOriginal(offset: number, isEnd: boolean): number;
}

function findIn(n: Normalized, needles: readonly string[], from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (const needle of needles) {
    if (needle === '') continue;
    // With a 1:1 mapping, start the scan just before the window instead of at 0.
    let at = n.identity ? Math.max(0, from - needle.length + 1) : 0;
    for (;;) {
      at = n.normalized.indexOf(needle, at);
      if (at < 0) break;
      const start = n.toOriginal(at, false);
      if (start >= to) break;
      const end = n.toOriginal(at + needle.length, true);
      if (end > from) ranges.push([start, end]);
      at += needle.length;
      if (ranges.length > 200) break;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** The whole text, escaped, with matches marked (titles). */
export function highlightAll(text: string, needles: readonly string[]): string {
  return markRanges(text, 0, text.length, findMatches(text, needles));
}

/**
 * A window of the text around the first match (or its start when the match
 * was in a field not shown, such as tags or pinyin), escaped and marked;
 * line breaks shown as " · ".
 */
export function snippetAround(text: string, needles: readonly string[]): string {
  const n = normalizeWithOffsets(text, needles);
  let first = -1;
  for (const needle of needles) {
    if (needle === '') continue;
    const at = n.normalized.indexOf(needle);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const firstOriginal = first < 0 ? 0 : n.toOriginal(first, false);
  let start = Math.max(0, firstOriginal - contextBefore);
  if (start > 0) {
    // Begin at a clause boundary before the match when there is one in reach,
    // not in the middle of a word or number.
    for (let i = firstOriginal - 1; i >= start; i--) {
      if (clauseBoundary.test(text[i] as string)) {
        start = i + 1;
        break;
      }
    }
  }
  let end = Math.min(text.length, start + snippetLength);
  if (end - start < snippetLength) start = Math.max(0, end - snippetLength);
  start = codePointStart(text, start);
  end = codePointStart(text, end);
  const body = markRanges(text, start, end, findIn(n, needles, start, end));
  return `${start > 0 ? '…' : ''}${body.replace(/\s*\n\s*/g, ' · ').trim()}${end < text.length ? '…' : ''}`;
}

function markRanges(text: string, start: number, end: number, ranges: readonly [number, number][]): string {
  let out = '';
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    out += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  return out + escapeHtml(text.slice(at, end));
}

/** Moves an offset off the low half of a surrogate pair. */
function codePointStart(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

/**
 * Normalizes for matching and maps offsets back to the original.
 *
 * Cheapest first: usually every needle (Chinese, lowercase Latin) is found
 * in the text merely lowercased, which keeps its length, so offsets map 1:1
 * and NFKC (the costly part, ~10–20 µs per kilo-character) is skipped. When
 * some needle is not found that way the text is NFKC-normalized (１２３ →
 * 123, Ⅱ → ii); if that keeps the length, still 1:1, else a per-character
 * map — ASCII and common ideographs without a call.
 */
function normalizeWithOffsets(text: string, needles: readonly string[] = []): Normalized {
  const identity = (normalized: string): Normalized => ({ normalized, identity: true, toOriginal: (offset: number) => offset });
  // Common ideographs have no case and NFKC makes none of them out of other
  // characters (bar the rare compatibility ideographs): the raw text decides.
  if (needles.length > 0 && needles.every((n) => commonIdeographs.test(n))) return identity(text);
  const lower = text.toLowerCase();
  if (lower.length === text.length && needles.length > 0 && needles.every((n) => lower.includes(n))) return identity(lower);
  const normalized = normalizeText(text);
  if (normalized.length === text.length) return identity(normalized);
  let out = '';
  const starts: number[] = [];
  let i = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const piece =
      code < 0x80 ? char.toLowerCase() : code >= 0x4e00 && code <= 0x9fff ? char : normalizeText(char);
    for (let k = 0; k < piece.length; k++) starts.push(i);
    out += piece;
    i += char.length;
  }
  starts.push(text.length);
  return {
    normalized: out,
    identity: false,
    toOriginal: (offset, isEnd) => {
      const mapped = starts[Math.min(offset, starts.length - 1)] ?? text.length;
      // An end offset inside an expanded character extends to the character's end.
      if (isEnd && offset > 0 && starts[offset - 1] === mapped && mapped < text.length) {
        return mapped + (text.codePointAt(mapped)! > 0xffff ? 2 : 1);
      }
      return mapped;
    },
  };
}

const escapes: Readonly<Record<string, string>> = { '&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

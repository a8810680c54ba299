/**
 * Pinyin initials of a title, so an agent can type `kqb` for 狂犬病.
 *
 * pinyin-pro reads characters in context (重庆 → cq, 银行卡 → yhk). Word runs
 * (HPV, 12320) are kept whole: "HPV疫苗" → "hpvym". Punctuation splits the
 * title into segments; the index stores letter bigrams of each segment, so
 * any run of initials inside the title matches (`bl` finds 狂犬病暴露…).
 */
import { pinyin } from 'pinyin-pro';
import { isCjkChar, normalizeText, splitRuns } from './search-text.js';

/** Initials segments of a title: "狂犬病，HPV疫苗" → ["kqb", "hpvym"]. */
export function titleInitials(title: string): string[] {
  const segments: string[] = [];
  let current = '';
  const normalized = normalizeText(title);
  // Split on anything that is not a letter/digit/CJK character, keep the rest in order.
  for (const part of normalized.split(/[^\p{L}\p{N}\p{M}]+/u)) {
    if (part === '') continue;
    current = '';
    for (const run of splitRuns(part)) {
      if (run.cjk) current += cjkInitials(run.text);
      else current += run.text;
    }
    if (current !== '') segments.push(current);
  }
  return segments;
}

function cjkInitials(run: string): string {
  const initials = pinyin(run, { pattern: 'first', toneType: 'none', type: 'array' });
  let out = '';
  const chars = Array.from(run);
  initials.forEach((initial, i) => {
    const letter = initial.toLowerCase();
    // Kana, Hangul and rare characters have no pinyin: pinyin-pro returns the
    // character itself; leave it out rather than index a non-letter.
    if (/^[a-z]$/.test(letter)) out += letter;
    else if (!isCjkChar(chars[i] ?? '')) out += letter;
  });
  return out;
}

/** The `py` column text: letter bigrams of every initials segment. */
export function toInitialsIndexText(title: string): string {
  const tokens: string[] = [];
  for (const segment of titleInitials(title)) {
    const letters = Array.from(segment);
    if (letters.length === 1) tokens.push(segment);
    for (let i = 0; i + 1 < letters.length; i++) tokens.push((letters[i] as string) + (letters[i + 1] as string));
  }
  return tokens.join(' ');
}

/** Query side: "kqb" → the phrase tokens ["kq", "qb"]; null when it cannot be initials. */
export function initialsQueryTokens(word: string): string[] | null {
  if (!/^[a-z0-9]{2,32}$/.test(word)) return null;
  const tokens: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) tokens.push(word.slice(i, i + 2));
  return tokens;
}

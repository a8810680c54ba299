/**
 * Turns text into the tokens the search index stores, the same way for
 * documents and for queries, so that a quoted phrase of query tokens matches
 * exactly where the query is a substring of the document.
 *
 * Measured on this machine (RIG-NOTES): overlapping CJK bigrams, with letter
 * and digit runs kept whole, after NFKC + lowercase, find 1- to 4-character
 * Chinese queries with recall 1.0 where word segmentation misses partial words.
 *
 * ```
 *   "狂犬病，HPV疫苗１２３"            NFKC + lowercase
 *   → runs:  [狂犬病] [hpv] [疫苗] [123]   (CJK runs / word runs; the rest separates)
 *   → tokens: 狂犬 犬病 病 | hpv | 疫苗 苗 | 123
 *                       ^              ^   a CJK run of ≥ 2 also emits its last
 *                                          character, so every character of the
 *                                          text starts some token ("病"* finds it)
 * ```
 *
 * Tokens contain only letters, digits and marks (never a quote, `*`, `:` or
 * space), so they can be put between double quotes in an FTS5 MATCH string
 * without any escaping question. The FTS tables use the `ascii` tokenizer,
 * which splits on ASCII spaces/punctuation only and keeps every non-ASCII
 * character: the stored tokens are exactly ours, whatever Unicode version
 * SQLite's own tables know.
 */

/** Han, kana, Hangul, Bopomofo: scripts written without spaces, indexed as bigrams. */
const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
/** CJK runs, or word runs (letters/digits/marks of other scripts). Everything else separates. */
const runPattern =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]+)|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}])[\p{L}\p{N}\p{M}])+)/gu;

/** Longest word run kept as one token; longer runs are cut (nobody searches for them). */
const maxWordRunLength = 64;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isCjkChar(char: string): boolean {
  return cjkChar.test(char);
}

/** One run of the normalized text: CJK (bigrammed) or a word (kept whole). */
export interface TextRun {
  readonly cjk: boolean;
  readonly text: string;
}

/** Splits already-normalized text into runs. */
export function splitRuns(normalized: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const match of normalized.matchAll(runPattern)) {
    if (match[1] !== undefined) runs.push({ cjk: true, text: match[1] });
    else if (match[2] !== undefined) runs.push({ cjk: false, text: match[2].slice(0, maxWordRunLength) });
  }
  return runs;
}

/** Bigrams of a CJK run (code points, not UTF-16 units: Extension B+ characters are pairs). */
function pushCjkTokens(run: string, tokens: string[], withLastChar: boolean): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    tokens.push(chars[0] as string);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) tokens.push((chars[i] as string) + (chars[i + 1] as string));
  if (withLastChar) tokens.push(chars[chars.length - 1] as string);
}

/** Document side: the space-separated token string stored in an FTS column. */
export function toIndexText(text: string): string {
  if (text === '') return '';
  const tokens: string[] = [];
  for (const run of splitRuns(normalizeText(text))) {
    if (run.cjk) pushCjkTokens(run.text, tokens, true);
    else tokens.push(run.text);
  }
  return tokens.join(' ');
}

/** Distinct CJK characters of the text, space-separated: the lone-character index. */
export function toCharIndexText(text: string): string {
  const chars = new Set<string>();
  for (const run of splitRuns(normalizeText(text))) {
    if (run.cjk) for (const char of run.text) chars.add(char);
  }
  return [...chars].join(' ');
}

/**
 * One word of a query (queries split on whitespace; words are ANDed).
 *
 * `tokens` form one FTS5 phrase; `prefix` marks the last token as a prefix
 * (the agent is still typing it, or it is a lone CJK character that may be
 * the start of a longer bigram). `needle` is the normalized word, used to
 * highlight it in snippets.
 */
export interface QueryWord {
  readonly tokens: readonly string[];
  readonly prefix: boolean;
  /** The word is exactly one CJK character: served by the lone-character index. */
  readonly loneCjkChar: string | null;
  /** Letters/digits only, ≥ 2 of them: may also be pinyin initials of a title. */
  readonly latinOnly: boolean;
  readonly needle: string;
  readonly runs: readonly TextRun[];
}

/** Bounds on what a query can cost, whatever was typed or pasted. */
const maxQueryChars = 200;
const maxQueryWords = 8;

/**
 * Query side. Mirrors `toIndexText` with two differences at the edges of the
 * word, because the query may be any substring of a document run:
 * - a CJK run's last character is emitted only when more tokens follow in the
 *   word (then the document run must end there too);
 * - the last token is a prefix when it is a word run (still being typed) or a
 *   lone CJK character (it may start a bigram in the document).
 */
export function parseQuery(query: string): QueryWord[] {
  const words: QueryWord[] = [];
  const normalized = normalizeText(truncateCodePoints(query, maxQueryChars));
  for (const raw of normalized.split(/\s+/u)) {
    if (words.length >= maxQueryWords) break;
    const runs = splitRuns(raw);
    if (runs.length === 0) continue;
    const tokens: string[] = [];
    runs.forEach((run, i) => {
      const last = i === runs.length - 1;
      if (run.cjk) pushCjkTokens(run.text, tokens, !last);
      else tokens.push(run.text);
    });
    const lastRun = runs[runs.length - 1] as TextRun;
    const lastIsLoneCjk = lastRun.cjk && Array.from(lastRun.text).length === 1;
    const only = runs.length === 1 ? runs[0] : undefined;
    words.push({
      tokens,
      prefix: !lastRun.cjk || lastIsLoneCjk,
      loneCjkChar: only?.cjk && Array.from(only.text).length === 1 ? only.text : null,
      latinOnly: only !== undefined && !only.cjk && /^[a-z0-9]{2,}$/.test(only.text),
      needle: trimSeparators(raw),
      runs,
    });
  }
  return dedupe(words);
}

function dedupe(words: QueryWord[]): QueryWord[] {
  const seen = new Set<string>();
  return words.filter((w) => {
    const key = `${w.tokens.join(' ')}|${w.prefix}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function trimSeparators(word: string): string {
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}\p{M}]+$/gu, '');
}

/** Cuts at a code-point boundary so a surrogate pair is never split. */
export function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Quotes one token for a MATCH string. Tokens never contain `"`; the check is a tripwire. */
export function quoteToken(token: string): string {
  if (token.includes('"')) throw new Error('search token contains a quote');
  return `"${token}"`;
}

/** One query word as an FTS5 phrase: `"狂犬 犬病"` or `"b 超" *`. */
export function wordToPhrase(word: QueryWord): string {
  const phrase = `"${word.tokens.join(' ')}"`;
  if (word.tokens.some((t) => t.includes('"'))) throw new Error('search token contains a quote');
  return word.prefix ? `${phrase} *` : phrase;
}

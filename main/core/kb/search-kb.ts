/**
 * Knowledge-base search: what the agent types → the top hits with
 * highlighted snippets, in about a millisecond on 100k articles.
 *
 * ```
 *   query ──parseQuery──▶ words (quoted bigram phrases; user syntax never reaches MATCH)
 *     │
 *     ├─ one lone CJK character ─▶ 1. kb_fts_char (characters of title/tags/keywords)
 *     │                            3. kb_fts_all, "字"* (every other occurrence)
 *     └─ otherwise ──────────────▶ 1. kb_fts_title {title}
 *                                  2. kb_fts_title {keys} or pinyin initials (py)
 *                                  3. kb_fts_all (all the text; words may be spread
 *                                     over title and body)
 *   each tier LIMITed to what is still missing; within a tier, rowid order,
 *   which is rank order (short titles first, see 0010-kb-cache.ts)
 *   then, for the rows shown only: kb_doc → title/snippet with <mark>
 * ```
 *
 * Why tiers and rowid order instead of bm25: every statement here stops after
 * `limit` rows, so the cost does not grow with how common a word is. bm25
 * counts all matches of every phrase first (measured p99 44 ms over bodies,
 * p90 2.6 ms over titles alone at 100k articles).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { KbKind, KbSearchHit, KbSearchResult, PhrasePhase } from '../../contract/kb.js';
import { kbKinds, kbSearchMaxLimit } from '../../contract/kb.js';
import { parseQuery, wordToPhrase, type QueryWord } from './search-text.js';
import { highlightAll, snippetAround } from './snippet.js';
import { initialsQueryTokens } from './title-initials.js';

export interface SearchKbParams {
  readonly query: string;
  readonly kinds?: readonly KbKind[] | undefined;
  readonly category?: string | undefined;
  readonly limit?: number | undefined;
}

const defaultLimit = 10;

interface SearchStatements {
  titles: Statement;
  all: Statement;
  chars: Statement;
  docs: Statement;
  categoryId: Statement;
  contactNumber: Statement;
  contactsByDigits: Statement;
  phrasePhase: Statement;
}

const statementsByDb = new WeakMap<Database, SearchStatements>();

function statements(db: Database): SearchStatements {
  let s = statementsByDb.get(db);
  if (!s) {
    s = {
      titles: db.prepare('SELECT rowid FROM kb_fts_title WHERE kb_fts_title MATCH ? LIMIT ?').pluck(),
      all: db.prepare('SELECT rowid FROM kb_fts_all WHERE kb_fts_all MATCH ? LIMIT ?').pluck(),
      chars: db.prepare('SELECT rowid FROM kb_fts_char WHERE kb_fts_char MATCH ? LIMIT ?').pluck(),
      // Up to kbSearchMaxLimit ids in one statement (unused slots get -1, never a doc id).
      docs: db.prepare(
        `SELECT doc_id AS docId, kind, ref_id AS id, category, title, text FROM kb_doc WHERE doc_id IN (${Array.from({ length: kbSearchMaxLimit }, () => '?').join(', ')})`,
      ),
      categoryId: db.prepare('SELECT cat_id FROM kb_category WHERE name = ?').pluck(),
      contactNumber: db.prepare('SELECT number FROM kb_contact WHERE id = ?').pluck(),
      // The referral directory is small (hundreds of rows): a scan is cheap.
      contactsByDigits: db
        .prepare(
          `SELECT d.doc_id FROM kb_contact c JOIN kb_doc d ON d.kind = 'contact' AND d.ref_id = c.id
           WHERE replace(replace(replace(c.number, '-', ''), ' ', ''), '/', '') LIKE ? LIMIT ?`,
        )
        .pluck(),
      phrasePhase: db.prepare('SELECT phase FROM kb_phrase WHERE id = ?').pluck(),
    };
    statementsByDb.set(db, s);
  }
  return s;
}

/**
 * Searches the cache. Never throws for any query text: what the agent typed
 * is reduced to quoted tokens before it reaches FTS5.
 */
export function searchKb(db: Database, params: SearchKbParams): KbSearchResult {
  const started = performance.now();
  const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? defaultLimit)), kbSearchMaxLimit);
  const words = parseQuery(params.query);
  const s = statements(db);
  const facet = facetFilter(s, params);
  const contactsAllowed = (!params.kinds || params.kinds.includes('contact')) && !params.category;
  const docIds = words.length === 0 || facet === null ? [] : findDocIds(s, words, facet, limit, contactsAllowed);
  const needles = needlesOf(words);
  const rows = docIds.length === 0 ? new Map<number, DocRow>() : fetchDocs(s, docIds);
  const hits = docIds.flatMap((docId) => {
    const row = rows.get(docId);
    return row ? [toHit(s, row, needles)] : [];
  });
  return { query: params.query, hits, tookMs: Math.round((performance.now() - started) * 1000) / 1000 };
}

/** `AND facet : (...)`, '' for no filter, null when the category is unknown (nothing can match). */
function facetFilter(s: SearchStatements, params: SearchKbParams): string | null {
  const parts: string[] = [];
  const kinds = params.kinds ? kbKinds.filter((k) => params.kinds?.includes(k)) : [];
  if (params.kinds && kinds.length === 0) return null;
  if (kinds.length > 0 && kinds.length < kbKinds.length) {
    parts.push(`facet : (${kinds.map((k) => `"k${k}"`).join(' OR ')})`);
  }
  if (params.category !== undefined && params.category !== '') {
    const id = s.categoryId.get(params.category) as number | undefined;
    if (id === undefined) return null;
    parts.push(`facet : "c${id}"`);
  }
  return parts.map((p) => ` AND ${p}`).join('');
}

function findDocIds(s: SearchStatements, words: readonly QueryWord[], facet: string, limit: number, contactsAllowed: boolean): number[] {
  const found: number[] = [];
  const seen = new Set<number>();
  // Each tier asks for enough rows to fill the limit even if all it already
  // has come back again.
  const add = (statement: Statement, match: string): void => {
    if (found.length >= limit) return;
    for (const id of statement.all(match, limit + found.length) as number[]) {
      if (found.length >= limit) return;
      if (!seen.has(id)) {
        seen.add(id);
        found.push(id);
      }
    }
  };
  // Whole tokens first, then prefixes: a prefix phrase ("1232"*, "b 超"*)
  // makes FTS5 merge the doclists of every matching term before the first
  // row (measured 2.7 ms median for a number over all text at 100k), while
  // an exact phrase stops after `limit` rows.
  const exact = words.map((w) => wordToPhrase({ ...w, prefix: false })).join(' AND ');
  const prefixed = words.some((w) => w.prefix) ? words.map(wordToPhrase).join(' AND ') : null;
  const both = (statement: Statement, match: (phrases: string) => string): void => {
    add(statement, match(exact));
    if (prefixed !== null) add(statement, match(prefixed));
  };
  const only = words.length === 1 ? words[0] : undefined;
  if (only?.loneCjkChar) {
    // detail=none allows no column filters; none needed: char tokens are CJK,
    // facet tokens ASCII, so `facet : x` is rewritten to a bare token here.
    add(s.chars, `"${only.loneCjkChar}"${facet.replaceAll('facet : ', '')}`);
  } else {
    both(s.titles, (phrases) => `title : (${phrases})${facet}`);
    both(s.titles, (phrases) => `${keysExpression(words, phrases)}${facet}`);
  }
  both(s.all, (phrases) => `text : (${phrases})${facet}`);
  // Tokens match from their start, so "0123" cannot find 0000-5550123 above.
  // Agents look referral numbers up by the digits they heard: last, a
  // digits-anywhere scan of the directory's numbers.
  if (contactsAllowed && only && /^\d{3,}$/.test(only.needle)) add(s.contactsByDigits, `%${only.needle}%`);
  return found;
}

/**
 * Second tier: the words in tags/keywords (contacts: the number), or — when
 * every word is letters/digits — as pinyin initials of the title (kqb → 狂犬病).
 */
function keysExpression(words: readonly QueryWord[], phrases: string): string {
  const inKeys = `keys : (${phrases})`;
  if (!words.every((w) => w.latinOnly)) return inKeys;
  const initials = words.map((w) => initialsQueryTokens(w.needle));
  if (initials.some((t) => t === null)) return inKeys;
  const pinyin = (initials as string[][]).map((tokens) => `"${tokens.join(' ')}"`).join(' AND ');
  return `(${inKeys} OR py : (${pinyin}))`;
}

interface DocRow {
  docId: number;
  kind: KbKind;
  id: string;
  category: string;
  title: string;
  text: string;
}

/** The rows shown, in one statement (the order is restored by the caller). */
function fetchDocs(s: SearchStatements, docIds: readonly number[]): Map<number, DocRow> {
  const params = Array.from({ length: kbSearchMaxLimit }, (_, i) => docIds[i] ?? -1);
  return new Map((s.docs.all(...params) as DocRow[]).map((row) => [row.docId, row]));
}

function toHit(s: SearchStatements, row: DocRow, needles: readonly string[]): KbSearchHit {
  const hit: KbSearchHit = {
    kind: row.kind,
    id: row.id,
    title: row.title,
    titleHtml: highlightAll(row.title, needles),
    snippetHtml: snippetAround(row.text, needles),
    category: row.category,
  };
  if (row.kind === 'contact') return { ...hit, number: (s.contactNumber.get(row.id) as string | undefined) ?? '' };
  if (row.kind === 'phrase') return { ...hit, phase: s.phrasePhase.get(row.id) as PhrasePhase };
  return hit;
}

/** What to mark: each word as typed (normalized), and its runs (a word may span punctuation). */
function needlesOf(words: readonly QueryWord[]): string[] {
  const needles = new Set<string>();
  for (const word of words) {
    if (word.needle !== '') needles.add(word.needle);
    if (word.runs.length > 1) for (const run of word.runs) needles.add(run.text);
  }
  return [...needles];
}

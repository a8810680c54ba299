/**
 * Knowledge-base search: what the agent types → the top hits with
 * highlighted snippets, grouped by kind, in about a millisecond on 100k
 * articles.
 *
 * ```
 *   query ──parseQuery──▶ words (quoted bigram phrases; user syntax never reaches MATCH)
 *         ──queryMeaning─▶ synonym variants, concepts (segmented words), pinyin
 *     │
 *     ├─ one lone CJK character ─▶ kb_fts_char (title/tags/keywords), then "字"* in all text
 *     └─ otherwise, tier by tier (match):
 *          exact    1. title
 *          synonym  2. title                   (the words with a centre synonym put in)
 *          exact    3. keys or pinyin initials (kqb)
 *          synonym  4. keys
 *          pinyin   5. full pinyin of title/keys (kuangquan, kuang quan)
 *          exact    6. all text (words may be spread over title and body)
 *          synonym  7. all text
 *          words    8. title/keys  9. all text  (every concept, apart / any order)
 *          some    10. title/keys 11. all text  (all concepts but one, 3 or more)
 *   each tier LIMITed to what is still missing; within a tier, rowid order,
 *   which is rank order (short titles first, see 0010-kb-cache.ts), recently
 *   used articles first
 *     │
 *   kinds: one pass over all kinds; a kind with fewer than 3 hits in it gets a
 *   pass of its own (facet k<kind>), so an article is never crowded out by
 *   short phrase and contact titles; hits are grouped by kind, the kind the
 *   query names first (…电话, a number), then the group whose best hit has the
 *   words in a title or keywords (over one that has them only in a body),
 *   then by tier, articles before phrases before contacts on a tie
 *     │
 *   then, for the rows shown only: kb_doc → title/snippet with <mark>
 * ```
 *
 * Why tiers and rowid order instead of bm25: every statement here stops after
 * `limit` rows, so the cost does not grow with how common a word is. bm25
 * counts all matches of every phrase first (measured p99 44 ms over bodies,
 * p90 2.6 ms over titles alone at 100k articles).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { KbKind, KbMatch, KbSearchHit, KbSearchResult, PhrasePhase } from '../../contract/kb.js';
import { kbKinds, kbSearchMaxLimit } from '../../contract/kb.js';
import { pinyinQuery } from './full-pinyin.js';
import { queryMeaning, type Concept, type QueryMeaning, type SynonymPair } from './query-terms.js';
import { normalizeText, parseQuery, truncateCodePoints, wordToPhrase, type QueryWord } from './search-text.js';
import { highlightAll, snippetAround } from './snippet.js';
import { initialsQueryTokens } from './title-initials.js';

export interface SearchKbParams {
  readonly query: string;
  readonly kinds?: readonly KbKind[] | undefined;
  readonly category?: string | undefined;
  readonly limit?: number | undefined;
}

const defaultLimit = 10;
/** Hits each kind is guaranteed when it has them (and the limit allows). */
const perKindShown = 3;

interface SearchStatements {
  titles: Statement;
  all: Statement;
  chars: Statement;
  pinyin: Statement;
  docs: Statement;
  categoryId: Statement;
  contactNumber: Statement;
  contactsByDigits: Statement;
  phrasePhase: Statement;
  kindOf: Statement;
  kindExists: Statement;
  exists: Statement;
  docText: Statement;
  docTitle: Statement;
  synonyms: Statement;
  recent: Statement;
}

const statementsByDb = new WeakMap<Database, SearchStatements>();

function statements(db: Database): SearchStatements {
  let s = statementsByDb.get(db);
  if (!s) {
    s = {
      titles: db.prepare('SELECT rowid FROM kb_fts_title WHERE kb_fts_title MATCH ? LIMIT ?').pluck(),
      all: db.prepare('SELECT rowid FROM kb_fts_all WHERE kb_fts_all MATCH ? LIMIT ?').pluck(),
      chars: db.prepare('SELECT rowid FROM kb_fts_char WHERE kb_fts_char MATCH ? LIMIT ?').pluck(),
      pinyin: db.prepare('SELECT rowid FROM kb_fts_pinyin WHERE kb_fts_pinyin MATCH ? LIMIT ?').pluck(),
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
      kindOf: db.prepare('SELECT kind FROM kb_doc WHERE doc_id = ?').pluck(),
      kindExists: db.prepare('SELECT 1 FROM kb_doc WHERE kind = ? LIMIT 1').pluck(),
      exists: db.prepare('SELECT rowid FROM kb_fts_all WHERE kb_fts_all MATCH ? LIMIT 1').pluck(),
      docText: db.prepare(
        // The text's first 2,000 characters: a word that matters is near the top, and whole bodies cost more to scan than the search.
        // Not the tags/keywords: they sit behind body_html in kb_article, so reading them
        // read every body's overflow pages (measured 1.9 ms a search at 10k); a word
        // found by a title/keys tier but not in the title counts as in the keys instead.
        `SELECT d.doc_id AS docId, d.title, substr(d.text, 1, 2000) AS text FROM kb_doc d
          WHERE d.doc_id IN (${Array.from({ length: rescorePool }, () => '?').join(', ')})`,
      ),
      // Titles alone stay in the row's first page: a tenth of the cost of reading texts (0.15 vs 0.7 ms for 40 at 100k).
      docTitle: db.prepare(
        `SELECT d.doc_id AS docId, d.title, NULL AS text FROM kb_doc d WHERE d.doc_id IN (${Array.from({ length: rescorePool }, () => '?').join(', ')})`,
      ),
      // The synonym list is small (hundreds of pairs): a scan for terms inside the query is cheap.
      synonyms: db.prepare('SELECT term, target FROM kb_synonym_term WHERE instr(?, term) > 0 LIMIT 64'),
      // kb_recent keeps the last few hundred uses.
      recent: db.prepare(
        // CROSS JOIN keeps kb_recent (a few hundred rows) outside: joined the other way round the planner scanned kb_doc.
        `SELECT d.doc_id AS docId, r.used_at AS usedAt FROM kb_recent r CROSS JOIN kb_doc d ON d.kind = 'article' AND d.ref_id = r.article_id`,
      ),
    };
    statementsByDb.set(db, s);
  }
  return s;
}

/**
 * Searches the cache. Never throws for any query text: what the agent typed
 * (and what the centre published as synonyms) is reduced to quoted tokens
 * before it reaches FTS5.
 */
export function searchKb(db: Database, params: SearchKbParams): KbSearchResult {
  const started = performance.now();
  const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? defaultLimit)), kbSearchMaxLimit);
  const words = parseQuery(params.query);
  const s = statements(db);
  const kinds = params.kinds ? kbKinds.filter((k) => params.kinds?.includes(k)) : [...kbKinds];
  const categoryFacet = categoryFilter(s, params);
  let found: Found[] = [];
  let needles: string[] = [];
  const rows = new Map<number, DocRow>();
  if (words.length > 0 && kinds.length > 0 && categoryFacet !== null) {
    const synonyms = s.synonyms.all(normalizeText(truncateCodePoints(params.query, 200))) as SynonymPair[];
    const known = (word: QueryWord): boolean => s.exists.get(`text : (${wordToPhrase({ ...word, prefix: false })})`) !== undefined;
    const meaning = queryMeaning(truncateCodePoints(params.query, 200), words, synonyms, known);
    let wordTiers: readonly Step[] | null = null;
    const plan: Plan = {
      steps: planSteps(s, words, meaning, kinds.includes('contact') && !params.category),
      words: () => (wordTiers ??= wordSteps(s, meaning)),
    };
    found = findGrouped(s, plan, kinds, categoryFacet, limit, meaning.wantsKind, rows);
    needles = needlesOf(words, wordTiers === null ? [] : meaning.concepts, meaning.synonymTexts);
  }
  const missing = found.filter((f) => !rows.has(f.docId)).map((f) => f.docId);
  if (missing.length > 0) for (const [docId, row] of fetchDocs(s, missing)) rows.set(docId, row);
  const hits = found.flatMap((f) => {
    const row = rows.get(f.docId);
    return row ? [toHit(s, row, f.match, needles)] : [];
  });
  return { query: params.query, hits, tookMs: Math.round((performance.now() - started) * 1000) / 1000 };
}

/** `AND facet : "c<id>"`, '' for no filter, null when the category is unknown (nothing can match). */
function categoryFilter(s: SearchStatements, params: SearchKbParams): string | null {
  if (params.category === undefined || params.category === '') return '';
  const id = s.categoryId.get(params.category) as number | undefined;
  return id === undefined ? null : ` AND facet : "c${id}"`;
}

function kindFilter(kinds: readonly KbKind[]): string {
  return kinds.length > 0 && kinds.length < kbKinds.length ? ` AND facet : (${kinds.map((k) => `"k${k}"`).join(' OR ')})` : '';
}

interface Found {
  readonly docId: number;
  /** Position of the tier that found it (lower is better; rescored tiers add a fraction by score). */
  readonly tier: number;
  readonly match: KbMatch;
  /** Where it matched, for ordering the groups: 0 title/keys, 1 all words in title/keys, 2 body, 3 words in the body, 4 some words. */
  readonly strength: number;
}

/** Candidates each word tier contributes before they are scored together. */
const rescoreCandidates = 20;
/** Most candidates scored in one search (one statement reads them all). */
const rescorePool = 2 * rescoreCandidates;

/** One statement of the cascade: `expression(facet)` is its MATCH text. */
interface Step {
  readonly statement: Statement;
  readonly match: KbMatch;
  /** Null: run with a LIKE pattern (contact digits), which has no facet. */
  readonly expression: ((facet: string) => string) | null;
  readonly like?: string;
  /** Word tiers: their candidates are pooled and ordered by `score` (see rescore). */
  readonly rescore?: readonly Concept[];
  /** 0 for title/keys/pinyin steps, 2 for all-text steps (see Found.strength). */
  readonly strength: number;
  /**
   * Cheap and strong: a whole-token phrase in the small title or pinyin
   * table. Only these run in a kind's own pass (a prefix over all text costs
   * the same whatever the facet: measured 68 ms for one character at 10k).
   */
  readonly cheap: boolean;
}

/** The cascade for this query, in rank order; every kind pass runs the same steps. */
function planSteps(s: SearchStatements, words: readonly QueryWord[], meaning: QueryMeaning, contactsAllowed: boolean): Step[] {
  const steps: Step[] = [];
  const add = (statement: Statement, match: KbMatch, expression: (facet: string) => string, prefix = false): void => {
    const body = statement === s.all;
    steps.push({ statement, match, expression, strength: body ? 2 : 0, cheap: !body && !prefix && statement !== s.chars });
  };
  // Whole tokens first, then prefixes: a prefix phrase ("1232"*, "b 超"*)
  // makes FTS5 merge the doclists of every matching term before the first
  // row (measured 2.7 ms median for a number over all text at 100k), while
  // an exact phrase stops after `limit` rows.
  const exact = words.map((w) => wordToPhrase({ ...w, prefix: false })).join(' AND ');
  const prefixed = words.some((w) => w.prefix) ? words.map(wordToPhrase).join(' AND ') : null;
  const both = (statement: Statement, match: (phrases: string) => (facet: string) => string): void => {
    add(statement, 'exact', match(exact));
    if (prefixed !== null) add(statement, 'exact', match(prefixed), true);
  };
  const only = words.length === 1 ? words[0] : undefined;
  if (only?.loneCjkChar) {
    // detail=none allows no column filters; none needed: char tokens are CJK,
    // facet tokens ASCII, so `facet : x` is rewritten to a bare token here.
    const char = only.loneCjkChar;
    add(s.chars, 'exact', (facet) => `"${char}"${facet.replaceAll('facet : ', '')}`);
    both(s.all, (phrases) => (facet) => `text : (${phrases})${facet}`);
    return steps;
  }
  // One word: its synonyms alone. The exact step just before has already
  // returned every row with the word itself (a step the cascade gets past came
  // back short of its limit), and repeating that phrase cost as much again
  // (measured 2–4 ms over all text at 100k when its bigrams are common but
  // never adjacent: 宫颈癌疫苗预约, 中毒蘑菇).
  const variants = !meaning.variants.some((v) => v.length > 0)
    ? null
    : words.length === 1
      ? alternatives(meaning.variants[0] as QueryWord[])
      : words.map((w, i) => alternatives([{ ...w, prefix: false }, ...(meaning.variants[i] ?? [])])).join(' AND ');
  both(s.titles, (phrases) => (facet) => `title : (${phrases})${facet}`);
  // A title in the publisher's word comes before a keyword that merely
  // contains the caller's (打针 → 接种 titles before 打针美容).
  if (variants !== null) add(s.titles, 'synonym', (facet) => `title : (${variants})${facet}`);
  both(s.titles, (phrases) => (facet) => `${keysExpression(words, phrases)}${facet}`);
  if (variants !== null) add(s.titles, 'synonym', (facet) => `keys : (${variants})${facet}`);
  const pinyin = words.every((w) => /^[a-z]+$/.test(w.needle)) ? pinyinQuery(words.map((w) => w.needle)) : null;
  if (pinyin) {
    const phrase = `"${pinyin.syllables.join(' ')}"${pinyin.prefix ? ' *' : ''}`;
    add(s.pinyin, 'pinyin', (facet) => `py : (${phrase})${facet}`);
  }
  both(s.all, (phrases) => (facet) => `text : (${phrases})${facet}`);
  if (variants !== null) add(s.all, 'synonym', (facet) => `text : (${variants})${facet}`);
  // Tokens match from their start, so "0123" cannot find 0000-5550123 above.
  // Agents look referral numbers up by the digits they heard: a
  // digits-anywhere scan of the directory's numbers.
  if (contactsAllowed && only && /^\d{3,}$/.test(only.needle)) steps.push({ statement: s.contactsByDigits, match: 'exact', expression: null, like: `%${only.needle}%`, strength: 0, cheap: false });

  return steps;
}

/** The word tiers, built when a pass gets that far (see queryMeaning). */
function wordSteps(s: SearchStatements, meaning: QueryMeaning): Step[] {
  const steps: Step[] = [];
  const concepts = meaning.concepts;
  const rescored = (statement: Statement, match: KbMatch, expression: (facet: string) => string): void => {
    steps.push({ statement, match, expression, rescore: concepts, strength: 3, cheap: false });
  };
  if (concepts.length > 0) {
    const all = conceptsExpression(concepts);
    rescored(s.titles, 'words', (facet) => `{title keys} : (${all})${facet}`);
    rescored(s.all, 'words', (facet) => `text : (${all})${facet}`);
  }
  if (concepts.length >= 2) {
    // Most of the words: all but one (any one of two, in titles and keys only: one of two anywhere is noise).
    const most = concepts.map((_, skip) => `(${conceptsExpression(concepts.filter((__, i) => i !== skip))})`).join(' OR ');
    rescored(s.titles, 'some', (facet) => `{title keys} : (${most})${facet}`);
    if (concepts.length >= 3) rescored(s.all, 'some', (facet) => `text : (${most})${facet}`);
  }
  return steps;
}

function alternatives(words: readonly QueryWord[]): string {
  const phrases = [...new Set(words.map(wordToPhrase))];
  return phrases.length === 1 ? (phrases[0] as string) : `(${phrases.join(' OR ')})`;
}

function conceptsExpression(concepts: readonly Concept[]): string {
  return concepts.map((c) => alternatives(c.alternatives)).join(' AND ');
}

/** The cascade: the exact steps, then (built on demand) the word steps. */
interface Plan {
  readonly steps: readonly Step[];
  words(): readonly Step[];
}

/**
 * Runs the steps (or only the cheap ones) for some kinds (facet) until `limit` ids are found.
 * `exhausted`: the first pass adds the steps whose every match it kept; a
 * kind's pass (a narrower facet) skips them, as they can find nothing new.
 */
function runSteps(s: SearchStatements, plan: Plan, facet: string, limit: number, exhausted: Set<number>, cheapOnly = false): Found[] {
  const found: Found[] = [];
  const seen = new Set<number>();
  plan.steps.forEach((step, tier) => {
    if (found.length >= limit || (cheapOnly && !step.cheap) || (cheapOnly && exhausted.has(tier))) return;
    // Each step asks for enough rows to fill the limit even if all it already has come back again.
    const asked = limit + found.length;
    const ids = (step.expression ? step.statement.all(step.expression(facet), asked) : step.statement.all(step.like, asked)) as number[];
    for (const docId of ids) {
      if (found.length >= limit) return;
      if (!seen.has(docId)) {
        seen.add(docId);
        found.push({ docId, tier, match: step.match, strength: step.strength });
      }
    }
    if (!cheapOnly && ids.length < asked) exhausted.add(tier);
  });
  if (found.length >= limit || cheapOnly) return found;
  const words = plan.words();
  if (words.length === 0) return found;
  // The word tiers together: candidates from each, ordered by how many of the words each has, and where.
  const concepts = (words[0] as Step).rescore as readonly Concept[];
  const candidates: { docId: number; match: KbMatch; order: number; fromKeys: KbMatch | null }[] = [];
  const pool = new Set<number>();
  for (const step of words) {
    if (pool.size >= rescorePool) break;
    for (const docId of step.statement.all((step.expression as (f: string) => string)(facet), rescoreCandidates) as number[]) {
      if (seen.has(docId) || pool.has(docId) || pool.size >= rescorePool) continue;
      pool.add(docId);
      candidates.push({ docId, match: step.match, order: candidates.length, fromKeys: step.statement === s.titles ? step.match : null });
    }
  }
  // Texts only where the score needs them: a candidate of an all-words tier has
  // every word in its text (or its title/keys) already, one of a most-words
  // tier may miss one.
  const readText = candidates.filter((c) => c.match === 'some');
  const read = (statement: Statement, list: readonly { docId: number }[]): DocText[] =>
    list.length === 0 ? [] : (statement.all(...Array.from({ length: rescorePool }, (_, i) => list[i]?.docId ?? -1)) as DocText[]);
  const texts = new Map(
    [...read(s.docTitle, readText.length === candidates.length ? [] : candidates.filter((c) => c.match !== 'some')), ...read(s.docText, readText)].map((row) => [
      row.docId,
      row,
    ]),
  );
  const scored = candidates.map((c) => ({ ...c, ...scoreDoc(texts.get(c.docId), concepts, c.fromKeys) }));
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const tier = plan.steps.length;
  for (const c of scored) {
    if (found.length >= limit) break;
    const strength = c.inTitleOrKeys === concepts.length ? 1 : c.match === 'words' ? 3 : 4;
    found.push({ docId: c.docId, tier: tier + 1 / (1 + c.score), match: c.match, strength });
  }
  return found;
}

/** The cascade over all kinds asked for, then per kind where one has too few; grouped by kind. */
function findGrouped(
  s: SearchStatements,
  plan: Plan,
  kinds: readonly KbKind[],
  categoryFacet: string,
  limit: number,
  wantsKind: KbKind | null,
  rows: Map<number, DocRow>,
): Found[] {
  const byKind = new Map<KbKind, Found[]>(kinds.map((k) => [k, []]));
  const exhausted = new Set<number>();
  const first = runSteps(s, plan, kindFilter(kinds) + categoryFacet, limit, exhausted);
  const kindOf = kindReader(s, rows, first);
  // The contact digits step has no facet: keep only the kinds asked for.
  for (const f of first) byKind.get(kindOf(f.docId) as KbKind)?.push(f);
  // A pass per under-represented kind, only when the first pass was cut by the
  // limit (otherwise it found every match), only for kinds the cache has, and
  // only over the cheap title steps: a phrase or contact is worth lifting over
  // articles for its title, not for a word in its text.
  if (kinds.length > 1 && first.length >= limit) {
    const wanted = Math.min(perKindShown, limit);
    const short = kinds.filter((kind) => (byKind.get(kind) as Found[]).length < wanted && s.kindExists.get(kind) !== undefined);
    const lift = (more: readonly Found[]): void => {
      for (const f of more) {
        const have = byKind.get(kindOf(f.docId) as KbKind);
        if (have && have.length < wanted && !have.some((h) => h.docId === f.docId)) have.push(f);
      }
    };
    // One pass for all the short kinds together (usually it finds nothing, or enough), then one
    // per kind that is still short if the shared pass was cut by its limit.
    if (short.length > 0) {
      const together = runSteps(s, plan, kindFilter(short) + categoryFacet, wanted * short.length, exhausted, true);
      lift(together);
      if (together.length >= wanted * short.length) {
        for (const kind of short) {
          if ((byKind.get(kind) as Found[]).length < wanted) lift(runSteps(s, plan, kindFilter([kind]) + categoryFacet, wanted, exhausted, true));
        }
      }
    }
  }
  const recent = recentRanks(s, [...byKind.values()].flat());
  const groups = [...byKind.entries()]
    .map(([kind, list]) => ({
      kind,
      list: [...list].sort((a, b) => a.tier - b.tier || (recent.get(a.docId) ?? Infinity) - (recent.get(b.docId) ?? Infinity)),
    }))
    .filter((g) => g.list.length > 0)
    .sort(
      (a, b) =>
        Number(b.kind === wantsKind) - Number(a.kind === wantsKind) ||
        bestStrength(a.list) - bestStrength(b.list) ||
        (a.list[0] as Found).tier - (b.list[0] as Found).tier ||
        kbKinds.indexOf(a.kind) - kbKinds.indexOf(b.kind),
    );
  // Each group shows its best few, the best group takes what is left.
  const shown = groups.map((g) => Math.min(g.list.length, perKindShown));
  let total = shown.reduce((a, b) => a + b, 0);
  for (let i = shown.length - 1; total > limit && i >= 0; i--) {
    const cut = Math.min((shown[i] as number) - 1, total - limit);
    shown[i] = (shown[i] as number) - cut;
    total -= cut;
  }
  for (let i = shown.length - 1; total > limit && i > 0; i--) {
    total -= shown[i] as number;
    shown[i] = 0;
  }
  for (let i = 0; i < groups.length && total < limit; i++) {
    const extra = Math.min((groups[i] as { list: Found[] }).list.length - (shown[i] as number), limit - total);
    shown[i] = (shown[i] as number) + extra;
    total += extra;
  }
  return groups.flatMap((g, i) => g.list.slice(0, shown[i]));
}

/**
 * How well a record covers the query's words: 4 per word in its title, 2 in
 * its tags/keywords (known from the tier that found it), 1 only in its text;
 * the best alternative (synonym) of each word counts. Measured on the relevance set: title 4 ranks 打完疫苗发烧
 * above a flu article with 疫苗 in its title and 发烧 in a keyword.
 */
interface DocText {
  readonly docId: number;
  readonly title: string;
  /** Null when not read: an all-words candidate, every word is in the text, the title or the keys. */
  readonly text: string | null;
}

function scoreDoc(row: DocText | undefined, concepts: readonly Concept[], fromKeys: KbMatch | null): { score: number; inTitleOrKeys: number } {
  if (!row) return { score: 0, inTitleOrKeys: 0 };
  // Lowercase only: NFKC over whole bodies cost more than the search (measured ~20 µs per article).
  const title = row.title.toLowerCase();
  const text = row.text?.toLowerCase() ?? null;
  let score = 0;
  let inTitleOrKeys = 0;
  for (const concept of concepts) {
    let best = 0;
    for (const n of normalizedNeedles(concept)) {
      best = Math.max(best, title.includes(n) ? 4 : text === null || text.includes(n) ? 1 : 0);
      if (best === 4) break;
    }
    // Found by a title/keys tier but not in the title: in the tags/keywords (every word for the
    // all-words tier; for most-words, those the text has too — one may be missing).
    if (best < 2 && fromKeys !== null && (fromKeys === 'words' || best === 1)) best = 2;
    score += best;
    if (best >= 2) inTitleOrKeys += 1;
  }
  return { score, inTitleOrKeys };
}

const needlesByConcept = new WeakMap<Concept, readonly string[]>();

/** A concept's text and synonyms, normalized once per search (not once per candidate). */
function normalizedNeedles(concept: Concept): readonly string[] {
  let needles = needlesByConcept.get(concept);
  if (!needles) needlesByConcept.set(concept, (needles = [concept.text, ...concept.synonymTexts].map(normalizeText)));
  return needles;
}

/** A group whose best hit has the words in a title or keywords comes before one that has them only in a body. */
function bestStrength(list: readonly Found[]): number {
  return Math.min(...list.map((f) => f.strength));
}

/**
 * Kind of a found doc id: the first pass's rows are fetched in one statement
 * (and kept for the hits); others by primary key.
 */
function kindReader(s: SearchStatements, rows: Map<number, DocRow>, first: readonly Found[]): (docId: number) => KbKind | undefined {
  if (first.length > 0) for (const [docId, row] of fetchDocs(s, first.map((f) => f.docId))) rows.set(docId, row);
  return (docId) => rows.get(docId)?.kind ?? (s.kindOf.get(docId) as KbKind | undefined);
}

/** Recently used articles among the found: doc id → position (0 = most recent). */
function recentRanks(s: SearchStatements, found: readonly Found[]): Map<number, number> {
  const ids = new Set(found.map((f) => f.docId));
  const used = (s.recent.all() as { docId: number; usedAt: number }[]).filter((r) => ids.has(r.docId)).sort((a, b) => b.usedAt - a.usedAt);
  return new Map(used.map((r, i) => [r.docId, i]));
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

function toHit(s: SearchStatements, row: DocRow, match: KbMatch, needles: readonly string[]): KbSearchHit {
  const hit: KbSearchHit = {
    kind: row.kind,
    match,
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

/**
 * What to mark: each word as typed (normalized), its runs (a word may span
 * punctuation), each of its words found apart, and the synonyms searched.
 */
function needlesOf(words: readonly QueryWord[], concepts: readonly Concept[], synonymTexts: readonly string[]): string[] {
  const needles = new Set<string>();
  for (const word of words) {
    if (word.needle !== '') needles.add(word.needle);
    if (word.runs.length > 1) for (const run of word.runs) needles.add(run.text);
  }
  for (const concept of concepts) needles.add(concept.text);
  for (const text of synonymTexts) needles.add(normalizeText(text));
  return [...needles];
}

/**
 * Bench phase "search": the same mixed queries through the product's search
 * (`searchKb`, snippets included) and through a naive `LIKE '%q%'` baseline
 * over the same text, in the same run.
 *
 * Ground truth is exact substring: a document matches when its normalized
 * (NFKC, lowercase) title + tags + keywords + summary + body text contains
 * every word of the query. The baseline is the naive way to give the same
 * answer — title matches first, then the rest, 10 rows:
 *   SELECT … WHERE text LIKE '%w1%' AND … ORDER BY (title LIKE '%w1%' AND …) DESC LIMIT 10
 * so it also yields min(10, |truth|); each product hit is checked against
 * the text.
 *
 *   recall@10 = (product hits that truly match) / min(10, |truth|)
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { searchKb } from '../../main/core/kb/search-kb.js';
import { normalizeText } from '../../main/core/kb/search-text.js';
import type { BenchPhase, PhaseFigures } from './kb-bench-phase.js';
import { benchQueries, queryClasses, type BenchQuery, type QueryClass } from './kb-corpus.js';

const limit = 10;

interface ClassStats {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly like_p50: number;
  readonly like_p99: number;
  readonly like_max: number;
  readonly speedup_p99: number;
  readonly recall_at_10: number;
  /** Product hits that do not contain the query (should be 0). */
  readonly false_hits: number;
  /** Queries with no true match at all. */
  readonly no_hit_queries: number;
}

export const searchPhase: BenchPhase = {
  name: 'search',
  run(ctx) {
    const like = buildLikeBaseline(ctx.db, join(ctx.workDir, 'like-baseline.sqlite'));
    const queries = benchQueries(ctx.seed, ctx.queryCount);
    const textOf = like.prepare('SELECT text FROM docs WHERE ref = ?').pluck();

    // Warm up statements, page cache and the JIT on a few queries, for the product and
    // the baseline alike (a cold baseline would flatter the product); both run them again below.
    for (const q of queries.slice(0, 50)) {
      searchKb(ctx.db, { query: q.text, limit });
      likeSearch(like, queryWords(q));
    }

    const perClass = new Map<QueryClass, { product: number[]; like: number[]; recall: number[]; falseHits: number; noHit: number }>();
    for (const cls of queryClasses) perClass.set(cls, { product: [], like: [], recall: [], falseHits: 0, noHit: 0 });

    // Two passes, product then baseline, so neither runs with the other's
    // caches trampled: each is measured in its own steady state.
    const productHits = queries.map((query, i) => {
      const t0 = performance.now();
      const result = searchKb(ctx.db, { query: query.text, limit });
      perClass.get(query.cls)!.product.push(performance.now() - t0);
      if ((i + 1) % 250 === 0) ctx.progress(`search: ${i + 1}/${queries.length} product queries`);
      return result.hits;
    });
    queries.forEach((query, i) => {
      const stats = perClass.get(query.cls)!;
      const words = queryWords(query);
      const t1 = performance.now();
      const truth = likeSearch(like, words);
      stats.like.push(performance.now() - t1);

      // Hits found by the exact text only: words apart, synonyms and pinyin (issue 13) add
      // other records below them, which make no claim to contain the query.
      const hits = (productHits[i] ?? []).filter((hit) => hit.match === 'exact');
      const trueHits = hits.filter((hit) => {
        const text = textOf.get(hit.id) as string | undefined;
        return text !== undefined && words.every((w) => text.includes(w));
      }).length;
      stats.falseHits += hits.length - trueHits;
      if (truth.length === 0) stats.noHit++;
      else stats.recall.push(Math.min(trueHits, truth.length) / truth.length);
      if ((i + 1) % 100 === 0) ctx.progress(`search: ${i + 1}/${queries.length} LIKE queries`);
    });
    like.close();

    const classes: Record<string, ClassStats> = {};
    const all = { product: [] as number[], like: [] as number[], recall: [] as number[] };
    for (const [cls, s] of perClass) {
      classes[cls] = summarize(s.product, s.like, s.recall, s.falseHits, s.noHit);
      all.product.push(...s.product);
      all.like.push(...s.like);
      all.recall.push(...s.recall);
    }
    const overall = summarize(all.product, all.like, all.recall, sum(Object.values(classes).map((c) => c.false_hits)), sum(Object.values(classes).map((c) => c.no_hit_queries)));
    const figures: PhaseFigures = { queries: queries.length, ...flatten(classes), overall: { ...overall } };
    const targets = {
      [`p50<=1ms every class @${ctx.size}`]: Object.values(classes).every((c) => c.p50 <= 1),
      [`p99<=10ms every class @${ctx.size}`]: Object.values(classes).every((c) => c.p99 <= 10),
      [`>=30x LIKE at p99 @${ctx.size}`]: Object.values(classes).every((c) => c.speedup_p99 >= 30),
      [`recall@10>=0.99 @${ctx.size}`]: Object.values(classes).every((c) => c.recall_at_10 >= 0.99),
    };
    return { figures, lines: table(classes, overall), targets };
  },
};

function queryWords(query: BenchQuery): string[] {
  return normalizeText(query.text)
    .split(/\s+/u)
    .filter((w) => w !== '');
}

/** The naive baseline: normalized text of every article in one column, scanned with LIKE. */
function buildLikeBaseline(product: BetterSqlite3.Database, file: string): BetterSqlite3.Database {
  const like = new BetterSqlite3(file);
  like.pragma('journal_mode = WAL');
  like.exec('DROP TABLE IF EXISTS docs; CREATE TABLE docs (id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, title TEXT NOT NULL, text TEXT NOT NULL)');
  const insert = like.prepare('INSERT INTO docs (ref, title, text) VALUES (?, ?, ?)');
  const rows = product
    .prepare(
      `SELECT d.ref_id AS ref, d.title, a.tags_json, a.keywords_json, d.text
       FROM kb_doc d JOIN kb_article a ON a.id = d.ref_id AND d.kind = 'article'`,
    )
    .iterate() as Iterable<{ ref: string; title: string; tags_json: string; keywords_json: string; text: string }>;
  like.transaction(() => {
    for (const r of rows) {
      const tags = (JSON.parse(r.tags_json) as string[]).join('\n');
      const keywords = (JSON.parse(r.keywords_json) as string[]).join('\n');
      insert.run(r.ref, normalizeText(r.title), normalizeText([r.title, tags, keywords, r.text].join('\n')));
    }
  })();
  return like;
}

const likeStatements = new WeakMap<BetterSqlite3.Database, Map<number, BetterSqlite3.Statement>>();

function likeSearch(like: BetterSqlite3.Database, words: readonly string[]): string[] {
  if (words.length === 0) return [];
  let byCount = likeStatements.get(like);
  if (!byCount) likeStatements.set(like, (byCount = new Map()));
  let statement = byCount.get(words.length);
  if (!statement) {
    const where = words.map((_, i) => `text LIKE $w${i} ESCAPE '\\'`).join(' AND ');
    const inTitle = words.map((_, i) => `title LIKE $w${i} ESCAPE '\\'`).join(' AND ');
    statement = like.prepare(`SELECT ref FROM docs WHERE ${where} ORDER BY (${inTitle}) DESC LIMIT ${limit}`).pluck();
    byCount.set(words.length, statement);
  }
  const params = Object.fromEntries(words.map((w, i) => [`w${i}`, `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]));
  return statement.all(params) as string[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function summarize(product: number[], like: number[], recall: number[], falseHits: number, noHit: number): ClassStats {
  const p = [...product].sort((a, b) => a - b);
  const l = [...like].sort((a, b) => a - b);
  const p99 = percentile(p, 99);
  const likeP99 = percentile(l, 99);
  return {
    n: p.length,
    p50: round3(percentile(p, 50)),
    p99: round3(p99),
    max: round3(p[p.length - 1] ?? 0),
    like_p50: round3(percentile(l, 50)),
    like_p99: round3(likeP99),
    like_max: round3(l[l.length - 1] ?? 0),
    speedup_p99: Math.round((likeP99 / Math.max(p99, 1e-6)) * 10) / 10,
    recall_at_10: recall.length === 0 ? 1 : Math.round((sum(recall) / recall.length) * 10000) / 10000,
    false_hits: falseHits,
    no_hit_queries: noHit,
  };
}

function flatten(classes: Record<string, ClassStats>): Record<string, Readonly<Record<string, unknown>>> {
  return Object.fromEntries(Object.entries(classes).map(([k, v]) => [k, { ...v }]));
}

function table(classes: Record<string, ClassStats>, overall: ClassStats): string[] {
  const header = ['class', 'n', 'p50 ms', 'p99 ms', 'max ms', 'LIKE p50', 'LIKE p99', 'p99 ×', 'recall@10', 'false', 'no-hit'];
  const row = (name: string, s: ClassStats): string[] => [
    name,
    String(s.n),
    s.p50.toFixed(3),
    s.p99.toFixed(3),
    s.max.toFixed(3),
    s.like_p50.toFixed(1),
    s.like_p99.toFixed(1),
    `${s.speedup_p99.toFixed(0)}×`,
    s.recall_at_10.toFixed(4),
    String(s.false_hits),
    String(s.no_hit_queries),
  ];
  const rows = [header, ...Object.entries(classes).map(([k, v]) => row(k, v)), row('all', overall)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

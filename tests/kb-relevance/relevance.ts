/**
 * The judged relevance set (queries.jsonl) over the bundled sample KB:
 * queries as callers and agents say them, each with the records a good
 * answer shows. A query passes top-3 when one of its `relevant` records is
 * among the first three hits (a general word such as 狂犬 has several right
 * answers), top-1 when the first hit is one of them.
 * Shared by tests/node/kb/kb-relevance.test.ts and `npm run bench:kb`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { searchKb } from '../../main/core/kb/search-kb.js';

export interface JudgedQuery {
  readonly class: string;
  readonly q: string;
  readonly relevant: readonly string[];
}

export interface ClassScore {
  readonly n: number;
  readonly top1: number;
  readonly top3: number;
}

export interface RelevanceReport {
  readonly n: number;
  readonly top1: number;
  readonly top3: number;
  readonly classes: Readonly<Record<string, ClassScore>>;
  /** Queries whose relevant records are not in the top 3, with what came instead. */
  readonly misses: readonly { readonly q: string; readonly class: string; readonly got: readonly string[] }[];
}

/** The target of issue 13: at least 95 % of the queries find a relevant record in the top 3. */
export const top3Target = 0.95;

const here = dirname(fileURLToPath(import.meta.url));

export function judgedQueries(): JudgedQuery[] {
  return readFileSync(join(here, 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JudgedQuery);
}

/** Runs every judged query against `db` (the sample KB loaded) with the panel's limit. */
export function scoreRelevance(db: Database, queries: readonly JudgedQuery[] = judgedQueries()): RelevanceReport {
  const classes = new Map<string, { n: number; top1: number; top3: number }>();
  const misses: { q: string; class: string; got: string[] }[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const query of queries) {
    const ids = searchKb(db, { query: query.q, limit: 20 }).hits.map((h) => h.id);
    const c = classes.get(query.class) ?? { n: 0, top1: 0, top3: 0 };
    c.n += 1;
    const first = ids[0] !== undefined && query.relevant.includes(ids[0]);
    const inTop3 = ids.slice(0, 3).some((id) => query.relevant.includes(id));
    if (first) {
      c.top1 += 1;
      top1 += 1;
    }
    if (inTop3) {
      c.top3 += 1;
      top3 += 1;
    } else {
      misses.push({ q: query.q, class: query.class, got: ids.slice(0, 3) });
    }
    classes.set(query.class, c);
  }
  const rate = (x: number, n: number): number => (n === 0 ? 0 : Math.round((x / n) * 1000) / 1000);
  return {
    n: queries.length,
    top1: rate(top1, queries.length),
    top3: rate(top3, queries.length),
    classes: Object.fromEntries([...classes].map(([name, c]) => [name, { n: c.n, top1: rate(c.top1, c.n), top3: rate(c.top3, c.n) }])),
    misses,
  };
}

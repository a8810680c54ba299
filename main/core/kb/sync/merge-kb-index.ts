/**
 * FTS `optimize` in small steps. One `optimize` on a 100k-article index holds
 * the write lock for seconds, and any write the main thread makes meanwhile
 * (a call record, a recently used article) waits that long. FTS5's `merge`
 * command does the same work in bounded pieces (sqlite.org/fts5.html, "The
 * 'merge' command"): the first call with a negative page count puts every
 * b-tree on one level and starts merging; positive calls continue; when one
 * changes fewer than 2 rows (total_changes) the index is fully merged — the
 * same result as `optimize`. Each step is its own short transaction, with a
 * pause between steps so other writers get the lock.
 *
 * The KB's FTS5 tables are found in the schema (every `kb_*` fts5 table), so
 * this follows the search schema without listing its tables.
 */
import type { Database } from 'better-sqlite3';

export interface MergeOptions {
  /** Pages (FTS5 `pgsz`, ~4 KB) written per step: 800 ≈ 150–200 ms on the bench machine. */
  readonly pagesPerStep: number;
  /** Between steps, with the lock free (see main-thread-heartbeat.ts). */
  pause(): Promise<unknown>;
}

export interface MergeResult {
  readonly tables: readonly string[];
  readonly steps: number;
  readonly longestStepMs: number;
}

export function kbFtsTables(db: Database): string[] {
  return db
    .prepare(
      `SELECT name FROM sqlite_schema
        WHERE type = 'table' AND name LIKE 'kb\\_%' ESCAPE '\\' AND lower(sql) LIKE 'create virtual table%using fts5%'
        ORDER BY name`,
    )
    .pluck()
    .all() as string[];
}

export async function mergeKbIndex(db: Database, options: MergeOptions): Promise<MergeResult> {
  const tables = kbFtsTables(db);
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  let steps = 0;
  let longestStepMs = 0;
  for (const table of tables) {
    // The name comes from sqlite_schema and matched kb_*; quote it anyway.
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const merge = db.prepare(`INSERT INTO ${quoted} (${quoted}, rank) VALUES ('merge', ?)`);
    for (let first = true; ; first = false) {
      const started = performance.now();
      const before = totalChanges.get() as number;
      db.transaction(() => merge.run(first ? -options.pagesPerStep : options.pagesPerStep)).immediate();
      const changed = (totalChanges.get() as number) - before;
      steps += 1;
      longestStepMs = Math.max(longestStepMs, performance.now() - started);
      if (changed < 2) break;
      await options.pause();
    }
  }
  return { tables, steps, longestStepMs: Math.round(longestStepMs) };
}

/**
 * Bench phase "build": loads the synthetic corpus through the product's own
 * ingest path (`applyKbChanges`: Markdown → sanitized HTML, bigram and
 * pinyin tokens, both FTS indexes) in transactions of 1,000, then runs FTS
 * `optimize`. Reports the times and the database size.
 */
import { statSync } from 'node:fs';
import { applyKbChanges, optimizeKbIndex } from '../../main/core/kb/apply-kb-changes.js';
import type { BenchPhase } from './kb-bench-phase.js';

export const buildPhase: BenchPhase = {
  name: 'build',
  run(ctx) {
    // Only the product's work is timed, not generating the synthetic corpus.
    let ingestMs = 0;
    let loaded = 0;
    const write = ctx.db.transaction((batch: Parameters<typeof applyKbChanges>[1]) => applyKbChanges(ctx.db, batch));
    for (const batch of ctx.corpus(1000)) {
      const started = performance.now();
      loaded += write({ upserts: batch, deletes: [] }).upserted;
      ingestMs += performance.now() - started;
      if (loaded % 10_000 === 0) ctx.progress(`build: ${loaded}/${ctx.size} articles`);
    }
    const optimizeStarted = performance.now();
    optimizeKbIndex(ctx.db);
    const optimizeMs = performance.now() - optimizeStarted;
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = statSync(ctx.dbFile).size;
    const ftsBytes = tableBytes(ctx, ['kb_fts_all_data', 'kb_fts_all_idx', 'kb_fts_all_docsize', 'kb_fts_all_config']);
    const titleBytes = tableBytes(ctx, ['kb_fts_title_data', 'kb_fts_title_idx', 'kb_fts_title_docsize', 'kb_fts_title_config']);
    const charBytes = tableBytes(ctx, ['kb_fts_char_data', 'kb_fts_char_idx', 'kb_fts_char_docsize', 'kb_fts_char_config']);
    return {
      figures: {
        articles: loaded,
        ingest_ms: Math.round(ingestMs),
        per_article_ms: round3(ingestMs / Math.max(1, loaded)),
        optimize_ms: Math.round(optimizeMs),
        index_build_ms: Math.round(ingestMs + optimizeMs),
        db_bytes: dbBytes,
        fts_bytes: ftsBytes ?? -1,
        title_index_bytes: titleBytes ?? -1,
        char_index_bytes: charBytes ?? -1,
      },
      lines: [
        `index build: ${loaded} articles in ${(ingestMs / 1000).toFixed(1)} s (${round3(ingestMs / loaded)} ms/article, render+sanitize+tokenize+write) + optimize ${(optimizeMs / 1000).toFixed(1)} s`,
        `database: ${mb(dbBytes)} MB (bigram index: all text ${ftsBytes === null ? '?' : mb(ftsBytes)} MB, titles ${titleBytes === null ? '?' : mb(titleBytes)} MB; 1-char index ${charBytes === null ? '?' : mb(charBytes)} MB)`,
      ],
    };
  },
};

/** Bytes of the named tables, from the dbstat virtual table when this SQLite has it. */
function tableBytes(ctx: Parameters<BenchPhase['run']>[0], names: readonly string[]): number | null {
  try {
    const placeholders = names.map(() => '?').join(', ');
    const row = ctx.db.prepare(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name IN (${placeholders})`).get(...names) as {
      bytes: number | null;
    };
    return row.bytes ?? 0;
  } catch {
    return null;
  }
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

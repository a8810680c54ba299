/**
 * The recently-used list, written without ever stalling the main thread.
 *
 * A sync worker holds the database's write lock for each page it applies
 * (up to ~1–2 s for a 1,000-article page of a full sync on a loaded
 * machine). better-sqlite3 waits for a lock synchronously, so a plain write
 * here would freeze the agent's window for that long. Instead the write is
 * tried without waiting; if the lock is taken, the use is kept in memory,
 * shown in the list at once, and written when the lock is free.
 *
 * ```
 *   markUsed ──▶ pending ──try (busy_timeout 0)──▶ written
 *                   ▲            │ SQLITE_BUSY
 *                   └── retry in 250 ms ◀┘
 * ```
 */
import type { Database } from 'better-sqlite3';
import type { KbRecentArticle } from '../../contract/kb.js';
import { createLogger } from '../base/log.js';
import { getArticle, listRecentArticles, markArticleUsed } from './kb-queries.js';

const log = createLogger('kb-recent');
const retryMs = 250;

export interface RecentArticles {
  markUsed(id: string, at: number): void;
  list(limit: number): KbRecentArticle[];
  /** Uses not yet written (tests and shutdown). */
  pendingCount(): number;
}

export function createRecentArticles(db: Database): RecentArticles {
  const pending = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    timer = null;
    if (pending.size === 0 || !db.open) return;
    const previous = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      db.transaction(() => {
        for (const [id, at] of pending) markArticleUsed(db, id, at);
      }).immediate();
      pending.clear();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') {
        log.error('cannot record a recently used article', error);
        pending.clear();
        return;
      }
      timer = setTimeout(flush, retryMs);
      timer.unref?.();
    } finally {
      db.pragma(`busy_timeout = ${previous}`);
    }
  };

  return {
    markUsed(id, at) {
      pending.set(id, at);
      if (!timer) flush();
    },
    list(limit) {
      const stored = listRecentArticles(db, limit);
      if (pending.size === 0) return stored;
      const merged = new Map(stored.map((r) => [r.id, r]));
      for (const [id, usedAt] of pending) {
        const article = getArticle(db, id);
        if (article) merged.set(id, { id, title: article.title, category: article.category, usedAt });
      }
      return [...merged.values()].sort((a, b) => b.usedAt - a.usedAt).slice(0, limit);
    },
    pendingCount: () => pending.size,
  };
}

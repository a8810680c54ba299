/**
 * Recently used articles: persisted in the seat database, most recent first,
 * deleted articles left out — and recording one never waits for a sync
 * worker that holds the write lock (the agent's window would freeze).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { applyKbChanges } from '../../../main/core/kb/apply-kb-changes.js';
import { createKbService } from '../../../main/core/kb/kb-service.js';
import { kbRecordSchema } from '../../../main/core/kb/kb-record.js';
import { tempDir } from '../support/temp-dir.js';
import { article, fixedCorpusDb } from './support/kb-test-db.js';

describe('recently used articles', () => {
  it('lists the articles opened, most recent first, once each, without deleted ones', () => {
    const db = fixedCorpusDb();
    let clock = 1_000;
    const kb = createKbService({ db, now: () => clock++ });
    kb.markArticleUsed('rabies');
    kb.markArticleUsed('hpv');
    kb.markArticleUsed('rabies');
    kb.markArticleUsed('smoking');
    expect(kb.listRecentArticles().map((r) => r.id)).toEqual(['smoking', 'rabies', 'hpv']);
    expect(kb.listRecentArticles(2).map((r) => r.id)).toEqual(['smoking', 'rabies']);
    applyKbChanges(db, { upserts: [], deletes: [{ kind: 'article', id: 'smoking' }] });
    expect(kb.listRecentArticles().map((r) => r.id)).toEqual(['rabies', 'hpv']);
    expect(() => kb.markArticleUsed('no-such-article')).toThrow(/no article/);
  });

  it('survives a restart (it is in the seat database)', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'seat.sqlite'));
    applyKbChanges(db, { upserts: [kbRecordSchema.parse(article('a1', { title: '第一篇' }))], deletes: [] });
    createKbService({ db }).markArticleUsed('a1');
    db.close();
    const again = openDatabase(join(dir, 'seat.sqlite'));
    try {
      expect(createKbService({ db: again }).listRecentArticles().map((r) => r.title)).toEqual(['第一篇']);
    } finally {
      again.close();
    }
  });

  it('does not wait while another connection (a sync worker) holds the write lock, and writes it afterwards', async () => {
    const dir = tempDir();
    const file = join(dir, 'seat.sqlite');
    const main = openDatabase(file);
    const worker = openDatabase(file);
    try {
      applyKbChanges(main, { upserts: [kbRecordSchema.parse(article('a1', { title: '同步期间打开的文章' }))], deletes: [] });
      const kb = createKbService({ db: main });
      worker.prepare('BEGIN IMMEDIATE').run(); // the worker is writing a page
      const started = performance.now();
      kb.markArticleUsed('a1'); // with a blocking write this would wait 5 s and throw SQLITE_BUSY
      expect(performance.now() - started).toBeLessThan(1000);
      expect(kb.listRecentArticles().map((r) => r.title)).toEqual(['同步期间打开的文章']);
      expect(main.prepare('SELECT count(*) FROM kb_recent').pluck().get()).toBe(0);
      worker.prepare('COMMIT').run();
      await expect.poll(() => main.prepare('SELECT count(*) FROM kb_recent').pluck().get(), { timeout: 3000 }).toBe(1);
      expect(kb.listRecentArticles().map((r) => r.id)).toEqual(['a1']);
    } finally {
      worker.close();
      main.close();
    }
  });
});

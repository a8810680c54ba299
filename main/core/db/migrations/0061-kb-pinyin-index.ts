/**
 * Full pinyin of titles and keywords, so `kuangquan` or `kuang quan` finds
 * 狂犬病… (initials such as `kqb` are in kb_fts_title.py since 0010).
 *
 * ```
 *   kb_fts_pinyin  rowid = kb_doc.doc_id; py = syllables of the title, then of
 *                  each tag/keyword ("kuang quan bing ⁣ quan shang"), the same
 *                  field-break token as kb_fts_all between fields; facet as in 0010
 * ```
 *
 * Existing caches are filled by the KB service at its next start (the
 * syllables come from pinyin-pro, which the database layer does not import):
 * `kb_counter.pinyin_backfill = 1` asks for it.
 */
import type { Migration } from '../migration.js';

export const m0061KbPinyinIndex: Migration = {
  version: 61,
  name: '0061-kb-pinyin-index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE kb_fts_pinyin USING fts5(
        py, facet,
        content = '', contentless_delete = 1, tokenize = 'ascii'
      );
      INSERT INTO kb_counter (name, value)
        SELECT 'pinyin_backfill', CASE WHEN EXISTS (SELECT 1 FROM kb_doc) THEN 1 ELSE 0 END;
    `);
  },
};

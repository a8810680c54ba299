/**
 * Synonyms published by the centre: the words callers use → the words the
 * knowledge base is written in (狗咬 → 犬伤, 打针 → 接种). They travel in the
 * snapshot and change pages as records of kind `synonym`
 * (main/core/kb/kb-record.ts) and expand every search (core/kb/query-terms.ts).
 *
 * ```
 *   kb_synonym       one row per published record: versioned like the others
 *   kb_synonym_term  (term, target) pairs flattened from it, what a search reads:
 *                    `WHERE instr(query, term) > 0` over a few hundred rows
 * ```
 */
import type { Migration } from '../migration.js';

export const m0060KbSynonyms: Migration = {
  version: 60,
  name: '0060-kb-synonyms',
  up(db) {
    db.exec(`
      CREATE TABLE kb_synonym (
        id         TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL CHECK (version >= 1),
        updated_at TEXT    NOT NULL,
        from_json  TEXT    NOT NULL,
        to_json    TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE kb_synonym_term (
        syn_id TEXT NOT NULL REFERENCES kb_synonym (id) ON DELETE CASCADE,
        term   TEXT NOT NULL CHECK (term <> ''),
        target TEXT NOT NULL CHECK (target <> ''),
        PRIMARY KEY (syn_id, term, target)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

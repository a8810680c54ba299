/**
 * The knowledge-base cache: articles, phrases, contacts, and the search index.
 *
 * ```
 *   kb_article / kb_phrase / kb_contact   one row per live record (by id), what views show
 *   kb_doc      one row per searchable record of any kind: the FTS rowid (doc_id),
 *               display title and plain text (snippets are cut from it), category.
 *               doc_id = title length × 2³² + a sequence number (kb_counter), so
 *               FTS5's natural rowid order IS the ranking: shorter titles first
 *               (what bm25 mostly does for titles), at no cost per query.
 *   kb_fts_title  contentless FTS5 over pre-tokenized text (CJK bigrams, see
 *                 core/kb/search-text.ts) of the short fields: title | keys (tags,
 *                 keywords, numbers) | py (pinyin initials of the title) | facet
 *                 (kind, category tokens). Small, so "titles first" is cheap.
 *   kb_fts_all    the same tokens for ALL the text (title, keys, body) | facet:
 *                 unranked fill, and words spread over title and body.
 *   kb_fts_char   one token per CJK character of title/tags/keywords:
 *                 lone-character queries (bigrams cannot serve them cheaply)
 *   kb_category category name ↔ small id used as a facet token
 *   kb_recent   articles the agent opened, most recent first
 * ```
 *
 * Why two bigram tables, not one with a title column: FTS5 reads a term's
 * whole doclist (every column's positions) to apply a column filter, so
 * "titles only" over a body-sized index cost 2–8 ms per query at 100k
 * articles; a title-sized table answers the same in a fraction of that.
 * Why no bm25: its IDF step counts every row matching each phrase, once per
 * query — measured p90 2.6 ms on titles alone at 100k; rowid order is free.
 *
 * The FTS tables are contentless (`content=''`): their token text is derived
 * and would only double the file; `contentless_delete=1` lets an update
 * delete the old row. They use the `ascii` tokenizer because the text is
 * already split into tokens by us; it keeps every non-ASCII character as is.
 */
import type { Migration } from '../migration.js';

export const m0010KbCache: Migration = {
  version: 10,
  name: '0010-kb-cache',
  up(db) {
    db.exec(`
      CREATE TABLE kb_article (
        id            TEXT    PRIMARY KEY,
        version       INTEGER NOT NULL CHECK (version >= 1),
        updated_at    TEXT    NOT NULL,
        title         TEXT    NOT NULL,
        summary       TEXT    NOT NULL,
        body_format   TEXT    NOT NULL CHECK (body_format IN ('markdown', 'html')),
        body_html     TEXT    NOT NULL,
        category      TEXT    NOT NULL,
        tags_json     TEXT    NOT NULL,
        keywords_json TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE kb_phrase (
        id         TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL CHECK (version >= 1),
        updated_at TEXT    NOT NULL,
        title      TEXT    NOT NULL,
        text       TEXT    NOT NULL,
        phase      TEXT    NOT NULL,
        category   TEXT    NOT NULL,
        mandatory  INTEGER NOT NULL CHECK (mandatory IN (0, 1))
      ) STRICT;
      CREATE INDEX kb_phrase_phase ON kb_phrase (phase);

      CREATE TABLE kb_contact (
        id         TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL CHECK (version >= 1),
        updated_at TEXT    NOT NULL,
        name       TEXT    NOT NULL,
        number     TEXT    NOT NULL,
        hours      TEXT    NOT NULL,
        handles    TEXT    NOT NULL,
        tags_json  TEXT    NOT NULL,
        area       TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE kb_doc (
        doc_id   INTEGER PRIMARY KEY,
        kind     TEXT    NOT NULL CHECK (kind IN ('article', 'phrase', 'contact')),
        ref_id   TEXT    NOT NULL,
        category TEXT    NOT NULL,
        title    TEXT    NOT NULL,
        text     TEXT    NOT NULL,
        UNIQUE (kind, ref_id)
      ) STRICT;
      CREATE INDEX kb_doc_category ON kb_doc (category, kind);

      CREATE TABLE kb_counter (
        name  TEXT    PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO kb_counter (name, value) VALUES ('doc_seq', 0);

      CREATE TABLE kb_category (
        cat_id INTEGER PRIMARY KEY,
        name   TEXT    NOT NULL UNIQUE
      ) STRICT;

      CREATE VIRTUAL TABLE kb_fts_title USING fts5(
        title, keys, py, facet,
        content = '', contentless_delete = 1, tokenize = 'ascii'
      );

      CREATE VIRTUAL TABLE kb_fts_all USING fts5(
        text, facet,
        content = '', contentless_delete = 1, tokenize = 'ascii'
      );

      -- Bulk loads: FTS5 writes its in-memory terms to a new segment every
      -- 'hashsize' bytes (1 MB by default), and merging those segments is most
      -- of the cost of a big load (measured 0.2–0.4 ms per article growing with
      -- the index, vs 0.11 ms flat at 32 MB). 32 MB ≈ one segment per 1,000-
      -- article transaction; the memory is only held while a transaction writes.
      INSERT INTO kb_fts_all (kb_fts_all, rank) VALUES ('hashsize', 33554432);

      CREATE VIRTUAL TABLE kb_fts_char USING fts5(
        chars, facet,
        content = '', contentless_delete = 1, tokenize = 'ascii', detail = 'none'
      );

      CREATE TABLE kb_recent (
        article_id TEXT    PRIMARY KEY,
        used_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX kb_recent_used_at ON kb_recent (used_at DESC);
    `);
  },
};

/**
 * Writes knowledge-base changes into the cache tables and both search
 * indexes. Used by sync (a page of the change feed), `kb:import` and the
 * sample loader.
 *
 * It does NOT open a transaction: the caller wraps it together with whatever
 * else must commit atomically (the sync cursor), so a crash leaves either the
 * whole page or none of it.
 *
 * Replays are harmless: an upsert whose version is not newer than the stored
 * one is skipped, a delete of a missing record does nothing.
 */
import type { Database, Statement } from 'better-sqlite3';
import { missingCase } from '../base/core-error.js';
import { toFullPinyinIndexText } from './full-pinyin.js';
import { isTombstone, type KbKind, type KbRecord, type KbRecordKey, type KbRecordKind } from './kb-record.js';
import { prepareRecord, type PreparedDoc, type PreparedRecord } from './prepare-record.js';
import { normalizeText } from './search-text.js';

export interface KbChanges {
  /** Live records; a tombstone (`deleted: true`) here is treated as a delete. */
  readonly upserts: readonly KbRecord[];
  readonly deletes: readonly KbRecordKey[];
}

export interface KbChangeCounts {
  /** Records written (new or newer versions). */
  readonly upserted: number;
  /** Records removed (absent ones do not count). */
  readonly deleted: number;
}

/** Applies the changes; run it inside the caller's transaction. */
export function applyKbChanges(db: Database, changes: KbChanges): KbChangeCounts {
  const batch = kbWriter(db).begin();
  let upserted = 0;
  let deleted = 0;
  for (const record of changes.upserts) {
    if (isTombstone(record)) {
      if (batch.remove(record.kind, record.id)) deleted++;
    } else if (batch.isNewer(record.kind, record.id, record.version)) {
      batch.write(prepareRecord(record));
      upserted++;
    }
  }
  for (const key of changes.deletes) {
    if (batch.remove(key.kind, key.id)) deleted++;
  }
  batch.flush();
  return { upserted, deleted };
}

/**
 * Writes records already run through `prepareRecord` (e.g. prepared in
 * another worker); same version rule as `applyKbChanges`.
 */
export function applyPreparedRecords(db: Database, prepared: readonly PreparedRecord[]): number {
  const batch = kbWriter(db).begin();
  let upserted = 0;
  for (const record of prepared) {
    if (!batch.isNewer(record.kind, record.id, record.version)) continue;
    batch.write(record);
    upserted++;
  }
  batch.flush();
  return upserted;
}

/** Empties the cache and its indexes (a full resync replaces everything). Keeps recent-use history. */
export function clearKbCache(db: Database): void {
  db.exec(`
    DELETE FROM kb_article;
    DELETE FROM kb_phrase;
    DELETE FROM kb_contact;
    DELETE FROM kb_doc;
    DELETE FROM kb_category;
    DELETE FROM kb_fts_title;
    DELETE FROM kb_fts_all;
    DELETE FROM kb_fts_char;
    DELETE FROM kb_fts_pinyin;
    DELETE FROM kb_synonym_term;
    DELETE FROM kb_synonym;
  `);
}

/** Number of searchable records (all kinds). */
export function countKbRecords(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM kb_doc').get() as { n: number }).n;
}

interface KbWriter {
  begin(): KbBatch;
}

/**
 * One call's writes. Table rows are written at once; FTS rows are queued and
 * written at `flush`, deletes then inserts, each in rowid order — FTS5
 * flushes its in-memory segment whenever a rowid is lower than the last
 * one, and doc ids (rank-ordered, see below) are not written in rowid order:
 * unsorted, a 100k load made thousands of tiny segments and took 2× longer.
 */
interface KbBatch {
  isNewer(kind: KbRecordKind, id: string, version: number): boolean;
  write(record: PreparedRecord): void;
  /** Returns whether a record was there. */
  remove(kind: KbRecordKind, id: string): boolean;
  flush(): void;
}

interface FtsRow {
  readonly docId: number;
  readonly record: PreparedDoc;
  readonly facet: string;
}

const writers = new WeakMap<Database, KbWriter>();

function kbWriter(db: Database): KbWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = createWriter(db);
    writers.set(db, writer);
  }
  return writer;
}

/** The cache table that holds records of `kind`. */
export function kindTable(kind: KbRecordKind): 'kb_article' | 'kb_phrase' | 'kb_contact' | 'kb_synonym' {
  switch (kind) {
    case 'article':
      return 'kb_article';
    case 'phrase':
      return 'kb_phrase';
    case 'contact':
      return 'kb_contact';
    case 'synonym':
      return 'kb_synonym';
    default:
      throw missingCase(kind);
  }
}

function perKind<T>(make: (kind: KbRecordKind) => T): Record<KbRecordKind, T> {
  return { article: make('article'), phrase: make('phrase'), contact: make('contact'), synonym: make('synonym') };
}

function createWriter(db: Database): KbWriter {
  const versionOf = perKind((kind) => db.prepare(`SELECT version FROM ${kindTable(kind)} WHERE id = ?`).pluck());
  const upsertRow: Record<KbKind, Statement> = {
    article: db.prepare(
      `INSERT OR REPLACE INTO kb_article (id, version, updated_at, title, summary, body_format, body_html, category, tags_json, keywords_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    phrase: db.prepare(
      `INSERT OR REPLACE INTO kb_phrase (id, version, updated_at, title, text, phase, category, mandatory)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    contact: db.prepare(
      `INSERT OR REPLACE INTO kb_contact (id, version, updated_at, name, number, hours, handles, tags_json, area)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  const deleteRow = perKind((kind) => db.prepare(`DELETE FROM ${kindTable(kind)} WHERE id = ?`));
  const docIdOf = db.prepare('SELECT doc_id FROM kb_doc WHERE kind = ? AND ref_id = ?').pluck();
  const insertDoc = db.prepare('INSERT INTO kb_doc (doc_id, kind, ref_id, category, title, text) VALUES (?, ?, ?, ?, ?, ?)');
  const updateDoc = db.prepare('UPDATE kb_doc SET category = ?, title = ?, text = ? WHERE doc_id = ?');
  const deleteDoc = db.prepare('DELETE FROM kb_doc WHERE doc_id = ?');
  const nextSeq = db.prepare("UPDATE kb_counter SET value = value + 1 WHERE name = 'doc_seq' RETURNING value").pluck();
  const categoryId = db.prepare('SELECT cat_id FROM kb_category WHERE name = ?').pluck();
  const insertCategory = db.prepare('INSERT INTO kb_category (name) VALUES (?)');
  const insertTitle = db.prepare('INSERT INTO kb_fts_title (rowid, title, keys, py, facet) VALUES (?, ?, ?, ?, ?)');
  const deleteTitle = db.prepare('DELETE FROM kb_fts_title WHERE rowid = ?');
  const insertAll = db.prepare('INSERT INTO kb_fts_all (rowid, text, facet) VALUES (?, ?, ?)');
  const deleteAll = db.prepare('DELETE FROM kb_fts_all WHERE rowid = ?');
  const insertChars = db.prepare('INSERT INTO kb_fts_char (rowid, chars, facet) VALUES (?, ?, ?)');
  const deleteChars = db.prepare('DELETE FROM kb_fts_char WHERE rowid = ?');
  const insertPinyin = db.prepare('INSERT INTO kb_fts_pinyin (rowid, py, facet) VALUES (?, ?, ?)');
  const deletePinyin = db.prepare('DELETE FROM kb_fts_pinyin WHERE rowid = ?');
  const upsertSynonym = db.prepare('INSERT OR REPLACE INTO kb_synonym (id, version, updated_at, from_json, to_json) VALUES (?, ?, ?, ?, ?)');
  const deleteSynonymTerms = db.prepare('DELETE FROM kb_synonym_term WHERE syn_id = ?');
  const insertSynonymTerm = db.prepare('INSERT OR IGNORE INTO kb_synonym_term (syn_id, term, target) VALUES (?, ?, ?)');
  const writeSynonym = (id: string, version: number, updatedAt: string, from: readonly string[], to: readonly string[]): void => {
    deleteSynonymTerms.run(id);
    upsertSynonym.run(id, version, updatedAt, JSON.stringify(from), JSON.stringify(to));
    // Stored normalized (NFKC, lowercase), the form queries are matched in.
    for (const term of new Set(from.map((w) => normalizeText(w).trim()))) {
      for (const target of new Set(to.map((w) => normalizeText(w).trim()))) {
        if (term !== '' && target !== '' && term !== target) insertSynonymTerm.run(id, term, target);
      }
    }
  };

  const facetOf = (kind: KbKind, category: string): string => {
    if (category === '') return `k${kind}`;
    let id = categoryId.get(category) as number | undefined;
    if (id === undefined) id = Number(insertCategory.run(category).lastInsertRowid);
    return `k${kind} c${id}`;
  };

  const isNewer = (kind: KbKind, id: string, version: number): boolean => {
    const stored = versionOf[kind].get(id) as number | undefined;
    return stored === undefined || version > stored;
  };

  return {
    begin() {
      /** FTS rows to delete: doc ids that were in the index before this batch. */
      const ftsDeletes = new Set<number>();
      /** FTS rows to insert, by doc id (a later write of the same record replaces an earlier one). */
      const ftsInserts = new Map<number, FtsRow>();
      const createdHere = new Set<number>();
      const dropFts = (docId: number): void => {
        ftsInserts.delete(docId);
        if (!createdHere.has(docId)) ftsDeletes.add(docId);
      };
      return {
        isNewer,
        write(record) {
          if (record.kind === 'synonym') {
            writeSynonym(record.id, record.version, record.updatedAt, record.from, record.to);
            return;
          }
          upsertRow[record.kind].run(...record.row);
          const bucket = rankBucket(record.docTitle);
          let docId = docIdOf.get(record.kind, record.id) as number | undefined;
          if (docId !== undefined) {
            dropFts(docId);
            if (bucketOf(docId) === bucket) {
              updateDoc.run(record.category, record.docTitle, record.docText, docId);
            } else {
              // The title's length changed: the doc moves to its new place in rowid (rank) order.
              deleteDoc.run(docId);
              docId = undefined;
            }
          }
          if (docId === undefined) {
            docId = bucket * rankUnit + (nextSeq.get() as number);
            insertDoc.run(docId, record.kind, record.id, record.category, record.docTitle, record.docText);
            createdHere.add(docId);
          }
          ftsInserts.set(docId, { docId, record, facet: facetOf(record.kind, record.category) });
        },
        remove(kind, id) {
          if (kind === 'synonym') deleteSynonymTerms.run(id);
          const removed = deleteRow[kind].run(id).changes > 0;
          if (kind === 'synonym') return removed;
          const docId = docIdOf.get(kind, id) as number | undefined;
          if (docId !== undefined) {
            dropFts(docId);
            deleteDoc.run(docId);
          }
          return removed;
        },
        flush() {
          const deletes = [...ftsDeletes].sort((a, b) => a - b);
          const inserts = [...ftsInserts.values()].sort((a, b) => a.docId - b.docId);
          for (const docId of deletes) deleteTitle.run(docId);
          for (const { docId, record, facet } of inserts) insertTitle.run(docId, record.fts.title, record.fts.keys, record.fts.py, facet);
          for (const docId of deletes) deleteAll.run(docId);
          for (const { docId, record, facet } of inserts) insertAll.run(docId, record.fts.all, facet);
          for (const docId of deletes) deleteChars.run(docId);
          for (const { docId, record, facet } of inserts) insertChars.run(docId, record.chars, facet);
          for (const docId of deletes) deletePinyin.run(docId);
          for (const { docId, record, facet } of inserts) insertPinyin.run(docId, record.pinyin, facet);
          ftsDeletes.clear();
          ftsInserts.clear();
          createdHere.clear();
        },
      };
    },
  };
}

/**
 * doc_id = rank bucket × 2³² + sequence: FTS5 returns matches in rowid order,
 * so a lower bucket comes first. The bucket is the title's length in
 * characters — a short title that contains the query is usually about it.
 */
const rankUnit = 2 ** 32;
const maxBucket = 4095;

function rankBucket(title: string): number {
  let length = 0;
  for (const char of title) {
    if (char.trim() !== '') length++;
  }
  return Math.min(Math.max(length, 1), maxBucket);
}

function bucketOf(docId: number): number {
  return Math.floor(docId / rankUnit);
}

const ftsTables = ['kb_fts_title', 'kb_fts_all', 'kb_fts_char', 'kb_fts_pinyin'] as const;

/**
 * Runs FTS5 `optimize` on every index (after a large load: measured +25 % p99
 * without it). One statement: at 100k articles it holds the write lock for
 * 4–6 s — where other writers must get in between, merge in steps instead
 * (sync/merge-kb-index.ts).
 */
export function optimizeKbIndex(db: Database): void {
  for (const table of ftsTables) db.exec(`INSERT INTO ${table} (${table}) VALUES ('optimize')`);
}

/**
 * Fills kb_fts_pinyin for a cache written before migration 0061 (which sets
 * `kb_counter.pinyin_backfill`). One transaction; about 0.1 ms per record.
 * Returns the number of records indexed (0 when nothing was asked).
 */
export function backfillPinyinIndex(db: Database): number {
  const asked = db.prepare("SELECT value FROM kb_counter WHERE name = 'pinyin_backfill'").pluck().get() as number | undefined;
  if (asked !== 1) return 0;
  return db.transaction(() => {
    const rows = db
      .prepare(
        `SELECT d.doc_id AS docId, d.kind, d.title, d.category, c.cat_id AS catId,
                coalesce(a.tags_json, t.tags_json, '[]') AS tagsJson, coalesce(a.keywords_json, '[]') AS keywordsJson
           FROM kb_doc d
           LEFT JOIN kb_category c ON c.name = d.category
           LEFT JOIN kb_article a ON d.kind = 'article' AND a.id = d.ref_id
           LEFT JOIN kb_contact t ON d.kind = 'contact' AND t.id = d.ref_id
          ORDER BY d.doc_id`,
      )
      .all() as { docId: number; kind: KbKind; title: string; category: string; catId: number | null; tagsJson: string; keywordsJson: string }[];
    const insert = db.prepare('INSERT INTO kb_fts_pinyin (rowid, py, facet) VALUES (?, ?, ?)');
    db.exec('DELETE FROM kb_fts_pinyin');
    for (const row of rows) {
      const keys = [...(JSON.parse(row.tagsJson) as string[]), ...(JSON.parse(row.keywordsJson) as string[])];
      const facet = row.category === '' || row.catId === null ? `k${row.kind}` : `k${row.kind} c${row.catId}`;
      insert.run(row.docId, toFullPinyinIndexText(row.title, keys), facet);
    }
    db.prepare("UPDATE kb_counter SET value = 0 WHERE name = 'pinyin_backfill'").run();
    return rows.length;
  }).immediate();
}

/**
 * Reads of the knowledge-base cache for the views (article, phrases,
 * contacts, categories) and the recently-used list. Plain functions taking
 * the database first; `undefined` when a record is not there.
 */
import type { Database } from 'better-sqlite3';
import type {
  KbArticleView,
  KbCategoryCount,
  KbContactView,
  KbKind,
  KbPhraseView,
  KbRecentArticle,
  PhrasePhase,
} from '../../contract/kb.js';
import { phrasePhases } from '../../contract/kb.js';
import { prepared } from '../db/prepared-statement.js';

interface ArticleRow {
  id: string;
  version: number;
  updated_at: string;
  title: string;
  summary: string;
  body_html: string;
  category: string;
  tags_json: string;
  keywords_json: string;
}

export function getArticle(db: Database, id: string): KbArticleView | undefined {
  const row = db
    .prepare(
      'SELECT id, version, updated_at, title, summary, body_html, category, tags_json, keywords_json FROM kb_article WHERE id = ?',
    )
    .get(id) as ArticleRow | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    version: row.version,
    updatedAt: row.updated_at,
    title: row.title,
    summary: row.summary,
    bodyHtml: row.body_html,
    category: row.category,
    tags: parseStringArray(row.tags_json),
    keywords: parseStringArray(row.keywords_json),
  };
}

interface PhraseRow {
  id: string;
  version: number;
  title: string;
  text: string;
  phase: PhrasePhase;
  category: string;
  mandatory: number;
}

const phraseColumns = 'id, version, title, text, phase, category, mandatory';

function toPhrase(row: PhraseRow): KbPhraseView {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    text: row.text,
    phase: row.phase,
    category: row.category,
    mandatory: row.mandatory === 1,
  };
}

export function getPhrase(db: Database, id: string): KbPhraseView | undefined {
  const row = prepared(db, `SELECT ${phraseColumns} FROM kb_phrase WHERE id = ?`).get(id) as PhraseRow | undefined;
  return row ? toPhrase(row) : undefined;
}

/** Phrases in call order (greeting … survey), mandatory ones first within a phase. */
export function listPhrases(db: Database, phase?: PhrasePhase): KbPhraseView[] {
  const rows = (
    phase
      ? prepared(db, `SELECT ${phraseColumns} FROM kb_phrase WHERE phase = ?`).all(phase)
      : prepared(db, `SELECT ${phraseColumns} FROM kb_phrase`).all()
  ) as PhraseRow[];
  const order = new Map(phrasePhases.map((p, i) => [p, i]));
  return rows
    .map(toPhrase)
    .sort(
      (a, b) =>
        (order.get(a.phase) ?? 99) - (order.get(b.phase) ?? 99) ||
        Number(b.mandatory) - Number(a.mandatory) ||
        a.title.localeCompare(b.title, 'zh-CN'),
    );
}

interface ContactRow {
  id: string;
  version: number;
  name: string;
  number: string;
  hours: string;
  handles: string;
  tags_json: string;
  area: string;
}

const contactColumns = 'id, version, name, number, hours, handles, tags_json, area';

function toContact(row: ContactRow): KbContactView {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    number: row.number,
    hours: row.hours,
    handles: row.handles,
    tags: parseStringArray(row.tags_json),
    area: row.area,
  };
}

export function getContact(db: Database, id: string): KbContactView | undefined {
  const row = prepared(db, `SELECT ${contactColumns} FROM kb_contact WHERE id = ?`).get(id) as ContactRow | undefined;
  return row ? toContact(row) : undefined;
}

/** The whole referral directory (tens to a few hundred rows), by name. */
export function listContacts(db: Database): KbContactView[] {
  const rows = prepared(db, `SELECT ${contactColumns} FROM kb_contact`).all() as ContactRow[];
  return rows.map(toContact).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** Categories with their record counts, for the category filter. */
export function listCategories(db: Database): KbCategoryCount[] {
  return (
    db
      .prepare(
        `SELECT kind, category, count(*) AS count FROM kb_doc WHERE category <> ''
         GROUP BY category, kind ORDER BY kind, count DESC, category`,
      )
      .all() as { kind: KbKind; category: string; count: number }[]
  ).map((r) => ({ kind: r.kind, category: r.category, count: r.count }));
}

/** How many recently used articles are remembered. */
const recentKept = 50;

/** Records a use (run inside a transaction; see recent-articles.ts for how it avoids stalling). */
export function markArticleUsed(db: Database, id: string, now: number): void {
  prepared(
    db,
    'INSERT INTO kb_recent (article_id, used_at) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET used_at = max(used_at, excluded.used_at)',
  ).run(id, now);
  prepared(db, 'DELETE FROM kb_recent WHERE article_id NOT IN (SELECT article_id FROM kb_recent ORDER BY used_at DESC LIMIT ?)').run(recentKept);
}

/** Most recent first; articles deleted since are left out. */
export function listRecentArticles(db: Database, limit: number): KbRecentArticle[] {
  return (
    db
      .prepare(
        `SELECT r.article_id AS id, a.title, a.category, r.used_at AS usedAt
         FROM kb_recent r JOIN kb_article a ON a.id = r.article_id
         ORDER BY r.used_at DESC LIMIT ?`,
      )
      .all(limit) as KbRecentArticle[]
  ).map((r) => ({ id: r.id, title: r.title, category: r.category, usedAt: r.usedAt }));
}

function parseStringArray(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

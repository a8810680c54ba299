/**
 * The knowledge-base service the dispatcher talks to: search and the record
 * views over the seat's cache, and the recently-used list. Sync lives in
 * `sync/` and writes the same tables from its worker.
 *
 * Search runs on the calling (main) thread: it costs about a millisecond
 * (see `npm run bench:kb`); the heavy writes (sync, bulk import) do not.
 */
import type { Database } from 'better-sqlite3';
import type {
  KbArticleView,
  KbCategoryCount,
  KbContactView,
  KbPhraseView,
  KbRecentArticle,
  KbSearchResult,
  PhrasePhase,
} from '../../contract/kb.js';
import { CoreError } from '../base/core-error.js';
import {
  getArticle,
  getContact,
  getPhrase,
  listCategories,
  listContacts,
  listPhrases,
} from './kb-queries.js';
import { backfillPinyinIndex } from './apply-kb-changes.js';
import { createRecentArticles } from './recent-articles.js';
import { searchKb, type SearchKbParams } from './search-kb.js';

export interface KbServiceOptions {
  readonly db: Database;
  /** Clock for the recently-used list (tests inject one). */
  readonly now?: () => number;
}

/** Named as the contract's requests (kb-handlers.ts maps one to the other). */
export interface KbService {
  searchKb(params: SearchKbParams): KbSearchResult;
  getKbArticle(id: string): KbArticleView;
  getKbPhrase(id: string): KbPhraseView;
  listKbPhrases(phase?: PhrasePhase): KbPhraseView[];
  getKbContact(id: string): KbContactView;
  listKbContacts(): KbContactView[];
  getKbCategories(): KbCategoryCount[];
  listRecentArticles(limit?: number): KbRecentArticle[];
  markArticleUsed(id: string): void;
}

export function createKbService(options: KbServiceOptions): KbService {
  const { db } = options;
  const now = options.now ?? Date.now;
  const recent = createRecentArticles(db);
  // A cache from before migration 0061 gets its full-pinyin index once.
  backfillPinyinIndex(db);
  const found = <T>(value: T | undefined, what: string, id: string): T => {
    if (value === undefined) throw new CoreError('not-found', `no ${what} with id "${id}" in the knowledge base`);
    return value;
  };
  return {
    searchKb: (params) => searchKb(db, params),
    getKbArticle: (id) => found(getArticle(db, id), 'article', id),
    getKbPhrase: (id) => found(getPhrase(db, id), 'phrase', id),
    listKbPhrases: (phase) => listPhrases(db, phase),
    getKbContact: (id) => found(getContact(db, id), 'contact', id),
    listKbContacts: () => listContacts(db),
    getKbCategories: () => listCategories(db),
    listRecentArticles: (limit = 10) => recent.list(limit),
    markArticleUsed(id) {
      found(getArticle(db, id), 'article', id);
      recent.markUsed(id, now());
    },
  };
}

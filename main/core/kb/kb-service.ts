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

export interface KbService {
  search(params: SearchKbParams): KbSearchResult;
  article(id: string): KbArticleView;
  phrase(id: string): KbPhraseView;
  phrases(phase?: PhrasePhase): KbPhraseView[];
  contact(id: string): KbContactView;
  contacts(): KbContactView[];
  categories(): KbCategoryCount[];
  recentArticles(limit?: number): KbRecentArticle[];
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
    search: (params) => searchKb(db, params),
    article: (id) => found(getArticle(db, id), 'article', id),
    phrase: (id) => found(getPhrase(db, id), 'phrase', id),
    phrases: (phase) => listPhrases(db, phase),
    contact: (id) => found(getContact(db, id), 'contact', id),
    contacts: () => listContacts(db),
    categories: () => listCategories(db),
    recentArticles: (limit = 10) => recent.list(limit),
    markArticleUsed(id) {
      found(getArticle(db, id), 'article', id);
      recent.markUsed(id, now());
    },
  };
}

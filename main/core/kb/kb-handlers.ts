/**
 * The knowledge base's requests (contract: main/contract/kb.ts; sync has its
 * own in sync/kb-sync-handlers.ts).
 */
import type { kbRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import type { KbService } from './kb-service.js';

export function kbHandlers(service: KbService): FeatureHandlers<typeof kbRequestSchemas> {
  return {
    searchKb: (params) => service.searchKb(params),
    getKbArticle: ({ id }) => service.getKbArticle(id),
    getKbPhrase: ({ id }) => service.getKbPhrase(id),
    listKbPhrases: ({ phase }) => service.listKbPhrases(phase),
    getKbContact: ({ id }) => service.getKbContact(id),
    listKbContacts: () => service.listKbContacts(),
    getKbCategories: () => service.getKbCategories(),
    listRecentArticles: ({ limit }) => service.listRecentArticles(limit),
    markArticleUsed: ({ id }) => {
      service.markArticleUsed(id);
      return null;
    },
  };
}

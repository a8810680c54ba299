/**
 * The knowledge base's requests (contract: main/contract/kb.ts; sync has its
 * own in sync/kb-sync-handlers.ts).
 */
import type { kbRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import type { KbService } from './kb-service.js';

export function kbHandlers(service: KbService): FeatureHandlers<typeof kbRequestSchemas> {
  return {
    searchKb: (params) => service.search(params),
    getKbArticle: ({ id }) => service.article(id),
    getKbPhrase: ({ id }) => service.phrase(id),
    listKbPhrases: ({ phase }) => service.phrases(phase),
    getKbContact: ({ id }) => service.contact(id),
    listKbContacts: () => service.contacts(),
    getKbCategories: () => service.categories(),
    listRecentArticles: ({ limit }) => service.recentArticles(limit),
    markArticleUsed: ({ id }) => {
      service.markArticleUsed(id);
      return null;
    },
  };
}

/**
 * What the panel asks of the core: open a hit (article, phrase, contact),
 * remember an opened article as recently used, load the lists. Results land
 * in the store through actions named as events.
 */
import type { ApiClient } from '../../api/api-client.js';
import type { KbKind } from '../../../main/contract/index.js';
import type { SeatStore } from '../../store/create-seat-store.js';

export interface KbTarget {
  readonly kind: KbKind;
  readonly id: string;
}

export async function openKbItem(api: ApiClient, store: SeatStore, target: KbTarget): Promise<void> {
  const s = store.getState();
  switch (target.kind) {
    case 'article': {
      const result = await api.invoke('getKbArticle', { id: target.id });
      if (!result.ok) return s.kbNoticeShown({ kind: 'error', detail: result.error.message });
      store.getState().kbItemOpened({ kind: 'article', article: result.value });
      const marked = await api.invoke('markArticleUsed', { id: target.id });
      if (marked.ok) await loadRecentArticles(api, store);
      return;
    }
    case 'phrase': {
      const result = await api.invoke('getKbPhrase', { id: target.id });
      if (!result.ok) return s.kbNoticeShown({ kind: 'error', detail: result.error.message });
      return store.getState().kbItemOpened({ kind: 'phrase', phrase: result.value });
    }
    case 'contact': {
      const result = await api.invoke('getKbContact', { id: target.id });
      if (!result.ok) return s.kbNoticeShown({ kind: 'error', detail: result.error.message });
      return store.getState().kbItemOpened({ kind: 'contact', contact: result.value });
    }
  }
}

export async function loadRecentArticles(api: ApiClient, store: SeatStore): Promise<void> {
  const result = await api.invoke('listRecentArticles', { limit: 8 });
  if (result.ok) store.getState().kbRecentLoaded(result.value);
}

export async function loadPhrases(api: ApiClient, store: SeatStore): Promise<void> {
  const result = await api.invoke('listKbPhrases', {});
  if (result.ok) store.getState().kbPhrasesLoaded(result.value);
}

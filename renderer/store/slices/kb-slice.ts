/**
 * Knowledge-base panel state: what the agent typed, the answer to it, the
 * selected hit, the open article/phrase/contact, recently used articles and
 * the phrase list.
 *
 * ```
 *   kbQueryChanged ──▶ (debounced search in use-kb-search) ──▶ kbResultsArrived
 *        │                                   stale answers dropped by sequence
 *        ▼
 *   results ──kbSelectionMoved / Enter──▶ kbItemOpened ──Esc──▶ kbItemClosed
 * ```
 */
import type { StateCreator } from 'zustand';
import type {
  KbArticleView,
  KbContactView,
  KbKind,
  KbPhraseView,
  KbRecentArticle,
  KbSearchResult,
  PhrasePhase,
} from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export type KbOpenItem =
  | { readonly kind: 'article'; readonly article: KbArticleView }
  | { readonly kind: 'phrase'; readonly phrase: KbPhraseView }
  | { readonly kind: 'contact'; readonly contact: KbContactView };

export interface KbNotice {
  readonly kind: 'copied' | 'link-blocked' | 'copy-failed' | 'error';
  readonly detail: string;
}

export interface KbSlice {
  kb: {
    readonly query: string;
    /** null: every kind. */
    readonly kinds: readonly KbKind[] | null;
    /** The answer to `query` (never an older query's). */
    readonly results: KbSearchResult | null;
    readonly searchError: string | null;
    /** Index of the highlighted hit. */
    readonly selected: number;
    readonly open: KbOpenItem | null;
    readonly recent: readonly KbRecentArticle[];
    readonly phrases: readonly KbPhraseView[];
    readonly phrasePhase: PhrasePhase | null;
    /** Bumped to ask the search box to take the focus (shortcut, Esc from a view). */
    readonly focusRequests: number;
    readonly notice: KbNotice | null;
  };
  kbQueryChanged(query: string): void;
  kbKindsChanged(kinds: readonly KbKind[] | null): void;
  kbResultsArrived(result: KbSearchResult): void;
  kbSearchFailed(message: string): void;
  kbSelectionMoved(delta: number): void;
  kbSelectionSet(index: number): void;
  kbItemOpened(item: KbOpenItem): void;
  kbItemClosed(): void;
  kbRecentLoaded(recent: readonly KbRecentArticle[]): void;
  kbPhrasesLoaded(phrases: readonly KbPhraseView[]): void;
  kbPhrasePhaseChanged(phase: PhrasePhase | null): void;
  kbSearchFocusRequested(): void;
  kbNoticeShown(notice: KbNotice | null): void;
}

export const createKbSlice: StateCreator<SeatState, [], [], KbSlice> = (set) => {
  const patch = (f: (kb: KbSlice['kb']) => Partial<KbSlice['kb']>) => set((s) => ({ kb: { ...s.kb, ...f(s.kb) } }));
  return {
    kb: {
      query: '',
      kinds: null,
      results: null,
      searchError: null,
      selected: 0,
      open: null,
      recent: [],
      phrases: [],
      phrasePhase: null,
      focusRequests: 0,
      notice: null,
    },
    kbQueryChanged: (query) => patch((kb) => (query === kb.query ? {} : { query, selected: 0, ...(query.trim() === '' ? { results: null, searchError: null } : {}) })),
    kbKindsChanged: (kinds) => patch(() => ({ kinds, selected: 0 })),
    // Only an answer to what is in the box now is shown; the search hook
    // drops older ones already, this is the second check.
    kbResultsArrived: (result) => patch((kb) => (result.query === kb.query ? { results: result, searchError: null, selected: Math.min(kb.selected, Math.max(0, result.hits.length - 1)) } : {})),
    kbSearchFailed: (message) => patch(() => ({ searchError: message })),
    kbSelectionMoved: (delta) =>
      patch((kb) => {
        const count = kb.results?.hits.length ?? 0;
        if (count === 0) return {};
        return { selected: Math.min(count - 1, Math.max(0, kb.selected + delta)) };
      }),
    kbSelectionSet: (index) => patch(() => ({ selected: Math.max(0, index) })),
    kbItemOpened: (item) => patch(() => ({ open: item })),
    kbItemClosed: () => patch((kb) => ({ open: null, focusRequests: kb.focusRequests + 1 })),
    kbRecentLoaded: (recent) => patch(() => ({ recent })),
    kbPhrasesLoaded: (phrases) => patch(() => ({ phrases })),
    kbPhrasePhaseChanged: (phrasePhase) => patch(() => ({ phrasePhase })),
    kbSearchFocusRequested: () => patch((kb) => ({ focusRequests: kb.focusRequests + 1 })),
    kbNoticeShown: (notice) => patch(() => ({ notice })),
  };
};

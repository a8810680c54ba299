/**
 * The knowledge-base panel, keyboard first (keys in kb-shortcuts.ts): F3 or
 * Ctrl+K from anywhere puts the cursor in the search box; results follow the
 * typing; ↑/↓ and Enter open a result; Esc goes back; F4 copies the
 * highlighted or open contact's number. With nothing typed it lists the
 * recently used articles and the standard phrases.
 *
 * ```
 *   home (recent + phrases) ──type──▶ results ──Enter──▶ item view
 *        ▲                       │  ▲                     │
 *        └──────Esc (clears)─────┘  └────────Esc──────────┘
 * ```
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { KbKind, KbSearchHit } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { copyText } from './copy-text.js';
import { loadPhrases, loadRecentArticles, openKbItem } from './kb-actions.js';
import { KbHome } from './KbHome.js';
import { KbItemView } from './KbItemView.js';
import { KbResults, resultOptionId } from './KbResults.js';
import { isBoundElsewhere, isCopyNumberKey } from './kb-shortcuts.js';
import { useKbSearch } from './use-kb-search.js';
import './kb.css';

const kindFilters: readonly (KbKind | null)[] = [null, 'article', 'phrase', 'contact'];

export function KbPanel() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const kb = useSeat((s) => s.kb);
  const input = useRef<HTMLInputElement>(null);
  useKbSearch();

  // Lists load once the core is reachable, and again when a sync brings a new KB version.
  const connected = useSeat((s) => s.connection === 'open');
  const kbVersion = useSeat((s) => (s.status.kb.state === 'unknown' ? null : s.status.kb.version));
  useEffect(() => {
    if (!connected) return;
    void loadRecentArticles(api, store);
    void loadPhrases(api, store);
  }, [api, store, connected, kbVersion]);

  // The search box takes the focus whenever asked (shortcut, Esc from a view).
  useEffect(() => {
    if (kb.focusRequests === 0) return;
    input.current?.focus();
    input.current?.select();
  }, [kb.focusRequests]);

  // A notice ("已复制 12333") clears itself.
  useEffect(() => {
    if (!kb.notice) return;
    const timer = setTimeout(() => store.getState().kbNoticeShown(null), 4000);
    return () => clearTimeout(timer);
  }, [kb.notice, store]);

  const copy = (text: string, what: string): void => {
    void copyText(text).then((ok) => store.getState().kbNoticeShown(ok ? { kind: 'copied', detail: what === text ? text : `${what} ${text}` } : { kind: 'copy-failed', detail: text }));
  };
  const open = (hit: { kind: KbKind; id: string }): void => void openKbItem(api, store, hit);
  const hits = kb.results?.hits ?? [];
  const selectedHit: KbSearchHit | undefined = hits[kb.selected];

  const copyCurrentNumber = (): boolean => {
    const open = store.getState().kb.open;
    if (open?.kind === 'contact') {
      copy(open.contact.number, open.contact.name);
      return true;
    }
    if (!open && selectedHit?.kind === 'contact' && selectedHit.number) {
      copy(selectedHit.number, selectedHit.title);
      return true;
    }
    return false;
  };

  // F4 copies a number from anywhere in the window (F3 / Ctrl+K is in
  // use-kb-search-shortcut.ts, mounted by the app frame so it works in every view).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (isCopyNumberKey(event) && !isBoundElsewhere(event, store.getState().profile?.shortcuts) && copyCurrentNumber()) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return; // the input method is still composing (拼音)
    const s = store.getState();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        s.kbSelectionMoved(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        s.kbSelectionMoved(-1);
        break;
      case 'Enter':
        if (selectedHit) {
          event.preventDefault();
          open(selectedHit);
        }
        break;
      case 'Escape':
        if (s.kb.query !== '') {
          event.preventDefault();
          s.kbQueryChanged('');
        }
        break;
      default:
        break;
    }
  };

  const onItemKey = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      store.getState().kbItemClosed();
    }
  };

  const onLink = (href: string) => {
    if (/^tel:/i.test(href)) copy(decodeURIComponent(href.slice(4)), t('kb.link.number'));
    else store.getState().kbNoticeShown({ kind: 'link-blocked', detail: href });
  };

  const typing = kb.query.trim() !== '';
  return (
    <section className="kb-panel" aria-label={t('kb.region')} data-testid="kb-panel">
      <div className="kb-search">
        <input
          ref={input}
          type="search"
          role="combobox"
          aria-expanded={typing && hits.length > 0}
          aria-controls="kb-results"
          aria-activedescendant={typing && selectedHit ? resultOptionId(kb.selected) : undefined}
          aria-label={t('kb.search')}
          placeholder={t('kb.search.placeholder')}
          data-testid="kb-search"
          value={kb.query}
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          onChange={(e) => store.getState().kbQueryChanged(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <div className="kb-kinds" role="group" aria-label={t('kb.kinds')}>
          {kindFilters.map((kind) => {
            const active = kind === null ? kb.kinds === null : kb.kinds?.length === 1 && kb.kinds[0] === kind;
            return (
              <button
                key={kind ?? 'all'}
                type="button"
                aria-pressed={active}
                onClick={() => {
                  store.getState().kbKindsChanged(kind === null ? null : [kind]);
                  store.getState().kbSearchFocusRequested();
                }}
              >
                {kind === null ? t('kb.kind.all') : t(`kb.kind.${kind}`)}
              </button>
            );
          })}
        </div>
      </div>
      {kb.notice && (
        <p className={`kb-notice kb-notice-${kb.notice.kind}`} role="status" data-testid="kb-notice">
          {t(`kb.notice.${kb.notice.kind}`, { detail: kb.notice.detail })}
        </p>
      )}
      <div className="kb-body" onKeyDown={kb.open ? onItemKey : undefined}>
        {kb.open ? (
          <KbItemView item={kb.open} onClose={() => store.getState().kbItemClosed()} onCopy={copy} onLink={onLink} />
        ) : typing ? (
          <>
            {kb.searchError && <p className="kb-error">{t('kb.search.failed', { error: kb.searchError })}</p>}
            {kb.results && kb.results.query === kb.query && hits.length === 0 && (
              <p className="kb-empty" data-testid="kb-no-results">
                {t('kb.noResults', { query: kb.query })}
              </p>
            )}
            {hits.length > 0 && (
              <KbResults
                hits={hits}
                selected={kb.selected}
                onOpen={open}
                onHover={(i) => store.getState().kbSelectionSet(i)}
                onCopyNumber={(hit) => hit.number && copy(hit.number, hit.title)}
              />
            )}
          </>
        ) : (
          <KbHome
            recent={kb.recent}
            phrases={kb.phrases}
            phase={kb.phrasePhase}
            onPhase={(phase) => store.getState().kbPhrasePhaseChanged(phase)}
            onOpenArticle={(id) => open({ kind: 'article', id })}
            onCopy={copy}
          />
        )}
      </div>
      <p className="kb-keys">{t('kb.keys')}</p>
    </section>
  );
}

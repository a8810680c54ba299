/**
 * F3 / Ctrl+K from anywhere in the window — another view, another panel, a
 * text box — brings the knowledge-base search box into focus (switching to
 * the desk if needed). Mounted once, in the app frame.
 */
import { useEffect } from 'react';
import { useSeatStore } from '../../store/store-context.js';
import { isBoundElsewhere, isFocusSearchKey } from './kb-shortcuts.js';

export function useKbSearchShortcut(): void {
  const store = useSeatStore();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const s = store.getState();
      if (!isFocusSearchKey(event) || isBoundElsewhere(event, s.profile?.shortcuts)) return;
      event.preventDefault();
      event.stopPropagation();
      if (s.view !== 'desk') s.viewOpened('desk');
      if (s.kb.open) s.kbItemClosed();
      else s.kbSearchFocusRequested();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store]);
}

/**
 * Call-control shortcuts inside the window. The browser's own meaning of a
 * bound key (F5 reloads!) is suppressed. Global shortcuts (Electron) arrive
 * as `shortcutPressed` and are bound in renderer/store/bind-events.ts.
 */
import { useEffect } from 'react';
import type { SeatStore } from '../../store/create-seat-store.js';
import { runPhoneShortcut } from './run-phone-shortcut.js';
import type { PhoneCommand } from './send-phone-command.js';
import { shortcutActionFor, type PhoneShortcuts } from './shortcut-keys.js';

export function usePhoneShortcuts(shortcuts: PhoneShortcuts | undefined, command: PhoneCommand, store: SeatStore): void {
  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutActionFor(shortcuts, event);
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) runPhoneShortcut(action, command, store);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [shortcuts, command, store]);
}

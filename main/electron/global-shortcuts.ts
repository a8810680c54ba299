/**
 * System-wide call-control shortcuts, when the seat profile asks for them.
 * A press is forwarded to the renderer as `shortcutPressed`, which handles it
 * exactly like the same key pressed inside the window — one implementation
 * of every action.
 */
import { globalShortcut } from 'electron';
import { shortcutActions, type SeatProfile, type ShortcutAction } from '../contract/index.js';
import { createLogger } from '../core/index.js';

const log = createLogger('global-shortcuts');

export function applyGlobalShortcuts(profile: SeatProfile, pressed: (action: ShortcutAction) => void): void {
  globalShortcut.unregisterAll();
  if (!profile.globalShortcuts) return;
  for (const action of shortcutActions) {
    const accelerator = profile.shortcuts[action];
    if (accelerator === '') continue;
    // Another program may own the key already; say so instead of failing silently.
    if (!globalShortcut.register(accelerator, () => pressed(action))) {
      log.warn(`could not register ${accelerator} for ${action}: another program uses it`);
    }
  }
}

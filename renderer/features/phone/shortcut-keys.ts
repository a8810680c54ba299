/**
 * Which call-control action a key press means, from the profile's
 * shortcuts (Electron-style accelerators, F5–F9 by default; matched by the
 * same `matchesAccelerator` the Electron host's global shortcuts use).
 *
 * A shortcut never steals typing: inside a text box only function keys and
 * combinations with Ctrl, Alt or Meta fire; a bare letter or digit types.
 */
import type { ShortcutAction } from '../../../main/contract/index.js';
import { matchesAccelerator, type KeyLike } from '../shortcuts/accelerator.js';

export const phoneShortcutActions: readonly ShortcutAction[] = ['answer', 'hangup', 'hold', 'mute', 'transfer'];

export type PhoneShortcuts = Readonly<Record<ShortcutAction, string>>;

/** Is the keyboard focus in something the agent types into? */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

function typesText(event: KeyLike): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey) return false;
  return !/^F\d{1,2}$/.test(event.key);
}

export function shortcutActionFor(shortcuts: PhoneShortcuts, event: KeyLike & { readonly target: EventTarget | null }): ShortcutAction | null {
  const action = phoneShortcutActions.find((a) => matchesAccelerator(event, shortcuts[a]));
  if (!action) return null;
  if (typesText(event) && isTextEntry(event.target)) return null;
  return action;
}

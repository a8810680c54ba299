/**
 * Matches a keyboard event against an Electron-style accelerator from the
 * profile (`F5`, `Ctrl+Shift+A`), so the window and the Electron host's
 * global shortcuts read the same setting the same way.
 */

export interface KeyLike {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

const keyNames: Record<string, string> = { Space: ' ', Enter: 'Enter', Escape: 'Escape', Insert: 'Insert', Delete: 'Delete', Home: 'Home', End: 'End', PageUp: 'PageUp', PageDown: 'PageDown' };

export function matchesAccelerator(event: KeyLike, accelerator: string): boolean {
  if (accelerator === '') return false;
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts.map((m) => m.toLowerCase()));
  const wantCtrl = mods.has('ctrl') || mods.has('control') || mods.has('commandorcontrol') || mods.has('cmdorctrl');
  const wantMeta = mods.has('super') || mods.has('meta');
  if (event.ctrlKey !== wantCtrl || event.altKey !== mods.has('alt') || event.shiftKey !== mods.has('shift') || event.metaKey !== wantMeta) {
    return false;
  }
  if (/^F\d{1,2}$/.test(key) || key in keyNames) return event.key === (keyNames[key] ?? key);
  // Letters and digits by physical key, so Shift or an input method does not change the match.
  if (/^[A-Z]$/.test(key)) return event.code === `Key${key}`;
  if (/^[0-9]$/.test(key)) return event.code === `Digit${key}`;
  return false;
}

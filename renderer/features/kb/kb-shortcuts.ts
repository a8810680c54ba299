/**
 * The panel's keys. Focusing the search works from anywhere in the window,
 * even while typing elsewhere; copying the number works wherever the focus
 * is not in another text box's selection.
 *
 *   F3 or Ctrl+K   focus the search box (and select what is in it)
 *   ↑ ↓            move through the results        (in the search box)
 *   Enter          open the highlighted result     (in the search box)
 *   Esc            close the open article / clear the search
 *   F4             copy the referral number of the highlighted or open contact
 */
import { matchesAccelerator, type KeyLike } from '../shortcuts/accelerator.js';

/** A key the agent bound to a call control in the profile wins over the panel's default. */
export function isBoundElsewhere(event: KeyLike, shortcuts: Readonly<Record<string, string>> | undefined): boolean {
  return shortcuts !== undefined && Object.values(shortcuts).some((accelerator) => matchesAccelerator(event, accelerator));
}

export function isFocusSearchKey(event: KeyLike): boolean {
  if (event.key === 'F3' && !event.ctrlKey && !event.altKey && !event.metaKey) return true;
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.code === 'KeyK';
}

export function isCopyNumberKey(event: KeyLike): boolean {
  return event.key === 'F4' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
}

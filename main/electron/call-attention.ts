/**
 * Makes a ringing call impossible to miss: when a new inbound call rings,
 * the seat window is shown, raised and its taskbar entry flashes until the
 * call is answered or gone. It does not take keyboard focus from what the
 * agent is typing in another program.
 */
import type { BrowserWindow } from 'electron';
import type { CallSnapshot, EventEnvelope } from '../contract/index.js';

export function createCallAttention(win: BrowserWindow): (event: EventEnvelope) => void {
  let ringing = new Set<string>();
  return (event) => {
    if (event.name !== 'callsChanged' || win.isDestroyed()) return;
    const calls = (event.payload as { calls: readonly CallSnapshot[] }).calls;
    const now = new Set(calls.filter((c) => c.direction === 'inbound' && c.state === 'ringing').map((c) => c.id));
    const fresh = [...now].some((id) => !ringing.has(id));
    ringing = now;
    if (fresh) {
      if (win.isMinimized()) win.restore();
      if (!win.isVisible()) win.showInactive();
      win.moveTop();
      win.flashFrame(true);
    } else if (now.size === 0) {
      win.flashFrame(false);
    }
  };
}

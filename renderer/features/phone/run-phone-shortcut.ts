/**
 * What a call-control shortcut does, whether pressed in the window or
 * globally (Electron forwards `shortcutPressed`). Acts on the store's calls
 * at the moment of the key press, not on a rendered snapshot.
 *
 * - answer:   the oldest ringing call (the core holds a connected call first)
 * - hangup:   the call in focus; with none, rejects the ringing call (486)
 * - hold:     holds or resumes the call in focus
 * - mute:     mutes or unmutes the call being talked on
 * - transfer: opens the transfer box of the call being talked on
 */
import type { ShortcutAction } from '../../../main/contract/index.js';
import type { SeatStore } from '../../store/create-seat-store.js';
import { answerCall, endCall, toggleHold, toggleMute } from './call-actions.js';
import { focusCall, ringingCalls } from './call-roles.js';
import type { PhoneCommand } from './send-phone-command.js';

export function runPhoneShortcut(action: ShortcutAction, command: PhoneCommand, store: SeatStore): void {
  const state = store.getState();
  const calls = state.calls;
  const focus = focusCall(calls);
  switch (action) {
    case 'answer': {
      const first = ringingCalls(calls)[0];
      if (first) void answerCall(command, first);
      return;
    }
    case 'hangup': {
      const target = focus ?? ringingCalls(calls)[0];
      if (target) void endCall(command, target);
      return;
    }
    case 'hold':
      if (focus) void toggleHold(command, focus);
      return;
    case 'mute':
      if (focus && focus.state === 'active' && !focus.held) void toggleMute(command, focus);
      return;
    case 'transfer':
      if (focus && focus.state === 'active' && !focus.held) {
        if (state.view !== 'desk') state.viewOpened('desk');
        state.transferFormOpened(focus.id);
      }
      return;
    default: {
      const unknown: never = action;
      throw new Error(`unknown shortcut ${String(unknown)}`);
    }
  }
}

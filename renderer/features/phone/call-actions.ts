/**
 * In-call actions as the agent's buttons and shortcuts use them. Each asks
 * the core and reports a refusal through the store (see use-phone-command).
 */
import type { CallSnapshot } from '../../../main/contract/index.js';
import type { PhoneCommand } from './send-phone-command.js';

/**
 * Answer a ringing call. With another call connected this is call waiting:
 * the core puts that call on hold first and answers only once it is held,
 * so the agent never talks to two callers at once.
 */
export async function answerCall(command: PhoneCommand, call: CallSnapshot): Promise<boolean> {
  const answered = await command('answerCall', { callId: call.id });
  return answered.ok;
}

export async function toggleHold(command: PhoneCommand, call: CallSnapshot): Promise<boolean> {
  if (call.holdPending || call.state !== 'active') return false;
  const result = await command(call.held ? 'resumeCall' : 'holdCall', { callId: call.id });
  return result.ok;
}

export async function toggleMute(command: PhoneCommand, call: CallSnapshot): Promise<boolean> {
  if (call.state !== 'active') return false;
  const result = await command('setMuted', { callId: call.id, muted: !call.muted });
  return result.ok;
}

/** Hang up an established or outgoing call; reject a ringing one (486). */
export async function endCall(command: PhoneCommand, call: CallSnapshot): Promise<boolean> {
  const result = call.state === 'ringing' ? await command('rejectCall', { callId: call.id, code: 486 }) : await command('hangupCall', { callId: call.id });
  return result.ok;
}

/**
 * Which alert tone the seat plays for the calls it has now:
 *
 * - a ringing inbound call and no other call in progress → the ringtone on
 *   the ring device;
 * - a ringing inbound call while the agent is already talking → only the
 *   call-waiting beep in the headset (the room must not ring mid-call);
 * - a call that answers itself within `silentAutoAnswerMs` rings not at all:
 *   the zip tone announces it instead.
 */
import type { CallSnapshot } from '../../main/contract/index.js';

export type AlertTone = 'ring' | 'call-waiting' | 'none';

/** Auto-answer sooner than this: no ringtone. */
export const silentAutoAnswerMs = 1500;

export function alertToneFor(calls: readonly CallSnapshot[], now: number): AlertTone {
  const ringing = calls.filter(
    (c) => c.direction === 'inbound' && c.state === 'ringing' && (c.autoAnswer === null || c.autoAnswer.at - now > silentAutoAnswerMs),
  );
  if (ringing.length === 0) return 'none';
  const talking = calls.some((c) => c.state === 'active' || c.state === 'answering' || c.state === 'dialing' || c.state === 'alerting');
  return talking ? 'call-waiting' : 'ring';
}

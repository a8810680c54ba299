/**
 * Which call is which, from the core's snapshots: the ringing ones, the one
 * the agent is talking on, and the one the keyboard shortcuts act on.
 */
import type { CallSnapshot } from '../../../main/contract/index.js';

/** Inbound calls ringing at this seat, oldest first. */
export function ringingCalls(calls: readonly CallSnapshot[]): CallSnapshot[] {
  return calls.filter((c) => c.direction === 'inbound' && c.state === 'ringing');
}

/** Calls past ringing and not ended: dialing, alerting, answering, active (held or not). */
export function callsInProgress(calls: readonly CallSnapshot[]): CallSnapshot[] {
  return calls.filter((c) => c.state === 'answering' || c.state === 'dialing' || c.state === 'alerting' || c.state === 'active');
}

/** The call the agent hears now: active and not held. */
export function talkingCall(calls: readonly CallSnapshot[]): CallSnapshot | null {
  return calls.find((c) => c.state === 'active' && !c.held) ?? null;
}

/**
 * The call hang-up / hold / mute / transfer keys act on: the call being
 * talked on, else one being set up (dialing, alerting, answering), else the
 * newest held call (so the hold key resumes it).
 */
export function focusCall(calls: readonly CallSnapshot[]): CallSnapshot | null {
  const talking = talkingCall(calls);
  if (talking) return talking;
  const settingUp = calls.find((c) => c.state === 'dialing' || c.state === 'alerting' || c.state === 'answering');
  if (settingUp) return settingUp;
  const held = calls.filter((c) => c.state === 'active' && c.held);
  return held.at(-1) ?? null;
}

/** The caller's number for display, or null when withheld. */
export function displayNumber(call: CallSnapshot): string | null {
  return call.remoteNumber.trim() === '' ? null : call.remoteNumber;
}

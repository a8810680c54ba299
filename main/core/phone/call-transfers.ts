/**
 * Transfers of the seat's calls: the steps that span two calls. What each
 * leg may do and how it ends is the call machine's (./call-machine.ts).
 *
 * ```
 * blind:     active ──transferBlind──▶ trying ──202 Accepted──▶ BYE (transferred)
 *                                        └──REFER rejected──▶ failed (call stays)
 * attended:  original active ──startConsult──▶ original held + consult dialled   (consulting)
 *            consult answered ──complete──▶ REFER with Replaces to the original (trying)
 *                 ├─ final NOTIFY 2xx / transferee hangs up ──▶ both legs end (transferred)
 *                 └─ failure ──▶ both legs show failed (agent resumes or retries)
 * ```
 */
import type { CallSnapshot } from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { rethrowAs, validTarget } from './call-helpers.js';
import type { CallEvent, CallMachineState } from './call-machine-types.js';
import { callMachine } from './call-machine.js';
import { dialTargetNumber, dialTargetToUri } from './dial-target.js';
import { snapshotOf, type LiveCall } from './live-call.js';

/** What transfers need of the call manager (the executor). */
export interface CallDesk {
  /** A live call; throws not-found. */
  get(callId: string): LiveCall;
  /** Feeds an event to a call's machine and carries out its effects. */
  feed(call: LiveCall, event: CallEvent): Promise<void>;
  setHeld(call: LiveCall, held: boolean): Promise<void>;
  /** Throws unless the seat could dial now (connected, media engine attached). */
  requireDialable(): void;
  /** Dials out; throws when the seat cannot (no connection, no media, full). */
  startOutbound(target: string, transfer: CallMachineState['transfer']): LiveCall;
  seatUri(): string;
}

export interface CallTransfers {
  /** `referUri`: the Refer-To to send instead of the target's URI (the survey IVR, with URI headers). */
  blind(callId: string, target: string, referUri?: string): CallSnapshot;
  startConsult(callId: string, target: string): Promise<CallSnapshot>;
  complete(callId: string): void;
}

export function createCallTransfers(desk: CallDesk): CallTransfers {
  /** Throws `conflict` if the machine would refuse the event. */
  function check(call: LiveCall, event: CallEvent): void {
    const t = callMachine(call.m, event);
    if (t.outcome === 'rejected') throw new CoreError('conflict', t.reason ?? 'not possible now');
  }

  return {
    blind(callId, target, referUri) {
      const call = desk.get(callId);
      const valid = validTarget(target);
      const event: CallEvent = { type: 'transfer-blind', target: dialTargetNumber(valid), uri: referUri ?? dialTargetToUri(valid, desk.seatUri()) };
      check(call, event);
      void desk.feed(call, event).catch(() => undefined);
      return snapshotOf(call);
    },
    async startConsult(callId, target) {
      const original = desk.get(callId);
      check(original, { type: 'consult-started', peerCallId: 'pending' });
      validTarget(target);
      desk.requireDialable();
      await desk.setHeld(original, true).catch(rethrowAs('hold'));
      const consult = desk.startOutbound(target, { kind: 'consult', role: 'consult', peerCallId: original.id, state: 'consulting' });
      await desk.feed(original, { type: 'consult-started', peerCallId: consult.id });
      return snapshotOf(consult);
    },
    complete(callId) {
      const first = desk.get(callId);
      if (first.m.transfer?.kind !== 'consult') throw new CoreError('conflict', 'this call is not part of a consult transfer');
      const peer = desk.get(first.m.transfer.peerCallId);
      const [original, consult] = first.m.transfer.role === 'original' ? [first, peer] : [peer, first];
      check(original, { type: 'complete-transfer', peer: consult.m });
      check(consult, { type: 'complete-transfer', peer: original.m });
      const consultBefore = consult.m;
      // The consult leg first: the original's REFER may settle at once.
      void desk.feed(consult, { type: 'complete-transfer', peer: original.m }).catch(() => undefined);
      void desk.feed(original, { type: 'complete-transfer', peer: consultBefore }).catch(() => undefined);
    },
  };
}

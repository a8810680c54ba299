/**
 * Transfers of the seat's calls.
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
import { createLogger } from '../base/log.js';
import { rethrowAs, validTarget } from './call-helpers.js';
import type { CallRecorder } from './call-recorder.js';
import { dialTargetNumber, dialTargetToUri } from './dial-target.js';
import { snapshotOf, type LiveCall } from './live-call.js';
import type { SipCallEnd, TransferOutcome } from './sip-stack.js';

const log = createLogger('transfers');

/** What transfers need of the call manager. */
export interface CallDesk {
  readonly calls: ReadonlyMap<string, LiveCall>;
  get(callId: string): LiveCall;
  requireState(call: LiveCall, states: readonly LiveCall['state'][], action: string): void;
  publish(): void;
  setHeld(call: LiveCall, held: boolean): Promise<void>;
  startOutbound(target: string, transfer: LiveCall['transfer']): LiveCall;
  requireStack(): unknown;
  requireMedia(): void;
  seatUri(): string;
  readonly recorder: CallRecorder;
  now(): number;
  /** How long the target may take to hang up the replaced consult leg before we do. */
  readonly replaceGraceMs: number;
}

export interface CallTransfers {
  blind(callId: string, target: string): CallSnapshot;
  startConsult(callId: string, target: string): Promise<CallSnapshot>;
  complete(callId: string): void;
  /** Before a leg's end is recorded: a consult leg hung up during the REFER was transferred. */
  legEnding(call: LiveCall, end: SipCallEnd): void;
  /** After a leg ended: its partner is no longer in a transfer. */
  legEnded(call: LiveCall): void;
}

export function createCallTransfers(desk: CallDesk): CallTransfers {
  const live = (call: LiveCall | null): call is LiveCall => call !== null && desk.calls.has(call.id);

  function requireNoTransfer(call: LiveCall): void {
    if (call.transfer && call.transfer.state !== 'failed') throw new CoreError('conflict', 'a transfer is already in progress');
  }

  function settle(call: LiveCall, outcome: TransferOutcome, peer: LiveCall | null): void {
    if (outcome.ok) {
      desk.recorder.callEvent(call.id, 'transfer', desk.now(), call.transfer?.kind === 'blind' ? call.transfer.target : peer?.remoteNumber);
      for (const leg of [call, peer]) if (live(leg)) leg.endOverride = { reason: 'transferred', by: 'local' };
      if (live(call)) void call.sip.hangup().catch(() => undefined);
      if (live(peer)) {
        // The target replaces the consult leg (INVITE with Replaces) and hangs it up itself.
        setTimeout(() => {
          if (live(peer)) void peer.sip.hangup().catch(() => undefined);
        }, desk.replaceGraceMs).unref?.();
      }
      return;
    }
    log.warn(`transfer of ${call.id} failed: ${outcome.reason}`);
    desk.recorder.callEvent(call.id, 'transfer-failed', desk.now(), outcome.reason);
    for (const leg of [call, peer]) {
      if (live(leg) && leg.transfer) leg.transfer = { ...leg.transfer, state: 'failed', failure: outcome.reason };
    }
    if (live(call) || live(peer)) desk.publish();
  }

  return {
    blind(callId, target) {
      const call = desk.get(callId);
      desk.requireState(call, ['active'], 'transfer');
      requireNoTransfer(call);
      const valid = validTarget(target);
      const uri = dialTargetToUri(valid, desk.seatUri());
      call.transfer = { kind: 'blind', state: 'trying', target: dialTargetNumber(valid) };
      desk.publish();
      void call.sip.referBlind(uri).then((outcome) => settle(call, outcome, null));
      return snapshotOf(call);
    },
    async startConsult(callId, target) {
      const original = desk.get(callId);
      desk.requireState(original, ['active'], 'transfer');
      requireNoTransfer(original);
      desk.requireStack();
      desk.requireMedia();
      await desk.setHeld(original, true).catch(rethrowAs('hold'));
      const consult = desk.startOutbound(target, { kind: 'consult', role: 'consult', peerCallId: original.id, state: 'consulting' });
      original.transfer = { kind: 'consult', role: 'original', peerCallId: consult.id, state: 'consulting' };
      desk.publish();
      return snapshotOf(consult);
    },
    complete(callId) {
      const first = desk.get(callId);
      if (first.transfer?.kind !== 'consult') throw new CoreError('conflict', 'this call is not part of a consult transfer');
      const peer = desk.get(first.transfer.peerCallId);
      const [original, consult] = first.transfer.role === 'original' ? [first, peer] : [peer, first];
      if (consult.state !== 'active') throw new CoreError('conflict', 'the transfer target has not answered yet');
      if (original.state !== 'active') throw new CoreError('conflict', 'the caller is no longer connected');
      for (const leg of [original, consult]) if (leg.transfer) leg.transfer = { ...leg.transfer, state: 'trying' };
      desk.publish();
      void original.sip.referAttended(consult.sip).then((outcome) => settle(original, outcome, consult));
    },
    legEnding(call, end) {
      if (call.endOverride || call.transfer?.kind !== 'consult') return;
      if (call.transfer.role === 'consult' && call.transfer.state === 'trying') {
        // The target took the caller over (INVITE with Replaces) and hung this leg up.
        call.endOverride = { reason: 'transferred', by: end.by };
      }
    },
    legEnded(call) {
      if (call.transfer?.kind !== 'consult') return;
      const peer = desk.calls.get(call.transfer.peerCallId);
      if (peer?.transfer?.kind === 'consult' && peer.transfer.state !== 'trying') peer.transfer = null;
    },
  };
}

/**
 * The calls of one seat: the executor of the call machine. It feeds SIP,
 * media and agent events into `callMachine` (./call-machine.ts) and carries
 * out the effects it returns: SIP actions, media requests, recorder writes
 * and the events to the renderer (`callsChanged`, `callEnded`, …). It
 * decides nothing about a call's life itself; what it adds is what spans
 * calls: call waiting (holding the others), INVITE with Replaces, the seat's
 * capacity, and the consult legs (./call-transfers.ts).
 *
 * After the SIP dialog ended, an answered call stays here in the `wrap-up`
 * phase until `close(callId)` (the wrap-up record is saved), so a post-call
 * feature can still find it; the oldest are closed by themselves past
 * `maxWrapUps`.
 *
 * Works on the project's SipStack interfaces only (no SIP.js here).
 */
import type { AutoAnswerTrigger, CallSnapshot, DtmfSource, PhoneEvents, PhoneState, RejectCode, SeatProfile } from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import type { AgentState } from './agent-state.js';
import { decideAutoAnswer } from './auto-answer.js';
import { messageOf, newCallId, rethrowAs, validTarget } from './call-helpers.js';
import { callMachine, holdsAgent, initialInbound, initialOutbound } from './call-machine.js';
import type { CallEffect, CallEvent, CallMachineState, Transition } from './call-machine-types.js';
import type { CallRecorder } from './call-recorder.js';
import { createCallTransfers } from './call-transfers.js';
import { readCallerContext } from './caller-context.js';
import { dialTargetNumber, dialTargetToUri } from './dial-target.js';
import { recordOf, snapshotOf, type CallRecord, type LiveCall } from './live-call.js';
import type { SipIncomingCall, SipStack, TransferOutcome } from './sip-stack.js';

const log = createLogger('calls');

export interface CallManagerOptions {
  readonly profile: () => SeatProfile;
  /** The current SIP stack, or null when the seat is not configured. */
  readonly stack: () => SipStack | null;
  readonly agent: AgentState;
  readonly recorder: CallRecorder;
  readonly mediaAvailable: () => boolean;
  readonly emit: <K extends keyof PhoneEvents>(name: K, payload: PhoneEvents[K]) => void;
  /** A digit the caller sent on a call (also emitted as `dtmfReceived`). */
  readonly onDigit?: (callId: string, digit: string, source: DtmfSource) => void;
  readonly now?: () => number;
  /** Most calls a seat holds at once (active + held + waiting + consult). */
  readonly maxCalls?: number;
  /** How long to wait for the transfer target to take the consult leg over before hanging it up. */
  readonly replaceGraceMs?: number;
  /** Most ended calls kept in wrap-up waiting for `close` (default 100); older ones are closed. */
  readonly maxWrapUps?: number;
  /** Whether a running survey keeps the agent busy until its call ends (the centre's choice). */
  readonly surveyHoldsAgent?: () => boolean;
}

export interface CallManager {
  state(): PhoneState;
  hasCalls(): boolean;
  incoming(call: SipIncomingCall): void;
  answer(callId: string): Promise<CallSnapshot>;
  reject(callId: string, code: RejectCode): Promise<void>;
  hangup(callId: string): Promise<void>;
  dial(target: string): Promise<CallSnapshot>;
  redial(): Promise<CallSnapshot>;
  hold(callId: string): Promise<CallSnapshot>;
  resume(callId: string): Promise<CallSnapshot>;
  setMuted(callId: string, muted: boolean): Promise<CallSnapshot>;
  sendDtmf(callId: string, digits: string): Promise<void>;
  /** `referUri` replaces the target's URI in Refer-To (the survey IVR with X-Call-Uid/X-Agent-Id as URI headers). */
  transferBlind(callId: string, target: string, referUri?: string): CallSnapshot;
  startConsultTransfer(callId: string, target: string): Promise<CallSnapshot>;
  completeTransfer(callId: string): void;
  /** The agent's part of an answered call is over; the dialog stays up for the survey (agent muted). */
  startSurvey(callId: string): Promise<CallSnapshot>;
  /** The survey is done: the seat hangs up (BYE); the call ends as completed. */
  finishSurvey(callId: string): Promise<void>;
  /** The wrap-up of an ended call is saved: wrap-up → closed. */
  close(callId: string): CallSnapshot;
  /** An ended call still in wrap-up, or a live call. */
  snapshot(callId: string): CallSnapshot | null;
  /** The media engine went away: calls keep their dialog and wait (media `lost`). */
  mediaSuspended(): void;
  /** A media engine attached again: connected calls re-INVITE with its fresh offer. */
  mediaRestored(): void;
  /** No media engine came back: end every call that has (or is getting) media. */
  mediaLost(): void;
  /** Ends every call (seat closing / SIP account replaced). */
  endAll(reason: 'interrupted'): Promise<void>;
  /** Called when the last call ended (to apply deferred settings). */
  onIdle(listener: () => void): void;
}

export function createCallManager(options: CallManagerOptions): CallManager {
  const now = options.now ?? Date.now;
  const maxCalls = options.maxCalls ?? 4;
  const maxWrapUps = options.maxWrapUps ?? 100;
  const replaceGraceMs = options.replaceGraceMs ?? 5000;
  /** Calls with a SIP dialog (or one being set up). */
  const calls = new Map<string, LiveCall>();
  /** Ended calls in the wrap-up phase, oldest first. */
  const wrapUps = new Map<string, CallRecord>();
  const idleListeners: Array<() => void> = [];
  let lastDialed: string | null = null;
  let agentReleased = false;
  const { agent, recorder } = options;

  // ---------------------------------------------------------------- executor

  const snapshots = (): CallSnapshot[] => [...calls.values()].map(snapshotOf);

  function publish(): void {
    const live = [...calls.values()];
    const released = agentReleased;
    agentReleased = false;
    agent.setCalls({ ringing: live.filter((c) => c.m.state === 'ringing').length, busy: live.filter((c) => holdsAgent(c.m)).length }, released);
    options.emit('callsChanged', { calls: snapshots() });
  }

  function get(callId: string): LiveCall {
    const call = calls.get(callId);
    if (!call) throw new CoreError('not-found', `no call ${callId}`);
    return call;
  }

  /** What the machine would do, without doing it: throws `conflict` for an impossible request. */
  function check(call: LiveCall, event: CallEvent): void {
    const t = callMachine(call.m, event);
    if (t.outcome === 'rejected') throw new CoreError('conflict', t.reason ?? 'not possible now');
  }

  /**
   * Applies an event and carries out its effects in order. Rejects with
   * `conflict` when the machine rejects the event, with the machine's `fail`
   * error, or with the error of an awaited SIP/media action.
   */
  function feed(call: LiveCall, event: CallEvent): Promise<void> {
    let t: Transition;
    try {
      t = callMachine(call.m, event);
    } catch (error) {
      // The machine never throws; if it ever does, the call must not be left half-changed.
      log.error(`call machine threw on ${event.type} in ${call.m.state}`, error);
      return Promise.reject(new CoreError('internal', 'call state machine error'));
    }
    if (t.outcome === 'rejected') return Promise.reject(new CoreError('conflict', t.reason ?? 'not possible now'));
    if (t.outcome === 'ignored') return Promise.resolve();
    const wasEnded = call.m.state === 'ended';
    call.m = t.state;
    const endedNow = !wasEnded && t.state.state === 'ended';
    if (endedNow) moveToEnded(call);
    const pending: Array<Promise<unknown>> = [];
    let failure: CoreError | null = null;
    for (const effect of t.effects) {
      if (effect.type === 'fail') {
        failure ??= new CoreError(effect.code, effect.message);
        continue;
      }
      const done = perform(call, effect);
      if (done) pending.push(done);
    }
    if (endedNow) afterEnded(call);
    return Promise.all(pending).then(() => {
      if (failure) throw failure;
    });
  }

  /** For events nobody waits on: log what goes wrong. */
  function feedInBackground(call: LiveCall, event: CallEvent): void {
    feed(call, event).catch((error: unknown) => log.warn(`call ${call.id}: ${event.type}: ${messageOf(error)}`));
  }

  function perform(call: LiveCall, effect: Exclude<CallEffect, { type: 'fail' }>): Promise<unknown> | void {
    switch (effect.type) {
      case 'sip':
        return performSip(call, effect);
      case 'media':
        return call.sip.setMuted(effect.muted).then(
          () => feed(call, { type: 'mute-done', muted: effect.muted }),
          (error: unknown) => {
            throw new CoreError('unavailable', `mute failed: ${messageOf(error)}`);
          },
        );
      case 'timer':
        switch (effect.action) {
          case 'auto-answer':
            if (call.autoAnswerTimer !== undefined) clearTimeout(call.autoAnswerTimer);
            if (effect.delayMs === 0) {
              autoAnswerDue(call);
              return;
            }
            call.autoAnswerTimer = setTimeout(() => autoAnswerDue(call), effect.delayMs);
            return;
          case 'cancel-auto-answer':
            if (call.autoAnswerTimer !== undefined) clearTimeout(call.autoAnswerTimer);
            call.autoAnswerTimer = undefined;
            return;
          case 'hangup-after':
            setTimeout(() => {
              if (calls.has(call.id)) void call.sip.hangup().catch(() => undefined);
            }, effect.delayMs).unref?.();
            return;
          default:
            return unknownEffect(effect);
        }
      case 'record':
        return performRecord(call, effect);
      case 'emit':
        switch (effect.event) {
          case 'changed':
            publish();
            return;
          case 'ended':
            options.emit('callEnded', { call: snapshotOf(call) });
            return;
          case 'auto-answered':
            options.emit('autoAnswered', { callId: call.id, trigger: effect.trigger });
            return;
          case 'dtmf':
            options.emit('dtmfReceived', { callId: call.id, digit: effect.digit });
            try {
              options.onDigit?.(call.id, effect.digit, 'sip-info');
            } catch (error) {
              log.warn(`onDigit for ${call.id} threw`, error);
            }
            return;
          default:
            return unknownEffect(effect);
        }
      case 'agent':
        agentReleased = true;
        return;
      default:
        return unknownEffect(effect);
    }
  }

  function performRecord(call: CallRecord, effect: CallEffect & { type: 'record' }): void {
    switch (effect.action) {
      case 'answered':
        recorder.callAnswered(call.id, call.m.answeredAt ?? now(), call.m.autoAnswered);
        return;
      case 'event':
        recorder.callEvent(call.id, effect.kind, now(), effect.detail);
        return;
      case 'ended': {
        const end = call.m.end;
        if (end) recorder.callEnded(call.id, { at: call.m.endedAt ?? now(), reason: end.reason, endedBy: end.by, statusCode: end.statusCode });
        return;
      }
      case 'phase':
        recorder.callPhase?.(call.id, effect.phase, now());
        return;
      default:
        return unknownEffect(effect);
    }
  }

  /** wrap-up → closed: only recorder effects apply to a call whose dialog is gone. */
  function closeRecord(rec: CallRecord): void {
    const t = callMachine(rec.m, { type: 'close' });
    if (t.outcome === 'rejected') throw new CoreError('conflict', t.reason ?? 'not possible now');
    rec.m = t.state;
    for (const effect of t.effects) {
      if (effect.type === 'record') performRecord(rec, effect);
      else log.warn(`call ${rec.id}: effect ${effect.type} after the end ignored`);
    }
  }

  function performSip(call: LiveCall, effect: CallEffect & { type: 'sip' }): Promise<unknown> | void {
    switch (effect.action) {
      case 'ring':
        void call.incoming?.ring().catch((error: unknown) => log.warn(`180 for ${call.id} not sent: ${messageOf(error)}`));
        return;
      case 'accept': {
        const incoming = call.incoming;
        if (!incoming) return feed(call, { type: 'answer-failed', message: 'not an incoming call' });
        return incoming.accept().then(
          () => undefined,
          async (error: unknown) => {
            // The machine ends the call (unless SIP already reported the end); the request fails either way.
            await feed(call, { type: 'answer-failed', message: messageOf(error) });
            throw new CoreError('unavailable', `could not answer: ${messageOf(error)}`);
          },
        );
      }
      case 'reject':
        void call.incoming?.reject(effect.statusCode, effect.text).catch((error: unknown) => log.warn(`reject ${call.id} failed`, error));
        return;
      case 'hangup':
        return call.sip.hangup(effect.reason);
      case 'hold':
        return call.sip.hold(effect.held).then(
          () => feed(call, { type: 'hold-done', held: effect.held, ok: true }),
          async (error: unknown) => {
            await feed(call, { type: 'hold-done', held: effect.held, ok: false });
            throw error;
          },
        );
      case 'renegotiate': {
        const started = now();
        return call.sip.renegotiate(effect.held).then(
          () => {
            log.info(`call ${call.id}: media re-established by re-INVITE in ${now() - started} ms`);
            return feed(call, { type: 'media-renegotiated', ok: true });
          },
          (error: unknown) => {
            log.warn(`call ${call.id}: media not re-established: ${messageOf(error)}`);
            return feed(call, { type: 'media-renegotiated', ok: false });
          },
        );
      }
      case 'send-dtmf':
        return sendDtmf(call, effect.digits);
      case 'refer-blind':
        void call.sip.referBlind(effect.uri).then((outcome) => transferSettled(call, outcome, null));
        return;
      case 'refer-attended': {
        const peer = call.m.transfer?.kind === 'consult' ? calls.get(call.m.transfer.peerCallId) : undefined;
        if (!peer) {
          transferSettled(call, { ok: false, reason: 'the consult call is gone' }, null);
          return;
        }
        void call.sip.referAttended(peer.sip).then((outcome) => transferSettled(call, outcome, peer));
        return;
      }
      default:
        return unknownEffect(effect);
    }
  }

  function unknownEffect(effect: never): void {
    log.error(`unknown call effect ${JSON.stringify(effect)}`);
  }

  async function sendDtmf(call: LiveCall, digits: string): Promise<void> {
    const mode = options.profile().dtmfMode;
    if (mode === 'info') {
      for (const digit of digits) {
        await call.sip.sendDtmfInfo(digit, 160).catch((error: unknown) => {
          throw new CoreError('unavailable', `DTMF by SIP INFO failed: ${messageOf(error)}`);
        });
      }
    } else if (!call.sip.sendDtmfRfc4733(digits)) {
      throw new CoreError('unavailable', 'DTMF not sent: the call has no media session');
    }
    await feed(call, { type: 'dtmf-sent', detail: `${digits.length} via ${mode}` });
  }

  function transferSettled(call: LiveCall, outcome: TransferOutcome, peer: LiveCall | null): void {
    if (!outcome.ok) log.warn(`transfer of ${call.id} failed: ${outcome.reason}`);
    const detail = call.m.transfer?.kind === 'blind' ? call.m.transfer.target : (peer?.remoteNumber ?? null);
    const event: CallEvent = { type: 'transfer-outcome', ok: outcome.ok, reason: outcome.ok ? '' : outcome.reason, detail, graceMs: replaceGraceMs };
    feedInBackground(call, event);
    if (peer) feedInBackground(peer, event);
  }

  function autoAnswerDue(call: LiveCall): void {
    call.autoAnswerTimer = undefined;
    if (!calls.has(call.id)) return;
    log.info(`auto-answering ${call.id}`);
    feedInBackground(call, { type: 'auto-answer-due', mediaAvailable: options.mediaAvailable() });
  }

  function moveToEnded(call: LiveCall): void {
    calls.delete(call.id);
    const end = call.m.end;
    log.info(`call ${call.id} ended: ${end?.reason} by ${end?.by}${end?.statusCode ? ` (${end.statusCode})` : ''}`);
    if (call.m.phase !== 'wrap-up') return;
    wrapUps.set(call.id, recordOf(call));
    for (const [id, old] of wrapUps) {
      if (wrapUps.size <= maxWrapUps) break;
      wrapUps.delete(id);
      closeRecord(old);
    }
  }

  function afterEnded(call: LiveCall): void {
    const t = call.m.transfer;
    if (t?.kind === 'consult') {
      const peer = calls.get(t.peerCallId);
      if (peer) feedInBackground(peer, { type: 'peer-ended' });
    }
    if (calls.size === 0) for (const listener of idleListeners) listener();
  }

  // ---------------------------------------------------------------- helpers

  function record(call: LiveCall): void {
    recorder.callStarted({
      id: call.id,
      sipCallId: call.sip.sipCallId,
      centreCallId: call.centreCallId,
      direction: call.m.direction,
      localNumber: localNumber(),
      remoteNumber: call.remoteNumber,
      remoteName: call.remoteName,
      remoteUri: call.remoteUri,
      context: call.context,
      startedAt: call.startedAt,
    });
  }

  function localNumber(): string {
    const profile = options.profile();
    return /^sips?:([^@]+)@/.exec(profile.sipUri)?.[1] ?? profile.agentNumber;
  }

  function listen(call: LiveCall): void {
    call.sip.listen({
      progress: (statusCode) => feedInBackground(call, { type: 'sip-progress', statusCode }),
      established: () => feedInBackground(call, { type: 'sip-established', at: now() }),
      ended: (end) => feedInBackground(call, { type: 'sip-ended', at: now(), end }),
      dtmf: (digit) => feedInBackground(call, { type: 'dtmf-received', digit }),
    });
  }

  /** Puts every connected, not-held call on hold (call waiting, consult, swap). */
  async function holdOthers(except: LiveCall | null): Promise<void> {
    for (const other of [...calls.values()]) {
      if (other === except || other.m.state !== 'active' || other.m.phase !== 'call' || other.m.held) continue;
      try {
        await setHeld(other, true);
      } catch (error) {
        throw new CoreError('conflict', `could not put the call with ${other.remoteNumber} on hold: ${messageOf(error)}`);
      }
    }
  }

  function setHeld(call: LiveCall, held: boolean): Promise<void> {
    return feed(call, { type: 'hold', held });
  }

  function requireMedia(): void {
    if (!options.mediaAvailable()) {
      throw new CoreError('unavailable', 'media engine unavailable: no window owns the audio (reload the seat window)');
    }
  }

  function requireStack(): SipStack {
    const stack = options.stack();
    if (!stack?.isConnected()) throw new CoreError('unavailable', 'not connected to the SIP server');
    return stack;
  }

  async function answerCall(call: LiveCall, trigger: AutoAnswerTrigger | null): Promise<void> {
    check(call, { type: 'answer', trigger, mediaAvailable: true });
    if (options.mediaAvailable()) await holdOthers(call);
    await feed(call, { type: 'answer', trigger, mediaAvailable: options.mediaAvailable() });
  }

  function startOutbound(raw: string, transfer: CallMachineState['transfer'] = null): LiveCall {
    const target = validTarget(raw);
    const stack = requireStack();
    requireMedia();
    if (calls.size >= maxCalls) throw new CoreError('conflict', `a seat holds at most ${maxCalls} calls`);
    const uri = dialTargetToUri(target, options.profile().sipUri);
    const id = newCallId();
    const sip = stack.dial(uri, { mediaSessionId: id });
    const call: LiveCall = {
      id,
      sip,
      incoming: null,
      remoteNumber: dialTargetNumber(target),
      remoteName: null,
      remoteUri: uri,
      centreCallId: null,
      context: [],
      startedAt: now(),
      m: initialOutbound(transfer),
      autoAnswerTimer: undefined,
    };
    calls.set(id, call);
    record(call);
    listen(call);
    publish();
    void sip.start().catch((error: unknown) => {
      log.warn(`call ${id}: INVITE not sent: ${messageOf(error)}`);
    });
    return call;
  }

  const transfers = createCallTransfers({
    get,
    feed,
    setHeld,
    requireDialable: () => {
      requireStack();
      requireMedia();
    },
    startOutbound,
    seatUri: () => options.profile().sipUri,
  });

  // ---------------------------------------------------------------- incoming

  function incoming(sipCall: SipIncomingCall): void {
    const profile = options.profile();
    const idleReady = agent.isIdleReady();
    const caller = readCallerContext(sipCall.headers, profile.contextHeaders);
    const id = newCallId();
    sipCall.setMediaSessionId(id);
    const call: LiveCall = { id, sip: sipCall, incoming: sipCall, ...caller, startedAt: now(), m: initialInbound(), autoAnswerTimer: undefined };
    calls.set(id, call);
    record(call);
    listen(call);
    log.info(`incoming call ${id} from ${caller.remoteNumber}${caller.centreCallId ? ` (centre id ${caller.centreCallId})` : ''}`);

    const replaced = sipCall.replacesSipCallId ? [...calls.values()].find((c) => c !== call && c.sip.sipCallId === sipCall.replacesSipCallId) : undefined;
    const replacing = replaced !== undefined && replaced.m.state === 'active';
    if (replaced && replacing) {
      // Attended transfer into this seat: the new call takes the existing one's place.
      feedInBackground(replaced, { type: 'replaced' });
    }
    const decision = idleReady && !replacing ? decideAutoAnswer(profile.autoAnswer, sipCall.headers) : null;
    feedInBackground(call, {
      type: 'offered',
      at: now(),
      takesCalls: agent.takesNewCalls(),
      atCapacity: calls.size > maxCalls,
      notReadyCode: profile.notReadyRejectCode,
      autoAnswer: decision,
      replacing,
    });
    if (replaced && replacing) {
      answerCall(call, null)
        .then(() => feed(replaced, { type: 'replacement-answered' }))
        .catch((error: unknown) => log.warn(`replacing call ${id} failed: ${messageOf(error)}`));
    }
  }

  // ---------------------------------------------------------------- requests

  return {
    state: () => ({ calls: snapshots(), lastDialed }),
    hasCalls: () => calls.size > 0,
    incoming,
    async answer(callId) {
      const call = get(callId);
      await answerCall(call, null);
      return snapshotOf(call);
    },
    async reject(callId, code) {
      await feed(get(callId), { type: 'reject', statusCode: code });
    },
    async hangup(callId) {
      await feed(get(callId), { type: 'hangup' }).catch(rethrowAs('hang-up'));
    },
    async dial(target) {
      requireStack();
      requireMedia();
      // Whoever is connected waits on hold while the agent dials out.
      await holdOthers(null);
      const call = startOutbound(target);
      lastDialed = validTarget(target);
      return snapshotOf(call);
    },
    async redial() {
      if (lastDialed === null) throw new CoreError('conflict', 'nothing dialled yet');
      return this.dial(lastDialed);
    },
    async hold(callId) {
      const call = get(callId);
      await setHeld(call, true).catch(rethrowAs('hold'));
      return snapshotOf(call);
    },
    async resume(callId) {
      const call = get(callId);
      check(call, { type: 'hold', held: false });
      await holdOthers(call);
      await setHeld(call, false).catch(rethrowAs('resume'));
      return snapshotOf(call);
    },
    async setMuted(callId, muted) {
      const call = get(callId);
      await feed(call, { type: 'mute', muted });
      return snapshotOf(call);
    },
    async sendDtmf(callId, digits) {
      await feed(get(callId), { type: 'send-dtmf', digits });
    },
    transferBlind: (callId, target, referUri) => transfers.blind(callId, target, referUri),
    startConsultTransfer: (callId, target) => transfers.startConsult(callId, target),
    completeTransfer: (callId) => transfers.complete(callId),
    async startSurvey(callId) {
      const call = get(callId);
      await feed(call, { type: 'survey-start', holdAgent: options.surveyHoldsAgent?.() === true });
      return snapshotOf(call);
    },
    async finishSurvey(callId) {
      await feed(get(callId), { type: 'survey-finish' }).catch(rethrowAs('hang-up'));
    },
    close(callId) {
      const call = wrapUps.get(callId);
      if (!call) {
        if (calls.has(callId)) throw new CoreError('conflict', 'the call has not ended yet');
        throw new CoreError('not-found', `no call ${callId} in wrap-up`);
      }
      closeRecord(call);
      wrapUps.delete(callId);
      return snapshotOf(call);
    },
    snapshot(callId) {
      const call = calls.get(callId) ?? wrapUps.get(callId);
      return call ? snapshotOf(call) : null;
    },
    mediaSuspended() {
      for (const call of [...calls.values()]) feedInBackground(call, { type: 'media-suspended' });
    },
    mediaRestored() {
      for (const call of [...calls.values()]) feedInBackground(call, { type: 'media-restored' });
    },
    mediaLost() {
      for (const call of [...calls.values()]) feedInBackground(call, { type: 'media-lost' });
    },
    async endAll() {
      await Promise.all([...calls.values()].map((call) => feed(call, { type: 'seat-closing' }).catch(() => undefined)));
      // Whatever SIP did not report, record as ended now (nothing stays open in the log).
      for (const call of [...calls.values()]) {
        feedInBackground(call, {
          type: 'sip-ended',
          at: now(),
          end: { signal: null, statusCode: null, established: call.m.answeredAt !== null, mediaFailed: false, detail: 'seat closing' },
        });
      }
    },
    onIdle(listener) {
      idleListeners.push(listener);
    },
  };
}

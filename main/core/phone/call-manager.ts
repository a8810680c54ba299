/**
 * The calls of one seat: offering or rejecting incoming calls, auto-answer,
 * dialling, hold, mute, DTMF, transfers and call waiting. Every change is
 * written to the call recorder at once and pushed to the renderer as
 * `callsChanged`; the final snapshot of each call goes out as `callEnded`.
 *
 * Works on the project's SipStack interfaces only (no SIP.js here).
 */
import type {
  AutoAnswerTrigger,
  CallSnapshot,
  PhoneEvents,
  PhoneState,
  RejectCode,
  SeatProfile,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import type { AgentState } from './agent-state.js';
import { decideAutoAnswer } from './auto-answer.js';
import type { CallRecorder } from './call-recorder.js';
import { messageOf, newCallId, rethrowAs, validTarget } from './call-helpers.js';
import { createCallTransfers } from './call-transfers.js';
import { readCallerContext } from './caller-context.js';
import { dialTargetNumber, dialTargetToUri } from './dial-target.js';
import { endReasonOf, isBusy, snapshotOf, type LiveCall } from './live-call.js';
import type { SipCallEnd, SipIncomingCall, SipStack } from './sip-stack.js';

const log = createLogger('calls');

export interface CallManagerOptions {
  readonly profile: () => SeatProfile;
  /** The current SIP stack, or null when the seat is not configured. */
  readonly stack: () => SipStack | null;
  readonly agent: AgentState;
  readonly recorder: CallRecorder;
  readonly mediaAvailable: () => boolean;
  readonly emit: <K extends keyof PhoneEvents>(name: K, payload: PhoneEvents[K]) => void;
  readonly now?: () => number;
  /** Most calls a seat holds at once (active + held + waiting + consult). */
  readonly maxCalls?: number;
  /** How long to wait for the transfer target to take the consult leg over before hanging it up. */
  readonly replaceGraceMs?: number;
  /**
   * Load tests only (bench:calls): auto-answer policy `always` also answers
   * while other calls are connected, without putting them on hold.
   */
  readonly concurrentAutoAnswer?: boolean;
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
  transferBlind(callId: string, target: string): CallSnapshot;
  startConsultTransfer(callId: string, target: string): Promise<CallSnapshot>;
  completeTransfer(callId: string): void;
  /** The media engine went away: end every call that has (or is getting) media. */
  mediaLost(): void;
  /** Ends every call (seat closing / SIP account replaced). */
  endAll(reason: 'interrupted'): Promise<void>;
  /** Called when the last call ended (to apply deferred settings). */
  onIdle(listener: () => void): void;
}

const mediaUnavailable = { statusCode: 500, text: 'Media engine unavailable' };

export function createCallManager(options: CallManagerOptions): CallManager {
  const now = options.now ?? Date.now;
  const maxCalls = options.maxCalls ?? 4;
  const replaceGraceMs = options.replaceGraceMs ?? 5000;
  const calls = new Map<string, LiveCall>();
  const idleListeners: Array<() => void> = [];
  let lastDialed: string | null = null;
  const { agent, recorder } = options;

  // ---------------------------------------------------------------- helpers

  const snapshots = (): CallSnapshot[] => [...calls.values()].map(snapshotOf);

  function publish(answeredCallEnded = false): void {
    const live = [...calls.values()];
    agent.setCalls({ ringing: live.filter((c) => c.state === 'ringing').length, busy: live.filter(isBusy).length }, answeredCallEnded);
    options.emit('callsChanged', { calls: snapshots() });
  }

  function get(callId: string): LiveCall {
    const call = calls.get(callId);
    if (!call) throw new CoreError('not-found', `no call ${callId}`);
    return call;
  }

  function requireState(call: LiveCall, states: readonly LiveCall['state'][], action: string): void {
    if (!states.includes(call.state)) throw new CoreError('conflict', `cannot ${action} a call that is ${call.state}`);
  }

  function newLiveCall(init: Pick<LiveCall, 'sip' | 'incoming' | 'direction' | 'state' | 'remoteNumber' | 'remoteName' | 'remoteUri' | 'centreCallId' | 'context'> & { id: string }): LiveCall {
    return {
      ...init,
      startedAt: now(),
      answeredAt: null,
      endedAt: null,
      held: false,
      holdPending: false,
      muted: false,
      autoAnswer: null,
      autoAnswerTimer: undefined,
      autoAnswered: false,
      transfer: null,
      endOverride: null,
      endReason: null,
      endedBy: null,
      statusCode: null,
    };
  }

  function record(call: LiveCall): void {
    recorder.callStarted({
      id: call.id,
      sipCallId: call.sip.sipCallId,
      centreCallId: call.centreCallId,
      direction: call.direction,
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
      progress: (statusCode) => {
        if (call.state === 'dialing' && statusCode >= 180 && statusCode < 200) {
          call.state = 'alerting';
          publish();
        }
      },
      established: () => {
        call.state = 'active';
        call.answeredAt = now();
        recorder.callAnswered(call.id, call.answeredAt, call.autoAnswered);
        publish();
      },
      ended: (end) => finish(call, end),
      dtmf: (digit) => options.emit('dtmfReceived', { callId: call.id, digit }),
    });
  }

  function finish(call: LiveCall, end: SipCallEnd): void {
    if (!calls.has(call.id)) return;
    if (call.autoAnswerTimer !== undefined) clearTimeout(call.autoAnswerTimer);
    transfers.legEnding(call, end);
    const { reason, by, statusCode } = endReasonOf(call, end);
    call.state = 'ended';
    call.endedAt = now();
    call.endReason = reason;
    call.endedBy = by;
    call.statusCode = statusCode;
    call.autoAnswer = null;
    call.holdPending = false;
    recorder.callEnded(call.id, { at: call.endedAt, reason, endedBy: by, statusCode });
    calls.delete(call.id);
    log.info(`call ${call.id} ended: ${reason} by ${by}${statusCode ? ` (${statusCode})` : ''} — ${end.reason}`);
    transfers.legEnded(call);
    publish(call.answeredAt !== null);
    options.emit('callEnded', { call: snapshotOf(call) });
    if (calls.size === 0) for (const listener of idleListeners) listener();
  }

  /** Puts every connected, not-held call on hold (call waiting, consult, swap). */
  async function holdOthers(except: LiveCall | null): Promise<void> {
    for (const other of [...calls.values()]) {
      if (other === except || other.state !== 'active' || other.held) continue;
      try {
        await setHeld(other, true);
      } catch (error) {
        throw new CoreError('conflict', `could not put the call with ${other.remoteNumber} on hold: ${messageOf(error)}`);
      }
    }
  }

  async function setHeld(call: LiveCall, held: boolean): Promise<void> {
    if (call.held === held && !call.holdPending) return;
    if (call.holdPending) throw new CoreError('conflict', 'a hold or resume is already in progress');
    call.holdPending = true;
    publish();
    try {
      await call.sip.hold(held);
      call.held = held;
      recorder.callEvent(call.id, held ? 'hold' : 'resume', now());
    } finally {
      call.holdPending = false;
      if (calls.has(call.id)) publish();
    }
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
    const incoming = call.incoming;
    if (!incoming) throw new CoreError('conflict', 'only incoming calls can be answered');
    if (call.autoAnswerTimer !== undefined) clearTimeout(call.autoAnswerTimer);
    call.autoAnswerTimer = undefined;
    call.autoAnswer = null;
    if (!options.mediaAvailable()) {
      call.endOverride = { reason: 'media-unavailable', by: 'system', statusCode: 500 };
      await incoming.reject(500, 'Media Engine Unavailable').catch(() => undefined);
      throw new CoreError('unavailable', 'media engine unavailable: the call was released');
    }
    if (!(trigger !== null && options.concurrentAutoAnswer)) await holdOthers(call);
    if (!calls.has(call.id)) throw new CoreError('conflict', 'the caller hung up');
    call.state = 'answering';
    call.autoAnswered = trigger !== null;
    publish();
    if (trigger) options.emit('autoAnswered', { callId: call.id, trigger });
    try {
      await incoming.accept();
    } catch (error) {
      // SIP.js has already answered the INVITE with an error and ended the session.
      if (calls.has(call.id) && !call.endOverride) call.endOverride = { reason: 'media-unavailable', by: 'system' };
      throw new CoreError('unavailable', `could not answer: ${messageOf(error)}`);
    }
  }

  function reject(call: LiveCall, code: number, reason: LiveCall['endOverride']): void {
    call.endOverride = reason;
    void call.incoming?.reject(code).catch((error: unknown) => log.warn(`reject ${call.id} failed`, error));
  }

  function startOutbound(raw: string, transfer: LiveCall['transfer'] = null): LiveCall {
    const target = validTarget(raw);
    const stack = requireStack();
    requireMedia();
    if (calls.size >= maxCalls) throw new CoreError('conflict', `a seat holds at most ${maxCalls} calls`);
    const uri = dialTargetToUri(target, options.profile().sipUri);
    const id = newCallId();
    const sip = stack.dial(uri, { mediaSessionId: id });
    const call = newLiveCall({
      id,
      sip,
      incoming: null,
      direction: 'outbound',
      state: 'dialing',
      remoteNumber: dialTargetNumber(target),
      remoteName: null,
      remoteUri: uri,
      centreCallId: null,
      context: [],
    });
    call.transfer = transfer;
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
    calls,
    get,
    requireState,
    publish: () => publish(),
    setHeld,
    startOutbound,
    requireStack,
    requireMedia,
    seatUri: () => options.profile().sipUri,
    recorder,
    now,
    replaceGraceMs,
  });

  // ---------------------------------------------------------------- incoming

  function incoming(sipCall: SipIncomingCall): void {
    const profile = options.profile();
    const idleReady = agent.isIdleReady() || (options.concurrentAutoAnswer === true && profile.autoAnswer === 'always' && agent.takesNewCalls());
    const caller = readCallerContext(sipCall.headers, profile.contextHeaders);
    const id = newCallId();
    sipCall.setMediaSessionId(id);
    const call = newLiveCall({ id, sip: sipCall, incoming: sipCall, direction: 'inbound', state: 'ringing', ...caller });
    calls.set(id, call);
    record(call);
    listen(call);
    log.info(`incoming call ${id} from ${caller.remoteNumber}${caller.centreCallId ? ` (centre id ${caller.centreCallId})` : ''}`);

    const replaced = sipCall.replacesSipCallId ? [...calls.values()].find((c) => c !== call && c.sip.sipCallId === sipCall.replacesSipCallId) : undefined;
    if (replaced && replaced.state === 'active') {
      // Attended transfer into this seat: the new call takes the existing one's place.
      replaced.endOverride = { reason: 'replaced', by: 'remote' };
      publish();
      void answerCall(call, null)
        .then(() => {
          // The SIP stack normally hangs the replaced call up itself; make sure.
          if (calls.has(replaced.id)) void replaced.sip.hangup().catch(() => undefined);
        })
        .catch((error: unknown) => log.warn(`replacing call ${id} failed: ${messageOf(error)}`));
      return;
    }
    if (!agent.takesNewCalls()) {
      reject(call, profile.notReadyRejectCode, { reason: 'not-ready', by: 'system', statusCode: profile.notReadyRejectCode });
      return;
    }
    if (calls.size > maxCalls) {
      reject(call, 486, { reason: 'busy', by: 'system', statusCode: 486 });
      return;
    }
    const decision = idleReady ? decideAutoAnswer(profile.autoAnswer, sipCall.headers) : null;
    if (decision) call.autoAnswer = { at: now() + decision.delayMs, trigger: decision.trigger };
    publish();
    const autoAnswer = () => {
      call.autoAnswerTimer = undefined;
      if (!calls.has(id) || call.state !== 'ringing' || !decision) return;
      log.info(`auto-answering ${id} (${decision.trigger})`);
      void answerCall(call, decision.trigger).catch((error: unknown) => log.warn(`auto-answer of ${id} failed: ${messageOf(error)}`));
    };
    if (decision?.delayMs === 0) {
      // Straight to 200 OK: no 180 first, the caller never hears ringing.
      autoAnswer();
      return;
    }
    void sipCall.ring().catch((error: unknown) => log.warn(`180 for ${id} not sent: ${messageOf(error)}`));
    if (decision) call.autoAnswerTimer = setTimeout(autoAnswer, decision.delayMs);
  }

  // ---------------------------------------------------------------- requests

  return {
    state: () => ({ calls: snapshots(), lastDialed }),
    hasCalls: () => calls.size > 0,
    incoming,
    async answer(callId) {
      const call = get(callId);
      requireState(call, ['ringing'], 'answer');
      if (!call.incoming) throw new CoreError('conflict', 'only incoming calls can be answered');
      await answerCall(call, null);
      return snapshotOf(call);
    },
    async reject(callId, code) {
      const call = get(callId);
      requireState(call, ['ringing'], 'reject');
      reject(call, code, { reason: 'rejected', by: 'local', statusCode: code });
    },
    async hangup(callId) {
      const call = get(callId);
      if (call.state === 'ringing' && call.incoming) {
        reject(call, 486, { reason: 'rejected', by: 'local', statusCode: 486 });
        return;
      }
      await call.sip.hangup().catch((error: unknown) => {
        throw new CoreError('unavailable', `hang-up failed: ${messageOf(error)}`);
      });
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
      requireState(call, ['active'], 'hold');
      await setHeld(call, true).catch(rethrowAs('hold'));
      return snapshotOf(call);
    },
    async resume(callId) {
      const call = get(callId);
      requireState(call, ['active'], 'resume');
      await holdOthers(call);
      await setHeld(call, false).catch(rethrowAs('resume'));
      return snapshotOf(call);
    },
    async setMuted(callId, muted) {
      const call = get(callId);
      requireState(call, ['active'], 'mute');
      if (call.muted === muted) return snapshotOf(call);
      await call.sip.setMuted(muted).catch((error: unknown) => {
        throw new CoreError('unavailable', `mute failed: ${messageOf(error)}`);
      });
      call.muted = muted;
      recorder.callEvent(call.id, muted ? 'mute' : 'unmute', now());
      publish();
      return snapshotOf(call);
    },
    async sendDtmf(callId, digits) {
      const call = get(callId);
      requireState(call, ['active'], 'send keys on');
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
      recorder.callEvent(call.id, 'dtmf-sent', now(), `${digits.length} via ${mode}`);
    },
    transferBlind: (callId, target) => transfers.blind(callId, target),
    startConsultTransfer: (callId, target) => transfers.startConsult(callId, target),
    completeTransfer: (callId) => transfers.complete(callId),
    mediaLost() {
      for (const call of [...calls.values()]) {
        if (!isBusy(call)) continue;
        call.endOverride = { reason: 'media-unavailable', by: 'system', statusCode: mediaUnavailable.statusCode };
        void call.sip.hangup(mediaUnavailable).catch((error: unknown) => log.warn(`ending ${call.id} failed`, error));
      }
    },
    async endAll(reason) {
      const ending = [...calls.values()].map(async (call) => {
        call.endOverride = { reason, by: 'system' };
        await call.sip.hangup({ statusCode: 503, text: 'Seat closing' }).catch(() => undefined);
      });
      await Promise.all(ending);
      // Whatever SIP did not report, record as ended now (nothing stays open in the log).
      for (const call of [...calls.values()]) finish(call, { by: 'system', cause: 'failed', statusCode: null, reason });
    },
    onIdle(listener) {
      idleListeners.push(listener);
    },
  };
}

/**
 * The softphone of the seat: registration (with reconnect and watchdog),
 * agent states, calls and the media proxy, behind one service.
 *
 * ```
 *   profile ──▶ account ──▶ RegistrationController ──▶ SipStack (SIP.js, ./sipjs/)
 *                               │ status, registered            │ incoming calls
 *                               ▼                               ▼
 *   StatusBoard ◀── registration / agent ── AgentState ◀── CallManager ──▶ call log
 *                                                               │ media requests
 *                                                               ▼
 *                                  MediaBroker ──▶ the one client that claimed media
 * ```
 *
 * When the SIP settings change, the stack is rebuilt — at once if the seat
 * has no call, else when the last call ends.
 *
 * ## How a post-call feature hooks in (survey, wrap-up records)
 *
 * A call's life is decided by one pure function, `callMachine`
 * (./call-machine.ts); its phases after the agent's part are in the
 * snapshot's `phase` (contract CallPhase): `call` → `survey` → `wrap-up` →
 * `closed`. Features wire in from create-core, never from inside the phone:
 *
 * - **Survey** (in-call): `startSurvey(callId)` on an answered, connected
 *   call moves it to `survey`: the agent's microphone is muted through the
 *   media engine, the agent is released (wrap-up starts), the SIP dialog
 *   stays up and `callsChanged` shows `phase: 'survey'`. Digits the caller
 *   sends by SIP INFO (`application/dtmf-relay` or `application/dtmf`) reach
 *   the `onDigit(callId, digit, source)` option and the `dtmfReceived` event;
 *   in-band digits are detected in the renderer. `finishSurvey(callId)`
 *   hangs up (BYE) and the call ends as `completed` by `local`; if the caller
 *   hangs up first it ends as `completed` by `remote`.
 * - **Wrap-up / records**: `callEnded` carries the final snapshot (end
 *   reason, who ended it); an answered call then sits in `phase: 'wrap-up'`
 *   until `closeCall(callId)` (when the wrap-up record is saved) moves it to
 *   `closed`. The CallRecorder (./call-recorder.ts) gets every step, and the
 *   optional `callPhase(callId, phase, at)` for the phase changes.
 */
import type {
  AgentStatus,
  CallSnapshot,
  ChosenAgentState,
  DtmfSource,
  MediaReply,
  MediaRequest,
  MediaSessionOptions,
  NotReadyReason,
  PhoneEvents,
  RegistrationStatus,
  SeatProfile,
  SystemEventKind,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import { createAgentState, type AgentChoice } from './agent-state.js';
import type { BackoffOptions } from '../base/backoff.js';
import { createCallManager, type CallManager } from './call-manager.js';
import type { CallRecorder } from './call-recorder.js';
import { createMediaBroker, type MediaBroker, type MediaPort } from './media-broker.js';
import { createRegistrationController, type RegistrationController } from './registration-controller.js';
import type { SipAccount, SipStackFactory } from './sip-stack.js';
import { createSipJsStackFactory } from './sipjs/sipjs-stack.js';

const log = createLogger('phone');

/** What the phone needs of the seat profile (injected by create-core). */
export interface PhoneProfileSource {
  current(): SeatProfile;
  onChange(listener: (profile: SeatProfile) => void): () => void;
  sipPassword(): string | null;
}

export interface PhoneServiceOptions {
  readonly profile: PhoneProfileSource;
  readonly recorder: CallRecorder;
  readonly onRegistration: (status: RegistrationStatus) => void;
  readonly onAgent: (status: AgentStatus) => void;
  /** Events for every client (callsChanged, callEnded, autoAnswered, dtmfReceived). */
  readonly emit: <K extends keyof PhoneEvents>(name: K, payload: PhoneEvents[K]) => void;
  /** Delivers a media request to exactly one client; false if that client is gone. */
  readonly sendMedia: (clientId: string, request: MediaRequest) => boolean;
  /** Defaults to SIP.js over the failover WebSocket transport. */
  readonly createStack?: (media: MediaBroker, mediaOptions: () => MediaSessionOptions) => SipStackFactory;
  readonly mediaTimeoutMs?: number;
  readonly backoff?: Partial<BackoffOptions>;
  readonly now?: () => number;
  readonly userAgentString?: string;
  readonly initialAgentState?: AgentChoice;
  /** Most calls at once (default 4). */
  readonly maxCalls?: number;
  /**
   * A DTMF digit the caller sent on a call (SIP INFO); it is also emitted as
   * `dtmfReceived`. For the survey: see "How a post-call feature hooks in".
   */
  readonly onDigit?: (callId: string, digit: string, source: DtmfSource) => void;
  /**
   * How long the seat waits for a media engine (a reloaded or restarted
   * window) before its calls end as media-unavailable and the agent shows Not
   * ready (`no-media`). Default 5000 ms.
   */
  readonly mediaGraceMs?: number;
  /** Whether a running survey keeps the agent busy (no new call offered) until its call ends. */
  readonly surveyHoldsAgent?: () => boolean;
}

/**
 * The call controls are the call manager's; the service names each as the
 * contract's request (`holdCall`, not `hold`) and adds the seat-level ones.
 */
type CallControls = Omit<
  CallManager,
  | 'hasCalls'
  | 'incoming'
  | 'mediaLost'
  | 'mediaSuspended'
  | 'mediaRestored'
  | 'endAll'
  | 'onIdle'
  | 'close'
  | 'snapshot'
  | 'state'
  | 'answer'
  | 'reject'
  | 'hangup'
  | 'hold'
  | 'resume'
> & {
  getPhoneState: CallManager['state'];
  answerCall: CallManager['answer'];
  rejectCall: CallManager['reject'];
  hangupCall: CallManager['hangup'];
  holdCall: CallManager['hold'];
  resumeCall: CallManager['resume'];
};

export interface PhoneService extends CallControls {
  /** The wrap-up of an ended call is saved: its phase goes from `wrap-up` to `closed`. */
  closeCall(callId: string): CallSnapshot;
  /** A live call, or an ended one still in wrap-up; null if unknown or closed. */
  callSnapshot(callId: string): CallSnapshot | null;
  /** Media requests of a post-call feature (the survey's prompts and DTMF detector), to the media owner. */
  requestMedia: MediaPort['request'];
  setAgentState(state: ChosenAgentState, reason?: NotReadyReason): void;
  extendWrapUp(seconds: number): void;
  retryRegistration(): void;
  claimMedia(clientId: string): void;
  mediaReply(clientId: string, reply: MediaReply): void;
  clientDetached(clientId: string): void;
  systemEvent(kind: SystemEventKind): void;
  /** Registration confirmed and unexpired. */
  isRegistered(): boolean;
  close(): Promise<void>;
}

/** The SIP settings whose change needs a new stack (password included, never logged). */
function accountOf(profile: SeatProfile, password: string | null): SipAccount | null {
  if (profile.sipServers.length === 0 || profile.sipUri === '') return null;
  return {
    servers: profile.sipServers,
    aor: profile.sipUri,
    authUser: profile.authUser,
    password: password ?? '',
    expiresSeconds: profile.registerExpires,
    // The seat's number; the agent who signs in changes during the registration.
    displayName: profile.agentNumber,
    trustedCaPem: profile.trustedCaPem,
  };
}

function mediaOptionsOf(profile: SeatProfile): MediaSessionOptions {
  return {
    iceServers: profile.iceServers,
    iceGatheringTimeoutMs: profile.iceGatheringTimeoutMs,
    microphoneId: profile.microphoneId,
    speakerId: profile.speakerId,
    dtmfMode: profile.dtmfMode,
  };
}

export function createPhoneService(options: PhoneServiceOptions): PhoneService {
  // The profile is read per call and per media session: keep it in memory
  // (the profile service reads and validates the row on every current()).
  let profile = options.profile.current();
  const media = createMediaBroker({ send: options.sendMedia, timeoutMs: options.mediaTimeoutMs ?? 5000 });
  const mediaOptions = () => mediaOptionsOf(profile);
  const stackFactory = (options.createStack ?? defaultStack(options.userAgentString))(media, mediaOptions);

  const agent = createAgentState({
    wrapUpSeconds: () => profile.wrapUpSeconds,
    onChange: options.onAgent,
    ...(options.now ? { now: options.now } : {}),
    initial: options.initialAgentState ?? { state: 'ready' },
  });
  options.onAgent(agent.status());

  let controller: RegistrationController | null = null;
  let accountKey: string | null = null;
  let reconfigurePending = false;
  let closed = false;

  const calls = createCallManager({
    profile: () => profile,
    stack: () => controller?.stack() ?? null,
    agent,
    recorder: options.recorder,
    mediaAvailable: () => media.available(),
    emit: options.emit,
    ...(options.now ? { now: options.now } : {}),
    ...(options.maxCalls ? { maxCalls: options.maxCalls } : {}),
    ...(options.onDigit ? { onDigit: options.onDigit } : {}),
    ...(options.surveyHoldsAgent ? { surveyHoldsAgent: options.surveyHoldsAgent } : {}),
  });

  // A reloaded or crashed window must not drop the call: calls wait for a
  // media engine for a grace period, then re-INVITE with its fresh offer. A
  // seat with no media engine after the grace goes Not ready (`no-media`).
  const mediaGraceMs = options.mediaGraceMs ?? 5000;
  let mediaGraceTimer: ReturnType<typeof setTimeout> | undefined;
  const startMediaGrace = () => {
    if (mediaGraceTimer !== undefined) return;
    mediaGraceTimer = setTimeout(() => {
      mediaGraceTimer = undefined;
      if (media.available() || closed) return;
      log.warn(`no media engine for ${mediaGraceMs} ms: Not ready, and calls that had media end`);
      agent.setMediaAttached(false);
      calls.mediaLost();
    }, mediaGraceMs);
    mediaGraceTimer.unref?.();
  };
  media.onOwnerLost((clientId) => {
    log.warn(`media owner ${clientId} is gone; calls wait ${mediaGraceMs} ms for a media engine`);
    calls.mediaSuspended();
    startMediaGrace();
  });
  media.onOwnerGained(() => {
    if (mediaGraceTimer !== undefined) clearTimeout(mediaGraceTimer);
    mediaGraceTimer = undefined;
    agent.setMediaAttached(true);
    calls.mediaRestored();
  });
  // Nobody owns the media until a window attaches.
  startMediaGrace();

  calls.onIdle(() => {
    if (reconfigurePending) void reconfigure();
  });

  async function reconfigure(): Promise<void> {
    if (closed) return;
    reconfigurePending = false;
    const account = accountOf(profile, options.profile.sipPassword());
    const key = account ? JSON.stringify(account) : null;
    if (key === accountKey && controller) return;
    accountKey = key;
    const old = controller;
    controller = null;
    agent.setRegistered(false);
    if (old) await old.stop().catch((error: unknown) => log.warn('stopping the old SIP stack', error));
    if (closed) return;
    if (!account) {
      log.info('SIP settings incomplete: not registering');
      options.onRegistration({ state: 'unconfigured' });
      return;
    }
    const next = createRegistrationController({
      createStack: (listener) => stackFactory(account, listener),
      firstServer: account.servers[0] ?? '',
      onStatus: (status) => {
        if (controller === next) options.onRegistration(status);
      },
      onRegisteredChange: (registered) => {
        if (controller === next) agent.setRegistered(registered);
      },
      onIncomingCall: (call) => {
        if (controller === next) calls.incoming(call);
        else void call.reject(503).catch(() => undefined);
      },
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    controller = next;
    log.info(`registering ${account.aor} via ${account.servers.join(', ')}`);
    next.start();
  }

  const unsubscribe = options.profile.onChange((next) => {
    profile = next;
    const account = accountOf(profile, options.profile.sipPassword());
    const key = account ? JSON.stringify(account) : null;
    if (key === accountKey) return;
    if (calls.hasCalls()) {
      log.info('SIP settings changed; applying them when the current call ends');
      reconfigurePending = true;
      return;
    }
    void reconfigure();
  });

  void reconfigure();

  return {
    getPhoneState: () => calls.state(),
    answerCall: (callId) => calls.answer(callId),
    rejectCall: (callId, code) => calls.reject(callId, code),
    hangupCall: (callId) => calls.hangup(callId),
    dial: (target) => calls.dial(target),
    redial: () => calls.redial(),
    holdCall: (callId) => calls.hold(callId),
    resumeCall: (callId) => calls.resume(callId),
    setMuted: (callId, muted) => calls.setMuted(callId, muted),
    sendDtmf: (callId, digits) => calls.sendDtmf(callId, digits),
    transferBlind: (callId, target, referUri) => calls.transferBlind(callId, target, referUri),
    startConsultTransfer: (callId, target) => calls.startConsultTransfer(callId, target),
    completeTransfer: (callId) => calls.completeTransfer(callId),
    startSurvey: (callId) => calls.startSurvey(callId),
    finishSurvey: (callId) => calls.finishSurvey(callId),
    closeCall: (callId) => calls.close(callId),
    callSnapshot: (callId) => calls.snapshot(callId),
    requestMedia: (method, params) => media.request(method, params),
    setAgentState(state, reason) {
      agent.choose(state, reason);
    },
    extendWrapUp(seconds) {
      if (agent.status().state !== 'wrap-up') throw new CoreError('conflict', 'not in wrap-up');
      agent.extendWrapUp(seconds);
    },
    retryRegistration() {
      if (!controller) {
        if (accountKey === null) throw new CoreError('conflict', 'SIP settings are incomplete: enter the SIP servers and SIP URI first');
        return;
      }
      controller.retryNow();
    },
    claimMedia: (clientId) => media.claim(clientId),
    mediaReply: (clientId, reply) => media.reply(clientId, reply),
    clientDetached: (clientId) => media.clientDetached(clientId),
    systemEvent(kind) {
      switch (kind) {
        case 'online':
        case 'resume':
          controller?.networkEvent(kind);
          return;
        case 'offline':
        case 'suspend':
          // Nothing to do now: the keep-alive or the next refresh notices, and
          // 'online'/'resume' triggers the re-registration.
          return;
        default: {
          const unknown: never = kind;
          throw new Error(`unknown system event ${String(unknown)}`);
        }
      }
    },
    isRegistered: () => controller?.isRegistered() ?? false,
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (mediaGraceTimer !== undefined) clearTimeout(mediaGraceTimer);
      await calls.endAll('interrupted');
      const current = controller;
      controller = null;
      await current?.stop().catch((error: unknown) => log.warn('stopping the SIP stack', error));
      agent.dispose();
      media.dispose();
    },
  };
}

function defaultStack(userAgentString: string | undefined) {
  return (media: MediaBroker, mediaOptions: () => MediaSessionOptions): SipStackFactory =>
    createSipJsStackFactory({ media, mediaOptions, ...(userAgentString ? { userAgentString } : {}) });
}

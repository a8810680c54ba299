/**
 * The agent's state as the status bar shows it, and whether the seat takes a
 * new call.
 *
 * ```
 *                       setAgentState(ready)
 *   ┌─────────┐  ───────────────────────────────────▶  ┌───────┐   call offered   ┌─────────┐
 *   │ Offline │                                        │ Ready │ ───────────────▶ │ Ringing │
 *   └─────────┘  ◀── setAgentState(offline), or ────── └───────┘ ◀─ caller gave ─ └─────────┘
 *        ▲           registration lost/expired          ▲  │  ▲    up / rejected       │
 *        │           (back to Ready by itself when      │  │  │                        │ answered
 *        │            registration is confirmed)        │  │  │ timer ends, or         │ (or dialled
 *        │                           setAgentState(...) │  │  │ setAgentState(...)     ▼  out)
 *        │                                              │  ▼  │                   ┌─────────┐
 *        └──────────────── setAgentState ────── ┌───────────┐ ┌─────────┐ last call │ On call │
 *                                               │ Not ready │ │ Wrap-up │ ◀──ended─ └─────────┘
 *                                               │ (reason)  │ │ (until) │  (if one was answered
 *                                               └───────────┘ └─────────┘   and wrapUpSeconds>0)
 * ```
 *
 * The shown state is derived, in this order, from: calls in progress (On
 * call), calls ringing (Ringing), the wrap-up timer (Wrap-up), the agent's
 * choice (Offline / Not ready / Ready) — and Ready only while registration
 * is confirmed and unexpired (otherwise Offline, reason `not-registered`).
 * After Wrap-up the seat returns to what the agent chose (normally Ready).
 *
 * New calls are offered only when the agent chose Ready and no wrap-up is
 * running; a second call during a call is offered as call waiting.
 */
import type { AgentStatus, ChosenAgentState, NotReadyReason } from '../../contract/index.js';

export type AgentChoice = { readonly state: 'ready' | 'offline' } | { readonly state: 'not-ready'; readonly reason: NotReadyReason };

export interface CallCounts {
  /** Inbound calls ringing at the seat. */
  readonly ringing: number;
  /** Calls being answered, dialled, alerting or connected (held or not). */
  readonly busy: number;
}

export interface AgentStateOptions {
  readonly wrapUpSeconds: () => number;
  readonly onChange: (status: AgentStatus) => void;
  readonly now?: () => number;
  readonly initial?: AgentChoice;
}

export interface AgentState {
  status(): AgentStatus;
  choice(): AgentChoice;
  /** The agent picked a state; ends a running wrap-up. */
  choose(state: ChosenAgentState, reason?: NotReadyReason): void;
  setRegistered(registered: boolean): void;
  /**
   * Whether a media engine is attached. Without one (after the phone's grace
   * period) a Ready agent shows Not ready, reason `no-media`, and new calls
   * are refused, so the centre stops offering them; back when one attaches.
   */
  setMediaAttached(attached: boolean): void;
  /**
   * The calls changed. `answeredCallEnded`: a call that had been answered just
   * ended — wrap-up starts once no call is left (given together with the new
   * counts, so the state never flickers through Ready on the way to Wrap-up).
   */
  setCalls(counts: CallCounts, answeredCallEnded?: boolean): void;
  /** Throws if no wrap-up is running. */
  extendWrapUp(seconds: number): void;
  /** Whether a new inbound call is offered to the agent (else rejected as not ready). */
  takesNewCalls(): boolean;
  /** Ready, registered, no call, no wrap-up: auto-answer may apply. */
  isIdleReady(): boolean;
  dispose(): void;
}

export function createAgentState(options: AgentStateOptions): AgentState {
  const now = options.now ?? Date.now;
  let choice: AgentChoice = options.initial ?? { state: 'offline' };
  let registered = false;
  let mediaMissing = false;
  let counts: CallCounts = { ringing: 0, busy: 0 };
  let wrapUpUntil: number | null = null;
  let wrapUpSince = 0;
  let wrapUpTimer: ReturnType<typeof setTimeout> | undefined;
  let wrapUpOwed = false;
  let current: AgentStatus = derive();
  current = { ...current, since: now() };

  function derive(): AgentStatus {
    if (counts.busy > 0) return { state: 'on-call' };
    if (counts.ringing > 0) return { state: 'ringing' };
    if (wrapUpUntil !== null) return { state: 'wrap-up', until: wrapUpUntil, since: wrapUpSince };
    switch (choice.state) {
      case 'offline':
        return { state: 'offline' };
      case 'not-ready':
        return registered ? { state: 'not-ready', reason: choice.reason } : { state: 'offline', reason: 'not-registered' };
      case 'ready':
        if (!registered) return { state: 'offline', reason: 'not-registered' };
        return mediaMissing ? { state: 'not-ready', reason: 'no-media' } : { state: 'ready' };
      default: {
        const unknown: never = choice;
        throw new Error(`unknown agent choice ${JSON.stringify(unknown)}`);
      }
    }
  }

  function update(): void {
    const next = derive();
    const same = next.state === current.state && next.reason === current.reason && next.until === current.until;
    if (same) return;
    // `since` marks when the shown state began; extending wrap-up is the same state.
    const since = next.since ?? (next.state === current.state ? current.since : now());
    current = { ...next, ...(since === undefined ? {} : { since }) };
    options.onChange(current);
  }

  function stopWrapUp(): void {
    if (wrapUpTimer !== undefined) clearTimeout(wrapUpTimer);
    wrapUpTimer = undefined;
    wrapUpUntil = null;
  }

  function armWrapUp(until: number): void {
    if (wrapUpTimer !== undefined) clearTimeout(wrapUpTimer);
    wrapUpUntil = until;
    wrapUpTimer = setTimeout(
      () => {
        wrapUpTimer = undefined;
        wrapUpUntil = null;
        update();
      },
      Math.max(0, until - now()),
    );
  }

  function maybeStartWrapUp(): void {
    if (!wrapUpOwed || counts.busy > 0 || counts.ringing > 0) return;
    wrapUpOwed = false;
    const seconds = options.wrapUpSeconds();
    if (seconds <= 0) return;
    wrapUpSince = now();
    armWrapUp(wrapUpSince + seconds * 1000);
  }

  return {
    status: () => current,
    choice: () => choice,
    choose(state, reason) {
      switch (state) {
        case 'not-ready':
          choice = { state, reason: reason ?? 'break' };
          break;
        case 'ready':
        case 'offline':
          choice = { state };
          break;
        default: {
          const unknown: never = state;
          throw new Error(`unknown agent state ${String(unknown)}`);
        }
      }
      stopWrapUp();
      update();
    },
    setRegistered(value) {
      registered = value;
      update();
    },
    setMediaAttached(attached) {
      mediaMissing = !attached;
      update();
    },
    setCalls(next, answeredCallEnded = false) {
      counts = next;
      if (answeredCallEnded) wrapUpOwed = true;
      // A new call in progress replaces the running wrap-up; it will owe its own.
      if (counts.busy > 0 && wrapUpUntil !== null) stopWrapUp();
      maybeStartWrapUp();
      update();
    },
    extendWrapUp(seconds) {
      if (wrapUpUntil === null) throw new Error('not in wrap-up');
      armWrapUp(wrapUpUntil + seconds * 1000);
      update();
    },
    takesNewCalls: () => choice.state === 'ready' && wrapUpUntil === null && !mediaMissing,
    isIdleReady: () => current.state === 'ready',
    dispose: stopWrapUp,
  };
}

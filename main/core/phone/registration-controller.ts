/**
 * Keeps the seat registered, whatever happens to the network or the server,
 * and says so truthfully on the status bar. Works on the project's SipStack
 * interface, so it is tested with a fake stack and fake timers.
 *
 * ```
 *            start()/retryNow()/network back
 *   ┌──────────────────────────────────────────────┐
 *   ▼                                              │
 * connect ──fails──▶ waiting (backoff ½…8 s, jitter; status "reconnecting",
 *   │ connected          ▲ ▲                        next retry time, attempt, reason)
 *   ▼                    │ │ 408/5xx/transport error
 * register ──────────────┘ │
 *   │ 200 OK               │ connection lost / refresh failed /
 *   ▼                      │ registration expired (watchdog)
 * registered ──────────────┘
 *   │ refresh OK: stays, expiry moves on
 *
 * register ──401/403/404/other final error──▶ failed (no retry: waits for new
 *                                             credentials or retryNow())
 * ```
 *
 * "Registered" means a 200 OK whose expiry has not passed: the watchdog
 * timer fires at the expiry, and without a refresh by then the seat is no
 * longer shown as registered (and the agent is no longer Ready).
 * Every async result carries the generation it was started in; results of
 * an attempt that was overtaken (disconnect, retry, stop) are dropped.
 */
import type { RegistrationStatus } from '../../contract/index.js';
import { createLogger } from '../base/log.js';
import { createBackoff, type BackoffOptions } from '../base/backoff.js';
import type { RegisterOutcome, SipIncomingCall, SipStack, SipStackListener } from './sip-stack.js';

const log = createLogger('registration');

export interface RegistrationControllerOptions {
  /** Builds the stack for the account, wired to the listener this controller passes. */
  readonly createStack: (listener: SipStackListener) => SipStack;
  readonly firstServer: string;
  readonly onStatus: (status: RegistrationStatus) => void;
  readonly onRegisteredChange: (registered: boolean) => void;
  readonly onIncomingCall: (call: SipIncomingCall) => void;
  /** Reconnect delays; default `reconnectBackoff`. */
  readonly backoff?: Partial<BackoffOptions>;
  readonly now?: () => number;
  /** How long a "network is back" probe waits for the pong. */
  readonly probeTimeoutMs?: number;
}

export interface RegistrationController {
  start(): void;
  /** Try again now (after `failed`, or to skip the backoff wait). */
  retryNow(): void;
  /** The host saw the network come back or the machine wake up. */
  networkEvent(kind: 'online' | 'resume'): void;
  /** Confirmed by a 200 OK and not expired. */
  isRegistered(): boolean;
  status(): RegistrationStatus;
  stack(): SipStack;
  /** Un-REGISTERs (bounded) and closes the stack. */
  stop(): Promise<void>;
}

/**
 * 0.5 s doubling to 8 s. The cap is short on purpose: a hotline seat that stays
 * unregistered for half a minute after the centre is back misses calls (at peak
 * the next one rings within six seconds), while a floor of 500 seats retrying
 * every 4–8 s is under a hundred connection attempts a second for the proxy.
 */
export const reconnectBackoff: BackoffOptions = { baseMs: 500, capMs: 8_000 };

/** No server-supplied wait or expiry is trusted past these (see observed-registerer.ts). */
const maxRetryDelayMs = 300_000;
const maxRegistrationSeconds = 86_400;

type Phase = 'idle' | 'connecting' | 'registering' | 'registered' | 'waiting' | 'failed' | 'stopped';

/** Final answers that retrying cannot fix: wait for new settings or a manual retry. */
function isPermanent(statusCode: number): boolean {
  if (statusCode === 408 || statusCode === 423 || statusCode === 429) return false;
  if (statusCode >= 500 && statusCode < 600) return false;
  return statusCode >= 400;
}

export function createRegistrationController(options: RegistrationControllerOptions): RegistrationController {
  const now = options.now ?? Date.now;
  const backoff = createBackoff({ ...reconnectBackoff, ...options.backoff });
  const probeTimeoutMs = options.probeTimeoutMs ?? 2000;
  let phase: Phase = 'idle';
  let generation = 0;
  let expiresAt: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  let current: RegistrationStatus = { state: 'unknown' };
  let registered = false;
  let everRegistered = false;

  const listener: SipStackListener = {
    connected: (server) => log.info(`transport up: ${server}`),
    disconnected: (reason) => lost(reason),
    refreshed: (outcome) => {
      if (phase !== 'registered') return;
      handleOutcome(generation, outcome);
    },
    incomingCall: (call) => options.onIncomingCall(call),
  };
  const sip = options.createStack(listener);

  function setStatus(status: RegistrationStatus): void {
    current = status;
    options.onStatus(status);
  }

  function setRegistered(value: boolean): void {
    if (registered === value) return;
    registered = value;
    options.onRegisteredChange(value);
  }

  function clearTimers(): void {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    if (watchdogTimer !== undefined) clearTimeout(watchdogTimer);
    retryTimer = undefined;
    watchdogTimer = undefined;
  }

  function attempt(): void {
    const gen = ++generation;
    clearTimers();
    void run(gen);
  }

  async function run(gen: number): Promise<void> {
    if (!sip.isConnected()) {
      phase = 'connecting';
      if (backoff.attempt === 0 && !everRegistered) setStatus({ state: 'registering', server: options.firstServer });
      try {
        await sip.connect();
      } catch (error) {
        if (gen !== generation) return;
        scheduleRetry(error instanceof Error ? error.message : String(error));
        return;
      }
      if (gen !== generation) return;
    }
    // A re-REGISTER over a live registration keeps showing "registered" (it is,
    // until it expires) — the outcome decides what comes next.
    const refreshing = registered && expiresAt !== null && expiresAt > now();
    phase = 'registering';
    if (!refreshing) setStatus({ state: 'registering', server: sip.server() ?? options.firstServer });
    const outcome = await sip.register();
    if (gen !== generation) return;
    handleOutcome(gen, outcome);
  }

  function handleOutcome(gen: number, outcome: RegisterOutcome): void {
    if (gen !== generation || phase === 'stopped') return;
    if (outcome.ok) {
      phase = 'registered';
      everRegistered = true;
      backoff.reset();
      if (outcome.expiresSeconds <= 0) {
        // A registrar granting 0 s has not registered us: treat as transient.
        lostRegistration(gen, 'registrar granted no expiry');
        return;
      }
      const granted = Math.min(outcome.expiresSeconds, maxRegistrationSeconds);
      if (granted !== outcome.expiresSeconds) log.warn(`registration granted for ${outcome.expiresSeconds} s; watching it as ${granted} s`);
      expiresAt = now() + granted * 1000;
      armWatchdog(gen, expiresAt);
      setStatus({ state: 'registered', server: sip.server() ?? options.firstServer, expiresAt });
      setRegistered(true);
      return;
    }
    if (isPermanent(outcome.statusCode)) {
      ++generation;
      clearTimers();
      phase = 'failed';
      expiresAt = null;
      setRegistered(false);
      log.warn(`registration refused (${outcome.reason}); not retrying until the settings change or a retry is asked for`);
      setStatus({ state: 'failed', reason: outcome.reason, statusCode: outcome.statusCode });
      return;
    }
    lostRegistration(gen, outcome.reason, outcome.retryAfterSeconds);
  }

  function lostRegistration(gen: number, reason: string, retryAfterSeconds?: number): void {
    if (gen !== generation) return;
    ++generation;
    scheduleRetry(reason, retryAfterSeconds);
  }

  function scheduleRetry(reason: string, retryAfterSeconds?: number): void {
    clearTimers();
    phase = 'waiting';
    expiresAt = null;
    setRegistered(false);
    const { delayMs, attempt: n } = backoff.next();
    const asked = (retryAfterSeconds ?? 0) * 1000;
    if (asked > maxRetryDelayMs) log.warn(`server asked to wait ${retryAfterSeconds} s before retrying; waiting ${maxRetryDelayMs / 1000} s`);
    const delay = Math.min(maxRetryDelayMs, Math.max(delayMs, Number.isFinite(asked) ? asked : maxRetryDelayMs));
    const nextRetryAt = now() + delay;
    log.info(`registration: retry ${n} in ${delay} ms (${reason})`);
    setStatus({ state: 'reconnecting', nextRetryAt, attempt: n, reason });
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      attempt();
    }, delay);
    // The host's own handles keep the process alive; a retry alone must not.
    retryTimer.unref?.();
  }

  function armWatchdog(gen: number, at: number): void {
    if (watchdogTimer !== undefined) clearTimeout(watchdogTimer);
    watchdogTimer = setTimeout(
      () => {
        watchdogTimer = undefined;
        if (gen !== generation || phase !== 'registered') return;
        log.warn('registration expired without a successful refresh; reconnecting');
        ++generation;
        setRegistered(false);
        void sip.disconnect().catch(() => undefined);
        scheduleRetry('registration expired');
      },
      Math.max(0, at - now()),
    );
    watchdogTimer.unref?.();
  }

  function lost(reason: string): void {
    if (phase === 'stopped' || phase === 'failed' || phase === 'waiting') return;
    log.warn(`connection lost: ${reason}`);
    ++generation;
    scheduleRetry(reason);
  }

  return {
    start() {
      if (phase !== 'idle') return;
      attempt();
    },
    retryNow() {
      if (phase === 'stopped') return;
      backoff.reset();
      attempt();
    },
    networkEvent(kind) {
      switch (phase) {
        case 'waiting':
          log.info(`${kind}: retrying now instead of waiting`);
          attempt();
          return;
        case 'registered': {
          const gen = generation;
          void sip.probe(probeTimeoutMs).then((alive) => {
            if (gen !== generation) return;
            if (!alive) {
              log.warn(`${kind}: the connection did not answer a ping; reconnecting`);
              ++generation;
              void sip.disconnect().catch(() => undefined).then(() => attempt());
              return;
            }
            log.info(`${kind}: connection alive; refreshing the registration`);
            void sip.register().then((outcome) => handleOutcome(gen, outcome));
          });
          return;
        }
        case 'idle':
        case 'connecting':
        case 'registering':
        case 'failed':
        case 'stopped':
          return;
        default: {
          const unknown: never = phase;
          throw new Error(`unknown phase ${String(unknown)}`);
        }
      }
    },
    isRegistered: () => registered && expiresAt !== null && expiresAt > now(),
    status: () => current,
    stack: () => sip,
    async stop() {
      if (phase === 'stopped') return;
      phase = 'stopped';
      ++generation;
      clearTimers();
      setRegistered(false);
      await sip.close();
    },
  };
}

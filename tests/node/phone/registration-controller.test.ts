import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistrationStatus } from '../../../main/contract/index.js';
import { createRegistrationController } from '../../../main/core/phone/registration-controller.js';
import { FakeSipStack, flush } from './fake-sip-stack.js';

const account = { servers: ['ws://a.test', 'ws://b.test'], aor: 'sip:1001@sip.test', authUser: '', password: 'pw', expiresSeconds: 300, displayName: 'A' };

function setup() {
  const statuses: RegistrationStatus[] = [];
  const registered: boolean[] = [];
  let stack!: FakeSipStack;
  const controller = createRegistrationController({
    createStack: (listener) => (stack = new FakeSipStack(account, listener)),
    firstServer: account.servers[0]!,
    onStatus: (s) => statuses.push(s),
    onRegisteredChange: (r) => registered.push(r),
    onIncomingCall: () => undefined,
    backoff: { random: () => 1 },
  });
  return { controller, statuses, registered, stack: () => stack };
}

describe('registration controller', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('connects, registers, and shows registered with the granted expiry', async () => {
    const { controller, statuses, stack } = setup();
    controller.start();
    await flush();
    expect(statuses.map((s) => s.state)).toEqual(['registering', 'registering']);
    stack().answerRegister({ ok: true, expiresSeconds: 120 });
    await flush();
    expect(statuses.at(-1)).toEqual({ state: 'registered', server: 'ws://a.test', expiresAt: 120_000 });
    expect(controller.isRegistered()).toBe(true);
  });

  it('reconnects with growing backoff, never giving up, and re-REGISTERs on every connect', async () => {
    const { controller, statuses, stack, registered } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    stack().connectResult = async () => {
      throw new Error('no SIP server reachable');
    };
    stack().drop();
    await flush();
    expect(registered).toEqual([true, false]);
    expect(statuses.at(-1)).toEqual({ state: 'reconnecting', nextRetryAt: 500, attempt: 1, reason: 'connection closed (code 1006)' });
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const before = statuses.at(-1) as { nextRetryAt: number };
      delays.push(before.nextRetryAt - Date.now());
      vi.advanceTimersByTime(before.nextRetryAt - Date.now());
      await flush();
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000]);
    expect(stack().connects).toBe(10);
    stack().connectResult = async () => undefined;
    vi.advanceTimersByTime(8000);
    await flush();
    expect(statuses.at(-1)?.state).toBe('registering');
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    expect(controller.isRegistered()).toBe(true);
    // the backoff starts over after a success
    stack().connectResult = async () => {
      throw new Error('down');
    };
    stack().drop();
    await flush();
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, nextRetryAt: Date.now() + 500 });
  });

  it('stops on 403 without retrying until asked to', async () => {
    const { controller, statuses, stack } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: false, statusCode: 403, reason: '403 Forbidden' });
    await flush();
    expect(statuses.at(-1)).toEqual({ state: 'failed', reason: '403 Forbidden', statusCode: 403 });
    vi.advanceTimersByTime(10 * 60_000);
    await flush();
    expect(stack().registers).toHaveLength(0);
    stack().drop();
    vi.advanceTimersByTime(60_000);
    await flush();
    expect(statuses.at(-1)?.state).toBe('failed');
    expect(stack().connects).toBe(1);
    controller.retryNow();
    await flush();
    expect(stack().registers).toHaveLength(1);
  });

  it('retries transient errors (503 with Retry-After, 408)', async () => {
    const { controller, statuses, stack } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: false, statusCode: 503, reason: '503 Service Unavailable', retryAfterSeconds: 10 });
    await flush();
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', nextRetryAt: 10_000, reason: '503 Service Unavailable' });
    vi.advanceTimersByTime(10_000);
    await flush();
    expect(stack().registers).toHaveLength(1);
  });

  it('clamps a Retry-After that would overflow a timer (no REGISTER storm)', async () => {
    const { controller, statuses, stack } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: false, statusCode: 503, reason: '503 Service Unavailable', retryAfterSeconds: 4294967295 });
    await flush();
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', nextRetryAt: 300_000 });
    vi.advanceTimersByTime(299_999);
    await flush();
    expect(stack().registers).toHaveLength(0);
    vi.advanceTimersByTime(1);
    await flush();
    expect(stack().registers).toHaveLength(1);
  });

  it('watches an overlong granted expiry as one day, so the watchdog does not fire at once', async () => {
    const { controller, statuses, stack } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: true, expiresSeconds: 2147484 });
    await flush();
    expect(statuses.at(-1)).toMatchObject({ state: 'registered', expiresAt: 86_400_000 });
    vi.advanceTimersByTime(60_000);
    await flush();
    expect(controller.isRegistered()).toBe(true);
    expect(stack().connects).toBe(1);
  });

  it('the watchdog drops "registered" at expiry when no refresh succeeded', async () => {
    const { controller, statuses, stack, registered } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: true, expiresSeconds: 60 });
    await flush();
    vi.advanceTimersByTime(50_000);
    stack().listener.refreshed({ ok: true, expiresSeconds: 60 });
    await flush();
    vi.advanceTimersByTime(59_999);
    expect(controller.isRegistered()).toBe(true);
    vi.advanceTimersByTime(1);
    await flush();
    expect(controller.isRegistered()).toBe(false);
    expect(registered).toEqual([true, false]);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: 'registration expired' });
  });

  it('a failed refresh means reconnecting, not registered', async () => {
    const { controller, statuses, stack } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    stack().listener.refreshed({ ok: false, statusCode: 408, reason: '408 Request Timeout' });
    await flush();
    expect(controller.isRegistered()).toBe(false);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: '408 Request Timeout' });
  });

  it('network back: retries at once instead of waiting; when connected, probes and re-registers', async () => {
    const { controller, stack, statuses } = setup();
    controller.start();
    await flush();
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    controller.networkEvent('resume');
    await flush();
    expect(stack().registers).toHaveLength(1);
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    stack().probeResult = false;
    controller.networkEvent('online');
    await flush();
    expect(stack().connects).toBe(2);
    expect(stack().registers).toHaveLength(1);
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    stack().connectResult = async () => {
      throw new Error('down');
    };
    stack().drop();
    await flush();
    expect(statuses.at(-1)?.state).toBe('reconnecting');
    stack().connectResult = async () => undefined;
    controller.networkEvent('online');
    await flush();
    expect(stack().registers).toHaveLength(1);
  });

  it('drops results of an attempt that was overtaken', async () => {
    const { controller, stack, statuses } = setup();
    controller.start();
    await flush();
    const stale = stack().registers.shift()!;
    controller.retryNow();
    await flush();
    stale.resolve({ ok: false, statusCode: 403, reason: '403 stale' });
    await flush();
    expect(statuses.at(-1)?.state).toBe('registering');
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    expect(statuses.at(-1)?.state).toBe('registered');
  });

  it('stop closes the stack and never retries afterwards', async () => {
    const { controller, stack } = setup();
    controller.start();
    await flush();
    await controller.stop();
    expect(stack().closed).toBe(true);
    vi.advanceTimersByTime(120_000);
    await flush();
    expect(stack().connects).toBe(1);
  });
});

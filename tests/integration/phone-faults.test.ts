/**
 * The seat must never silently stop receiving calls: Kamailio is stopped
 * (SIGTERM) and killed (SIGKILL of its process group), while registered and
 * while a REGISTER is in flight, then restarted on the same ports. The seat
 * must be registered again within 2 s of the server being back, and must
 * have said "reconnecting" in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatStatus } from '../../main/contract/index.js';
import { startRig, type Rig } from '../rig/index.js';
import { startReadySeat, type SeatHarness } from './phone-harness.js';

let rig: Rig;
let seat: SeatHarness;

beforeAll(async () => {
  rig = await startRig({ rtpengine: false });
  seat = await startReadySeat(rig, '1006');
});
afterAll(async () => {
  await seat?.close();
  await rig?.stop();
});

const statusesSince = (index: number): SeatStatus[] =>
  seat.events.slice(index).filter((e) => e.name === 'statusChanged').map((e) => e.payload as SeatStatus);

/** Drives one outage: `fault` takes Kamailio down, then it is restarted; returns the measured recovery. */
async function outage(name: string, fault: () => Promise<void>, limitMs = 2000): Promise<void> {
  const k = rig.kamailio;
  const mark = seat.events.length;
  await fault();
  await seat.waitForStatus((s) => s.registration.state !== 'registered', 5000);
  await k.restart();
  const back = Date.now();
  const tBack = performance.now();
  await seat.waitForStatus((s) => s.registration.state === 'registered' && s.registration.expiresAt > back, 5000);
  const recovered = performance.now() - tBack;
  const seen = statusesSince(mark);
  const reconnecting = seen.find((s) => s.registration.state === 'reconnecting');
  console.log(
    `[measure] ${name}: registered again ${recovered.toFixed(0)} ms after Kamailio was back; ` +
      `states ${[...new Set(seen.map((s) => s.registration.state))].join(' → ')}; ` +
      `reconnecting said: ${JSON.stringify(reconnecting?.registration)}`,
  );
  expect(recovered).toBeLessThan(limitMs);
  expect(reconnecting?.registration).toMatchObject({ state: 'reconnecting', attempt: expect.any(Number), reason: expect.any(String) });
  // Never Ready while not registered.
  for (const s of seen) {
    if (s.registration.state !== 'registered') expect(s.agent.state).not.toBe('ready');
  }
  expect(seat.agent().state).toBe('ready');
  expect(await k.lookup('1006')).toHaveLength(1);
}

/** SIGSTOP Kamailio, make the seat send a REGISTER that cannot be answered, then `fault`. */
async function withRegisterInFlight(fault: () => Promise<void>): Promise<void> {
  const pgid = rig.kamailio.pid;
  const mark = rig.kamailio.logs().length;
  process.kill(-pgid, 'SIGSTOP');
  try {
    await seat.call('retryRegistration', {});
    await new Promise((r) => setTimeout(r, 100));
    // It was sent, and Kamailio (stopped) has not seen it.
    expect(rig.kamailio.logs().slice(mark)).not.toMatch(/REQ REGISTER/);
  } finally {
    await fault();
  }
}

describe('Kamailio faults', () => {
  it('SIGTERM while registered', async () => {
    await outage('SIGTERM while registered', () => rig.kamailio.stop('SIGTERM', { keepDir: true }));
  });

  it('SIGKILL of the process group while registered', async () => {
    await outage('SIGKILL while registered', () => rig.kamailio.kill());
  });

  it('SIGKILL while a REGISTER is in flight', async () => {
    await outage('SIGKILL with a REGISTER in flight', () => withRegisterInFlight(() => rig.kamailio.kill()));
  });

  it('SIGTERM while a REGISTER is in flight', async () => {
    await outage('SIGTERM with a REGISTER in flight', () =>
      withRegisterInFlight(async () => {
        const pgid = rig.kamailio.pid;
        process.kill(-pgid, 'SIGTERM');
        process.kill(-pgid, 'SIGCONT');
        await rig.kamailio.stop('SIGTERM', { keepDir: true });
      }),
    );
  });

  it('a longer outage (3 s) is survived; recovery is bounded by the backoff step then due (≤ 4 s + registering)', async () => {
    await outage(
      '3 s outage',
      async () => {
        await rig.kamailio.kill();
        await new Promise((r) => setTimeout(r, 3000));
      },
      5000,
    );
  });
});

/**
 * The SIP.js stack's own transport against the real Kamailio: WebSocket
 * ping keep-alive notices a server that stopped answering (a half-open
 * connection: SIGSTOP keeps the socket open), failover walks the server list
 * in order, and the stack sends exactly the REGISTERs it is asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaPort } from '../../main/core/phone/media-broker.js';
import type { SipStackListener } from '../../main/core/phone/sip-stack.js';
import { createSipJsStack } from '../../main/core/phone/sipjs/sipjs-stack.js';
import { freePort, startRig, type Rig } from '../rig/index.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ rtpengine: false });
});
afterAll(async () => {
  await rig?.stop();
});

const noMedia: MediaPort = { available: () => false, request: () => Promise.reject(new Error('no media in this test')) };
const mediaOptions = () => ({ iceServers: [], iceGatheringTimeoutMs: 500, microphoneId: '', speakerId: '', dtmfMode: 'rfc4733' as const });

function listener(): SipStackListener & { disconnects: string[]; refreshes: number } {
  const l = {
    disconnects: [] as string[],
    refreshes: 0,
    connected: () => undefined,
    disconnected: (reason: string) => void l.disconnects.push(reason),
    refreshed: () => void (l.refreshes += 1),
    incomingCall: () => undefined,
  };
  return l;
}

const account = (servers: string[], user: string, password?: string) => ({
  servers,
  aor: `sip:${user}@sip.test`,
  authUser: '',
  password: password ?? rig.kamailio.users[user]!,
  expiresSeconds: 120,
  displayName: user,
});

describe('SIP.js stack transport', () => {
  it('walks the server list in order and registers on the first that answers', async () => {
    const dead1 = `ws://127.0.0.1:${await freePort()}`;
    const dead2 = `ws://127.0.0.1:${await freePort()}`;
    const sent: string[] = [];
    const stack = createSipJsStack(account([dead1, dead2, rig.kamailio.wsUrl], '1017'), listener(), {
      media: noMedia,
      mediaOptions,
      transport: { onSend: (m) => void sent.push(m.split('\r\n')[0]!) },
    });
    try {
      await expect(stack.connect()).resolves.toBe(rig.kamailio.wsUrl);
      expect(stack.server()).toBe(rig.kamailio.wsUrl);
      const outcome = await stack.register();
      expect(outcome).toEqual({ ok: true, expiresSeconds: 120 });
      // one REGISTER, one more with credentials after the 401: nothing else
      expect(sent.filter((l) => l.startsWith('REGISTER'))).toHaveLength(2);
    } finally {
      await stack.close();
    }
    expect(await rig.kamailio.lookup('1017')).toEqual([]);
  });

  it('rejects connect() with every reason when no server answers', async () => {
    const stack = createSipJsStack(account([`ws://127.0.0.1:${await freePort()}`], '1017'), listener(), { media: noMedia, mediaOptions });
    try {
      await expect(stack.connect()).rejects.toThrow(/no SIP server reachable .*ECONNREFUSED/);
    } finally {
      await stack.close();
    }
  });

  it('a wrong password is a 403 outcome, not an exception', async () => {
    const stack = createSipJsStack(account([rig.kamailio.wsUrl], '1017', 'wrong'), listener(), { media: noMedia, mediaOptions });
    try {
      await stack.connect();
      await expect(stack.register()).resolves.toMatchObject({ ok: false, statusCode: 403 });
    } finally {
      await stack.close();
    }
  });

  it('notices a frozen server by the missing pong (half-open connection)', async () => {
    const events = listener();
    const stack = createSipJsStack(account([rig.kamailio.wsUrl], '1018'), events, {
      media: noMedia,
      mediaOptions,
      transport: { keepAliveIntervalMs: 300, keepAliveTimeoutMs: 300 },
    });
    const pgid = rig.kamailio.pid;
    try {
      await stack.connect();
      expect((await stack.register()).ok).toBe(true);
      expect(await stack.probe(1000)).toBe(true);
      process.kill(-pgid, 'SIGSTOP');
      const t0 = performance.now();
      while (events.disconnects.length === 0 && performance.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
      const noticed = performance.now() - t0;
      console.log(`[measure] frozen server noticed after ${noticed.toFixed(0)} ms (ping every 300 ms, pong timeout 300 ms)`);
      expect(events.disconnects).toHaveLength(1);
      expect(noticed).toBeLessThan(1000);
      expect(stack.isConnected()).toBe(false);
    } finally {
      process.kill(-pgid, 'SIGCONT');
      await stack.close();
    }
  });
});

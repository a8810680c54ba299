/**
 * The browser-mode host replaces a failed core: the pages' sockets close
 * with 1012 and reconnect with the same token to a fresh core on the same
 * data; a core that keeps failing makes the host give up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { superviseCore } from '../../../main/web/core-supervisor.js';
import type { WebHost } from '../../../main/web/web-host.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestWebHost } from '../support/test-web-host.js';
import { validProfile } from '../support/valid-profile.js';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(): Promise<WebHost> {
  host = await startTestWebHost(tempDir());
  return host;
}

async function connect(h: WebHost): Promise<{ ws: WebSocket; call(method: string, params: unknown): Promise<{ ok: boolean; value?: unknown }>; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/hotseat-ws?token=${h.token}`, { headers: { origin: h.origin } });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let id = 1;
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    ws,
    closed,
    call(method, params) {
      const mine = id++;
      return new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const envelope = JSON.parse(String(data)) as { t: string; id: number; ok: boolean; value?: unknown };
          if (envelope.t !== 'res' || envelope.id !== mine) return;
          ws.off('message', onMessage);
          resolve(envelope);
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ t: 'req', id: mine, method, params }));
      });
    },
  };
}

describe('core restart in the browser-mode host', () => {
  it('closes the pages with 1012, and they reconnect with the same token to a fresh core on the same data', async () => {
    const h = await start();
    const page = await connect(h);
    const saved = await page.call('saveProfile', { ...validProfile, agentNumber: '1009', kbSourceUrl: '' });
    expect(saved).toMatchObject({ ok: true });
    const profileServiceBefore = h.core.profile;

    await expect(h.restartCore('test: simulated failure')).resolves.toBe(true);
    await expect(page.closed).resolves.toBe(1012);

    const again = await connect(h);
    const profile = await again.call('getProfile', {});
    expect(profile).toMatchObject({ ok: true, value: { agentNumber: '1009' } });
    expect(h.core.profile).not.toBe(profileServiceBefore);
    again.ws.close();
  });

  it('gives up on a core that keeps failing', async () => {
    let made = 0;
    const fake = () => {
      made++;
      return { close: () => Promise.resolve() } as never;
    };
    const supervisor = superviseCore({ create: fake, maxRestarts: 2, windowMs: 60_000 });
    await expect(supervisor.restart('1')).resolves.toBe(true);
    await expect(supervisor.restart('2')).resolves.toBe(true);
    await expect(supervisor.restart('3')).resolves.toBe(false);
    expect(made).toBe(3);
  });
});

/**
 * The tray (main/electron/seat-tray.ts) with the `electron` module faked
 * (./fake-electron.ts): closing the window while registered hides it and the
 * seat keeps running; the icon and tooltip follow registration and agent
 * state; the menu shows the window, sets Not ready, toggles start at login,
 * and asks before quitting with a call up. Also the committed icons are what
 * build/make-tray-icons.mjs draws.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentStatus, EventEnvelope, RegistrationStatus, SeatStatus } from '../../../main/contract/index.js';
import type { Core, CoreClient } from '../../../main/core/index.js';
import { fakeDialog, fakeElectron, FakeBrowserWindow, FakeTray } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron);

const { installSeatTray, trayLook } = await import('../../../main/electron/seat-tray.js');
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const iconDir = join(repoRoot, 'resources', 'tray');

const registered: RegistrationStatus = { state: 'registered', server: 'wss://sip.centre.test/ws', expiresAt: Date.now() + 300_000 };
const reconnecting: RegistrationStatus = { state: 'reconnecting', nextRetryAt: Date.now() + 1000, attempt: 1, reason: 'no SIP server reachable' };

/** A core as the shell sees it: events pushed to attached clients, requests recorded. */
function fakeCore(language: 'zh-CN' | 'en' = 'zh-CN') {
  const clients = new Map<string, CoreClient>();
  const requests: { method: string; params: unknown; clientId: string }[] = [];
  let status: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } } as SeatStatus;
  const core = {
    attachClient(client: CoreClient) {
      clients.set(client.id, client);
      return () => clients.delete(client.id);
    },
    dispatch: async (method: string, params: unknown, clientId: string) => {
      requests.push({ method, params, clientId });
      return method === 'getStatus' ? { ok: true, value: status } : { ok: true, value: null };
    },
    profile: { current: () => ({ language }) },
  };
  return {
    core: core as unknown as Pick<Core, 'attachClient' | 'dispatch' | 'profile'>,
    requests,
    clients,
    push(registration: RegistrationStatus, agent: AgentStatus) {
      status = { ...status, registration, agent };
      const envelope: EventEnvelope = { t: 'evt', name: 'statusChanged', payload: status };
      for (const c of clients.values()) c.send(envelope);
    },
  };
}

function setUp(language: 'zh-CN' | 'en' = 'zh-CN') {
  const seat = fakeCore(language);
  const win = new FakeBrowserWindow({});
  const tray = installSeatTray({ core: seat.core, window: win as never, iconDir });
  const icon = FakeTray.created.at(-1)!;
  return { seat, win, tray, icon };
}

afterEach(() => {
  FakeTray.created.length = 0;
  FakeBrowserWindow.created.length = 0;
  fakeDialog.shown.length = 0;
  fakeDialog.answer = 0;
  fakeElectron.app.quitCalls = 0;
  fakeElectron.app.removeAllListeners('before-quit');
  fakeElectron.app.loginItem = { openAtLogin: false };
});

describe('the tray icon', () => {
  it('follows registration and agent state, in the seat language', () => {
    expect(trayLook(reconnecting, { state: 'ready' }, 'zh-CN')).toEqual({ icon: 'offline', tooltip: 'Hotseat · 未注册 · 就绪', callUp: false, registered: false });
    expect(trayLook(registered, { state: 'ready' }, 'zh-CN').icon).toBe('ready');
    expect(trayLook(registered, { state: 'ringing' }, 'zh-CN')).toMatchObject({ icon: 'busy', callUp: true });
    expect(trayLook(registered, { state: 'on-call' }, 'en')).toMatchObject({ icon: 'busy', tooltip: 'Hotseat · registered · on a call', callUp: true });
    expect(trayLook(registered, { state: 'not-ready', reason: 'break' }, 'zh-CN')).toMatchObject({ icon: 'not-ready', tooltip: 'Hotseat · 已注册 · 暂停' });
    expect(trayLook(registered, { state: 'wrap-up' }, 'zh-CN').icon).toBe('not-ready');

    const { seat, icon } = setUp();
    expect(icon.imagePath).toBe(join(iconDir, 'offline.png'));
    seat.push(registered, { state: 'ready' });
    expect(icon.imagePath).toBe(join(iconDir, 'ready.png'));
    expect(icon.tooltip).toBe('Hotseat · 已注册 · 就绪');
    seat.push(registered, { state: 'on-call' });
    expect(icon.imagePath).toBe(join(iconDir, 'busy.png'));
    seat.push(reconnecting, { state: 'offline' });
    expect(icon.imagePath).toBe(join(iconDir, 'offline.png'));
  });

  it('the icons are the committed PNGs that build/make-tray-icons.mjs draws', async () => {
    const { badgePng, trayColours } = (await import(pathToFileURL(join(repoRoot, 'build', 'make-tray-icons.mjs')).href)) as {
      badgePng: (size: number, colour: number[]) => Buffer;
      trayColours: Record<string, number[]>;
    };
    expect(Object.keys(trayColours).sort()).toEqual(['busy', 'not-ready', 'offline', 'ready']);
    for (const [name, colour] of Object.entries(trayColours)) {
      expect(readFileSync(join(iconDir, `${name}.png`)).equals(badgePng(16, colour))).toBe(true);
      expect(readFileSync(join(iconDir, `${name}@2x.png`)).equals(badgePng(32, colour))).toBe(true);
    }
  });
});

describe('closing the window', () => {
  it('while registered hides it and the seat keeps running; the tray shows it again', () => {
    const { seat, win, icon } = setUp();
    seat.push(registered, { state: 'ready' });
    expect(win.userClose()).toBe(true);
    expect(win.isVisible()).toBe(false);
    expect(fakeElectron.app.quitCalls).toBe(0);
    icon.choose('显示坐席窗口');
    expect(win.isVisible()).toBe(true);
    win.userClose();
    icon.emit('click');
    expect(win.isVisible()).toBe(true);
  });

  it('while not registered closes as before (and so quits)', () => {
    const { seat, win } = setUp();
    seat.push(reconnecting, { state: 'offline' });
    expect(win.userClose()).toBe(false);
  });

  it('once quitting, closes even when registered', () => {
    const { seat, win } = setUp();
    seat.push(registered, { state: 'ready' });
    fakeElectron.app.emit('before-quit', { preventDefault: () => undefined });
    expect(win.userClose()).toBe(false);
  });
});

describe('the tray menu', () => {
  it('sets Not ready (break) through the core, only when Ready', async () => {
    const { seat, icon } = setUp();
    const item = () => icon.menu.find((i) => i.label === '暂停接听（小休）')!;
    seat.push(reconnecting, { state: 'offline' });
    expect(item().enabled).toBe(false);
    seat.push(registered, { state: 'ready' });
    expect(item().enabled).toBe(true);
    icon.choose('暂停接听（小休）');
    expect(seat.requests.filter((r) => r.method === 'setAgentState')).toEqual([
      { method: 'setAgentState', params: { state: 'not-ready', reason: 'break' }, clientId: 'electron-tray' },
    ]);
  });

  it('start at login is the OS setting, toggled from the menu', () => {
    const { seat, icon } = setUp('en');
    seat.push(registered, { state: 'ready' });
    const item = () => icon.menu.find((i) => i.label === 'Start at login')!;
    expect(item().checked).toBe(false);
    icon.choose('Start at login');
    expect(fakeElectron.app.getLoginItemSettings().openAtLogin).toBe(true);
    seat.push(registered, { state: 'ready' });
    expect(item().checked).toBe(true);
    icon.choose('Start at login');
    expect(fakeElectron.app.getLoginItemSettings().openAtLogin).toBe(false);
  });

  it('quits at once with no call up; with a call up asks first, and Cancel keeps the seat', () => {
    const { seat, win, icon } = setUp();
    seat.push(registered, { state: 'ready' });
    icon.choose('退出 Hotseat');
    expect(fakeDialog.shown).toEqual([]);
    expect(fakeElectron.app.quitCalls).toBe(1);

    seat.push(registered, { state: 'on-call' });
    fakeDialog.answer = 1; // 取消
    icon.choose('退出 Hotseat');
    expect(fakeDialog.shown).toHaveLength(1);
    expect(fakeDialog.shown[0]).toMatchObject({ message: '有一通电话正在进行。退出会挂断这通电话。', buttons: ['挂断并退出', '取消'] });
    expect(fakeElectron.app.quitCalls).toBe(1);

    fakeDialog.answer = 0; // 挂断并退出
    icon.choose('退出 Hotseat');
    expect(fakeElectron.app.quitCalls).toBe(2);
    expect(win.userClose()).toBe(false);
  });

  it('dispose removes the icon and the close handler', () => {
    const { seat, win, tray, icon } = setUp();
    seat.push(registered, { state: 'ready' });
    tray.dispose();
    expect(icon.destroyed).toBe(true);
    expect(seat.clients.has('electron-tray')).toBe(false);
    expect(win.userClose()).toBe(false);
  });
});

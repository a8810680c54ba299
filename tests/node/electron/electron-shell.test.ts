/**
 * The Electron shell's logic, run in Node with the `electron` module replaced
 * by a fake (tests/node/electron/fake-electron.ts): the window's options, its
 * navigation and window-open handlers, the permission handler, the quit
 * sequence and the safeStorage refusal. Electron itself cannot run here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core, CoreOptions } from '../../../main/core/index.js';
import { fakeElectron, FakeBrowserWindow, fakeSafeStorage, fakeSession } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron);

const { createSeatWindow, restrictPermissions, seatWindowOptions } = await import('../../../main/electron/seat-window.js');
const { installQuitSequence } = await import('../../../main/electron/quit-sequence.js');
const { createSafeStorageSecretBox } = await import('../../../main/electron/safe-storage-secret-box.js');
const { startSeatApp } = await import('../../../main/electron/seat-app.js');
const { createProfileService } = await import('../../../main/core/profile/profile-service.js');
const { openDatabase } = await import('../../../main/core/db/open-database.js');

afterEach(() => {
  FakeBrowserWindow.created.length = 0;
  fakeSafeStorage.available = true;
  fakeSafeStorage.backend = 'gnome_libsecret';
});

describe('the seat window', () => {
  it('is isolated, sandboxed, without Node, and without DevTools when packaged', () => {
    const packaged = seatWindowOptions({ preloadPath: '/p/preload.cjs', packaged: true }).webPreferences!;
    expect(packaged).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(seatWindowOptions({ preloadPath: '/p/preload.cjs', packaged: false }).webPreferences!.devTools).toBe(true);
  });

  it('denies new windows, navigation and redirects away from the app, and webviews', () => {
    const win = createSeatWindow({ preloadPath: '/p/preload.cjs', packaged: true }) as unknown as FakeBrowserWindow;
    expect((win.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
    expect(win.loadedUrl).toBe('app://hotseat/index.html');
    const contents = win.webContents;
    expect(contents.windowOpenHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://hotseat/index.html' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://hotseat.evil/x')).toBe(true);
    expect(contents.fire('will-navigate', 'app://hotseat/index.html')).toBe(false);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.fire('will-redirect', 'app://hotseat/index.html#x')).toBe(false);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });
});

describe('permissions', () => {
  restrictPermissions(fakeSession as never);
  const request = (url: string, permission: string, details: object): Promise<boolean> =>
    new Promise((done) => (fakeSession.handlers.request as (...a: unknown[]) => void)({ getURL: () => url }, permission, done, details));

  it('grants the microphone to the app, and nothing else to anyone', async () => {
    await expect(request('app://hotseat/index.html', 'media', { mediaTypes: ['audio'] })).resolves.toBe(true);
    await expect(request('app://hotseat/index.html', 'media', { mediaTypes: ['audio', 'video'] })).resolves.toBe(false);
    await expect(request('app://hotseat/index.html', 'media', { mediaTypes: [] })).resolves.toBe(false);
    await expect(request('https://evil.example/', 'media', { mediaTypes: ['audio'] })).resolves.toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'display-capture']) {
      await expect(request('app://hotseat/index.html', permission, {})).resolves.toBe(false);
    }
    const check = fakeSession.handlers.check as (...a: unknown[]) => boolean;
    expect(check(null, 'media', 'app://hotseat')).toBe(true);
    expect(check(null, 'media', 'https://evil.example')).toBe(false);
    expect(check(null, 'geolocation', 'app://hotseat')).toBe(false);
    expect((fakeSession.handlers.device as () => boolean)()).toBe(false);
  });

  it('never loads anything remote', () => {
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      (fakeSession.handlers.beforeRequest as (...a: unknown[]) => void)({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict('app://hotseat/assets/index.js')).toBe(false);
    expect(verdict('https://cdn.example/x.js')).toBe(true);
    expect(verdict('http://127.0.0.1:5170/')).toBe(true);
    expect(verdict('file:///etc/passwd')).toBe(true);
  });
});

describe('the quit sequence', () => {
  const fakeApp = () => {
    const listeners: ((e: { preventDefault(): void }) => void)[] = [];
    const app = {
      exits: [] as number[],
      on: (_: 'before-quit', l: (e: { preventDefault(): void }) => void) => listeners.push(l),
      exit: (code = 0) => void app.exits.push(code),
      quit(): boolean {
        let prevented = false;
        for (const l of listeners) l({ preventDefault: () => (prevented = true) });
        return prevented;
      },
    };
    return app;
  };

  it('holds the quit until the core has closed, then exits; a second quit does not close twice', async () => {
    const app = fakeApp();
    let finish!: () => void;
    let closes = 0;
    installQuitSequence(app, {
      close: () => {
        closes += 1;
        return new Promise<void>((done) => (finish = done));
      },
      timeoutMs: 10_000,
    });
    expect(app.quit()).toBe(true);
    expect(app.quit()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(closes).toBe(1);
    expect(app.exits).toEqual([]);
    finish();
    await vi.waitFor(() => expect(app.exits).toEqual([0]));
  });

  it('exits after the time limit when the core does not close', async () => {
    const app = fakeApp();
    const warnings: string[] = [];
    installQuitSequence(app, { close: () => new Promise<void>(() => undefined), timeoutMs: 80, log: { warn: (m) => void warnings.push(m) } });
    const started = performance.now();
    app.quit();
    await vi.waitFor(() => expect(app.exits).toEqual([0]), { timeout: 2000 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(warnings.join()).toMatch(/did not close within 80 ms/);
  });

  it('exits when closing fails', async () => {
    const app = fakeApp();
    installQuitSequence(app, { close: () => Promise.reject(new Error('db busy')), timeoutMs: 5000 });
    app.quit();
    await vi.waitFor(() => expect(app.exits).toEqual([0]));
  });
});

describe('safeStorage', () => {
  it('protects with the OS keychain when there is one', () => {
    const box = createSafeStorageSecretBox(fakeSafeStorage, 'linux');
    expect(box.protection).toBe('safeStorage');
    expect(box.decrypt(box.encrypt('pw1001'))).toBe('pw1001');
  });

  it("refuses to store the password when Linux has no keychain (basic_text), and says so in the settings", () => {
    fakeSafeStorage.backend = 'basic_text';
    const box = createSafeStorageSecretBox(fakeSafeStorage, 'linux');
    expect(box.protection).toBe('unavailable');
    expect(() => box.encrypt('pw1001')).toThrow(/no OS keychain/);

    const dir = mkdtempSync(join(tmpdir(), 'hotseat-safestorage-'));
    const db = openDatabase(join(dir, 'seat.sqlite'));
    try {
      const profile = createProfileService({ db, secrets: box });
      expect(profile.view().passwordProtection).toBe('unavailable');
      const current = profile.view();
      const { hasPassword: _h, passwordProtection: _p, updatedAt: _u, ...input } = current;
      expect(() => profile.save({ ...input, password: 'pw1001' } as never)).toThrow(
        expect.objectContaining({ code: 'invalid', issues: [expect.objectContaining({ path: 'password', code: 'password.noKeychain' })] }),
      );
      expect(profile.view().hasPassword).toBe(false);
      // Everything else still saves.
      expect(() => profile.save(input as never)).not.toThrow();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is unavailable when safeStorage cannot encrypt at all', () => {
    fakeSafeStorage.available = false;
    expect(createSafeStorageSecretBox(fakeSafeStorage, 'win32').protection).toBe('unavailable');
  });
});

describe('the seat app', () => {
  it('removes the reload menu, opens a packaged window without DevTools, and closes the core before exiting', async () => {
    let closes = 0;
    let closed = false;
    const seen: CoreOptions[] = [];
    const core = {
      dispatch: async () => ({ ok: true, value: null }),
      attachClient: () => () => undefined,
      systemEvent: () => undefined,
      profile: { current: () => ({ globalShortcuts: false, shortcuts: {} }), onChange: () => () => undefined },
      close: async () => {
        closes += 1;
        await new Promise((r) => setTimeout(r, 50));
        closed = true;
      },
    } as unknown as Core;
    // Electron sets process.resourcesPath in a packaged app; Node has none.
    Object.assign(process, { resourcesPath: '/tmp/fake-electron/resources' });
    const { ready } = startSeatApp({ createCore: (options) => (seen.push(options), core), quitTimeoutMs: 5000, outDir: '/tmp/fake-electron/out' });
    await ready;
    expect(fakeElectron.Menu.applicationMenu).toBeNull();
    expect(seen[0]).toMatchObject({ host: 'electron', version: '0.0.0-test', dataDir: '/tmp/fake-electron/userData/seat', resourcesDir: '/tmp/fake-electron/resources/resources' });
    expect(seen[0]!.secrets.protection).toBe('safeStorage');
    const win = FakeBrowserWindow.created[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });

    expect(fakeElectron.app.requestQuit()).toBe(true);
    expect(fakeElectron.app.exitCode).toBeNull();
    await vi.waitFor(() => expect(fakeElectron.app.exitCode).toBe(0));
    expect(closed).toBe(true);
    expect(closes).toBe(1);
  });
});

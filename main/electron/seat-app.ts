/**
 * The Electron host: app lifecycle, the seat window, IPC, and the OS events
 * the core cares about. Everything else is the same core as browser mode.
 * `main.ts` calls `startSeatApp()`; tests call it with the `electron` module
 * faked and a core of their own (`createCore` is the composition root's option).
 */
import { join, sep } from 'node:path';
import { app, globalShortcut, Menu, net, powerMonitor, type BrowserWindow } from 'electron';
import { ipcChannels } from '../contract/envelope.js';
import { createCore as createSeatCore, createLogger, type Core, type CoreOptions } from '../core/index.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { createCallAttention } from './call-attention.js';
import { applyGlobalShortcuts } from './global-shortcuts.js';
import { attachWindow, bridgeIpc } from './ipc-bridge.js';
import { installQuitSequence } from './quit-sequence.js';
import { createSafeStorageSecretBox } from './safe-storage-secret-box.js';
import { createSeatWindow, restrictPermissions } from './seat-window.js';
import { installSeatTray } from './seat-tray.js';

const log = createLogger('electron');

export interface SeatAppOptions {
  /** Builds the core (default: the real one). */
  readonly createCore?: (options: CoreOptions) => Core;
  /** Longest wait for the core to close when quitting, ms. */
  readonly quitTimeoutMs?: number;
  /** Folder of the built app (`out/`); default: next to this bundle. */
  readonly outDir?: string;
}

export interface SeatApp {
  /** Resolves when the window is up (tests). */
  readonly ready: Promise<void>;
}

export function startSeatApp(options: SeatAppOptions = {}): SeatApp {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  let core: Core | undefined;
  let seatWindow: BrowserWindow | undefined;
  const outDir = options.outDir ?? join(__dirname, '..');
  const createCore = options.createCore ?? createSeatCore;

  // No application menu: its accelerators would reload the window (Ctrl+R, F5 —
  // F5 answers a call) or open DevTools; the seat's own shortcuts live in the page.
  Menu.setApplicationMenu(null);

  // One seat, one window: a second launch brings the existing one forward.
  app.on('second-instance', () => {
    if (!seatWindow || seatWindow.isDestroyed()) return;
    if (seatWindow.isMinimized()) seatWindow.restore();
    seatWindow.show();
    seatWindow.focus();
  });

  const ready = app.whenReady().then(() => {
    restrictPermissions();
    serveRenderer(join(outDir, 'renderer'));
    core = createCore({
      dataDir: join(app.getPath('userData'), 'seat'),
      host: 'electron',
      version: app.getVersion(),
      secrets: createSafeStorageSecretBox(),
      resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'),
      // Worker threads load from a real file: package out/workers with asarUnpack.
      workersDir: join(outDir, 'workers').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
      ...provisionFromArgs(process.argv),
    });
    bridgeIpc(core);
    const win = createSeatWindow({ preloadPath: join(outDir, 'preload', 'preload.cjs'), packaged: app.isPackaged });
    seatWindow = win;
    attachWindow(core, win.webContents);

    const seat = core;
    // The shell watches core events like any other client.
    seat.attachClient({ id: 'electron-shell', send: createCallAttention(win) });
    // Closing while registered keeps the seat running in the tray (seat-tray.ts).
    installSeatTray({ core: seat, window: win, iconDir: join(app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'), 'tray') });
    const forward = (action: Parameters<Parameters<typeof applyGlobalShortcuts>[1]>[0]) => {
      if (!win.webContents.isDestroyed()) win.webContents.send(ipcChannels.event, 'shortcutPressed', { action });
    };
    applyGlobalShortcuts(seat.profile.current(), forward);
    seat.profile.onChange((profile) => applyGlobalShortcuts(profile, forward));
    powerMonitor.on('resume', () => seat.systemEvent('resume'));
    powerMonitor.on('suspend', () => seat.systemEvent('suspend'));
    // Electron main has no 'online' event: watch the OS's view of the network.
    let online = net.isOnline();
    setInterval(() => {
      const now = net.isOnline();
      if (now !== online) seat.systemEvent(now ? 'online' : 'offline');
      online = now;
    }, 3000).unref();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => globalShortcut.unregisterAll());
  // The core's close (un-REGISTER, BYE, end rows) is awaited, within a time limit.
  installQuitSequence(app, {
    close: async () => {
      await core?.close();
    },
    ...(options.quitTimeoutMs !== undefined ? { timeoutMs: options.quitTimeoutMs } : {}),
    log,
  });
  return { ready };
}

/**
 * `--provision URL|FILE` and `--seat-code CODE` on the seat's command line (or
 * HOTSEAT_PROVISION), as in browser mode: a desktop shortcut or the centre's
 * deployment tool passes them.
 */
export function provisionFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Pick<CoreOptions, 'provision'> {
  const value = (flag: string): string | undefined => {
    const inline = argv.find((a) => a.startsWith(`${flag}=`));
    if (inline) return inline.slice(flag.length + 1);
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const source = value('--provision') ?? env.HOTSEAT_PROVISION;
  if (!source) return {};
  const seatCode = value('--seat-code');
  return { provision: { source, ...(seatCode ? { seatCode } : {}) } };
}

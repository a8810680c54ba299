/**
 * Electron host: app lifecycle, the seat window, IPC, and the OS events the
 * core cares about. Everything else is the same core as browser mode.
 */
import { join, sep } from 'node:path';
import { app, globalShortcut, net, powerMonitor, type BrowserWindow } from 'electron';
import { ipcChannels } from '../contract/envelope.js';
import { createCore, type Core } from '../core/index.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { createCallAttention } from './call-attention.js';
import { applyGlobalShortcuts } from './global-shortcuts.js';
import { attachWindow, bridgeIpc } from './ipc-bridge.js';
import { createSafeStorageSecretBox } from './safe-storage-secret-box.js';
import { createSeatWindow, restrictPermissions } from './seat-window.js';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | undefined;
  let seatWindow: BrowserWindow | undefined;
  const outDir = join(__dirname, '..');

  // One seat, one window: a second launch brings the existing one forward.
  app.on('second-instance', () => {
    if (!seatWindow || seatWindow.isDestroyed()) return;
    if (seatWindow.isMinimized()) seatWindow.restore();
    seatWindow.show();
    seatWindow.focus();
  });

  void app.whenReady().then(() => {
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
    });
    bridgeIpc(core);
    const win = createSeatWindow(join(outDir, 'preload', 'preload.cjs'));
    seatWindow = win;
    attachWindow(core, win.webContents);

    const seat = core;
    // The shell watches core events like any other client.
    const attention = createCallAttention(win);
    seat.attachClient({ id: 'electron-shell', send: attention });
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
  app.on('before-quit', () => {
    void core?.close();
  });
}

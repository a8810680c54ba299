/**
 * Electron host: app lifecycle, the seat window, IPC, and the OS events the
 * core cares about. Everything else is the same core as browser mode.
 */
import { join } from 'node:path';
import { app, net, powerMonitor } from 'electron';
import { createCore, type Core } from '../core/create-core.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { attachWindow, bridgeIpc } from './ipc-bridge.js';
import { createSafeStorageSecretBox } from './safe-storage-secret-box.js';
import { createSeatWindow, restrictPermissions } from './seat-window.js';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | undefined;
  const outDir = join(__dirname, '..');

  app.on('second-instance', () => {
    // One seat, one window: bring it back instead of opening another.
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
    });
    bridgeIpc(core);
    const win = createSeatWindow(join(outDir, 'preload', 'preload.cjs'));
    attachWindow(core, win.webContents);

    const seat = core;
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
  app.on('before-quit', () => {
    void core?.close();
  });
}

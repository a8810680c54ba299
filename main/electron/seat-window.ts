/**
 * The seat window, locked down: isolated, sandboxed, no Node, no navigation
 * away from the app, no new windows, no webviews, and the microphone as the
 * only permission. Not throttled in the background: calls ring while the
 * window is hidden.
 */
import { BrowserWindow, session, shell } from 'electron';
import { appOrigin } from './app-protocol.js';

export function createSeatWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Hotseat',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      backgroundThrottling: false,
      spellcheck: false,
    },
  });
  const { webContents } = win;
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appOrigin + '/')) event.preventDefault();
  });
  webContents.on('will-redirect', (event, url) => {
    if (!url.startsWith(appOrigin + '/')) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}

/** Microphone for our own origin, and nothing else, for any origin. */
export function restrictPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const audioOnly = permission === 'media' && 'mediaTypes' in details && (details.mediaTypes ?? []).every((t) => t === 'audio');
    callback(audioOnly && webContents.getURL().startsWith(appOrigin + '/'));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    return (permission === 'media' || permission === 'speaker-selection') && requestingOrigin === appOrigin;
  });
  ses.setDevicePermissionHandler(() => false);
  // Never load anything remote: the renderer is local and the CSP says so too.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(appOrigin + '/') || details.url.startsWith('devtools://') || details.url.startsWith('blob:') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
  void shell; // external links are not opened from the seat window at all
}

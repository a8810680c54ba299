/**
 * The seat window, locked down: isolated, sandboxed, no Node, no navigation
 * away from the app, no new windows, no webviews, no DevTools in a packaged
 * build, and the microphone as the only permission. Not throttled in the
 * background: calls ring while the window is hidden.
 *
 * The options and handlers are plain functions over Electron's objects, so
 * tests/node/electron/* exercise them with the `electron` module faked.
 */
import { BrowserWindow, session, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import { appOrigin } from './app-protocol.js';

export interface SeatWindowOptions {
  readonly preloadPath: string;
  /** A packaged build (app.isPackaged): no DevTools. */
  readonly packaged: boolean;
}

export function seatWindowOptions({ preloadPath, packaged }: SeatWindowOptions): BrowserWindowConstructorOptions {
  return {
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
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: !packaged,
      backgroundThrottling: false,
      spellcheck: false,
    },
  };
}

/** Only our own pages, in this window: no navigation away, no pop-ups, no webviews. */
export function guardNavigation(webContents: WebContents): void {
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createSeatWindow(options: SeatWindowOptions): BrowserWindow {
  const win = new BrowserWindow(seatWindowOptions(options));
  guardNavigation(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}

/** Microphone for our own origin, and nothing else, for any origin; nothing remote is ever loaded. */
export function restrictPermissions(ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const audioOnly = permission === 'media' && 'mediaTypes' in details && (details.mediaTypes ?? []).length > 0 && (details.mediaTypes ?? []).every((t) => t === 'audio');
    callback(audioOnly && isAppUrl(webContents?.getURL() ?? ''));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    return (permission === 'media' || permission === 'speaker-selection') && requestingOrigin === appOrigin;
  });
  ses.setDevicePermissionHandler(() => false);
  // The renderer is local and the CSP says so too.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools://') || details.url.startsWith('blob:') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
}

function isAppUrl(url: string): boolean {
  return url.startsWith(appOrigin + '/');
}

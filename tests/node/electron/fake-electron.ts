/**
 * A fake of the parts of the `electron` module the shell uses, recording what
 * the shell asks of it, so the shell's logic runs in Node (Electron itself
 * cannot be downloaded on these machines). Tests install it with
 * `vi.mock('electron', () => import('./fake-electron.js').then((m) => m.fakeElectron))`.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: never[]) => unknown;

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  url = 'app://hotseat/index.html';
  readonly sent: unknown[][] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  /** Fires `name` like Electron would; returns whether a listener prevented the default. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  isVisible() {
    return true;
  }
}

type Handler = (...args: never[]) => unknown;

export const fakeSession = {
  handlers: {} as Record<string, Handler>,
  setPermissionRequestHandler(h: Handler) {
    this.handlers.request = h;
  },
  setPermissionCheckHandler(h: Handler) {
    this.handlers.check = h;
  },
  setDevicePermissionHandler(h: Handler) {
    this.handlers.device = h;
  },
  webRequest: {
    onBeforeRequest(h: Handler) {
      fakeSession.handlers.beforeRequest = h;
    },
  },
};

class FakeApp extends EventEmitter {
  isPackaged = true;
  exitCode: number | null = null;
  quitCalls = 0;
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    return `/tmp/fake-electron/${name}`;
  }
  getVersion() {
    return '0.0.0-test';
  }
  getAppPath() {
    return '/tmp/fake-electron/app';
  }
  quit() {
    this.quitCalls += 1;
  }
  exit(code = 0) {
    this.exitCode = code;
  }
  /** Emits `before-quit` like Electron; returns whether the default (quitting) was prevented. */
  requestQuit(): boolean {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export const fakeSafeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString(plain: string) {
    return Buffer.from(`sealed:${plain}`);
  },
  decryptString(sealed: Buffer) {
    return sealed.toString().replace(/^sealed:/, '');
  },
};

export const fakeElectron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession: fakeSession },
  safeStorage: fakeSafeStorage,
  Menu: { applicationMenu: undefined as unknown, setApplicationMenu(menu: unknown) { this.applicationMenu = menu; } },
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  ipcMain: { handlers: new Map<string, Listener>(), handle(channel: string, l: Listener) { this.handlers.set(channel, l); } },
  globalShortcut: { register: () => true, unregister() {}, unregisterAll() {}, isRegistered: () => false },
  net: { isOnline: () => true },
  powerMonitor: new EventEmitter(),
  shell: {},
};

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
  visible = true;
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  /** The user closes the window (title bar ×); returns whether a listener prevented it. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

/** A tray icon: what it shows and its menu (a template, as Menu.buildFromTemplate returns it here). */
export class FakeTray extends EventEmitter {
  static created: FakeTray[] = [];
  imagePath: string;
  tooltip = '';
  menu: { label?: string; type?: string; enabled?: boolean; checked?: boolean; click?: (item: { checked: boolean }) => void }[] = [];
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.imagePath = image.path;
    FakeTray.created.push(this);
  }
  setImage(image: { path: string }) {
    this.imagePath = image.path;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeTray['menu']) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label (a checkbox flips first, as Electron does). */
  choose(label: string) {
    const item = this.menu.find((i) => i.label === label);
    if (!item) throw new Error(`no tray menu item "${label}" in ${this.menu.map((i) => i.label).join(', ')}`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    item.click?.({ checked: item.checked ?? false });
  }
}

export const fakeDialog = {
  /** The button index the next message box answers (Electron: the one the user clicked). */
  answer: 0,
  shown: [] as { message: string; buttons: string[] }[],
  showMessageBoxSync(_win: unknown, options: { message: string; buttons: string[] }) {
    this.shown.push(options);
    return this.answer;
  },
};

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
  loginItem = { openAtLogin: false };
  getLoginItemSettings() {
    return { ...this.loginItem };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }) {
    this.loginItem = { ...settings };
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
  Menu: { applicationMenu: undefined as unknown, setApplicationMenu(menu: unknown) { this.applicationMenu = menu; }, buildFromTemplate: (template: unknown) => template },
  Tray: FakeTray,
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  dialog: fakeDialog,
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  ipcMain: { handlers: new Map<string, Listener>(), handle(channel: string, l: Listener) { this.handlers.set(channel, l); } },
  globalShortcut: { register: () => true, unregister() {}, unregisterAll() {}, isRegistered: () => false },
  net: { isOnline: () => true },
  powerMonitor: new EventEmitter(),
  shell: {},
};

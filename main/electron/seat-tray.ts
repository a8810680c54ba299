/**
 * Desktop habits of a seat that runs all shift: the tray.
 *
 * - Closing the seat window while registered HIDES it: the seat keeps
 *   registered and ringing (the call-attention code brings the window back
 *   on a call). Not registered, closing quits as before.
 * - The tray icon shows registration and agent state (icons drawn by
 *   build/make-tray-icons.mjs): ready (green), busy — ringing or on a call
 *   (blue), not-ready — Not ready, wrap-up, offline (amber), and offline —
 *   not registered (red); the tooltip says it in words.
 * - The tray menu: show the window, set Not ready (break), start at login
 *   (app.setLoginItemSettings — the OS keeps that setting), and quit — with a
 *   confirmation when a call is up (quitting hangs it up).
 *
 * ```
 *  window 'close' ──registered && !quitting──▶ hide (seat keeps running)
 *        │ otherwise                                   ▲ tray click / "Show"
 *        ▼                                             │
 *  closes (window-all-closed → quit)      tray "Quit" ─┴─call up? confirm─▶ app.quit()
 * ```
 */
import { join } from 'node:path';
import { app, dialog, Menu, nativeImage, Tray, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { AgentStatus, EventEnvelope, Language, RegistrationStatus, SeatStatus } from '../contract/index.js';
import type { Core } from '../core/index.js';

export type TrayIcon = 'ready' | 'busy' | 'not-ready' | 'offline';

export interface TrayLook {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  /** A call is ringing or up: quitting asks first. */
  readonly callUp: boolean;
  readonly registered: boolean;
}

const words = {
  'zh-CN': {
    registered: '已注册',
    notRegistered: '未注册',
    agent: { unknown: '状态未知', offline: '未上线', ready: '就绪', 'not-ready': '暂停', ringing: '振铃', 'on-call': '通话中', 'wrap-up': '话后处理' },
    show: '显示坐席窗口',
    notReady: '暂停接听（小休）',
    startAtLogin: '开机自动启动',
    quit: '退出 Hotseat',
    confirmTitle: '正在通话',
    confirmMessage: '有一通电话正在进行。退出会挂断这通电话。',
    confirmQuit: '挂断并退出',
    cancel: '取消',
  },
  en: {
    registered: 'registered',
    notRegistered: 'not registered',
    agent: { unknown: 'state unknown', offline: 'offline', ready: 'Ready', 'not-ready': 'Not ready', ringing: 'ringing', 'on-call': 'on a call', 'wrap-up': 'wrap-up' },
    show: 'Show the seat window',
    notReady: 'Set Not ready (break)',
    startAtLogin: 'Start at login',
    quit: 'Quit Hotseat',
    confirmTitle: 'A call is up',
    confirmMessage: 'A call is in progress. Quitting hangs it up.',
    confirmQuit: 'Hang up and quit',
    cancel: 'Cancel',
  },
} as const satisfies Record<Language, unknown>;

/** What the tray shows for a seat status, in the seat's language. */
export function trayLook(registration: RegistrationStatus, agent: AgentStatus, language: Language): TrayLook {
  const w = words[language];
  const registered = registration.state === 'registered';
  const callUp = agent.state === 'ringing' || agent.state === 'on-call';
  const icon: TrayIcon = !registered ? 'offline' : callUp ? 'busy' : agent.state === 'ready' ? 'ready' : 'not-ready';
  const tooltip = `Hotseat · ${registered ? w.registered : w.notRegistered} · ${w.agent[agent.state]}`;
  return { icon, tooltip, callUp, registered };
}

export interface SeatTrayOptions {
  readonly core: Pick<Core, 'attachClient' | 'dispatch' | 'profile'>;
  readonly window: BrowserWindow;
  /** Folder of the tray PNGs (resources/tray). */
  readonly iconDir: string;
}

export interface SeatTray {
  /** What the tray shows now. */
  look(): TrayLook;
  dispose(): void;
}

const clientId = 'electron-tray';

export function installSeatTray(options: SeatTrayOptions): SeatTray {
  const { core, window: win, iconDir } = options;
  let status: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } } as SeatStatus;
  let quitting = false;
  const language = (): Language => (core.profile.current().language === 'en' ? 'en' : 'zh-CN');
  const look = () => trayLook(status.registration, status.agent, language());
  const image = (icon: TrayIcon) => nativeImage.createFromPath(join(iconDir, `${icon}.png`));

  const tray = new Tray(image('offline'));

  const showWindow = () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const setNotReady = () => {
    void core.dispatch('setAgentState', { state: 'not-ready', reason: 'break' }, clientId);
  };

  const askThenQuit = () => {
    const current = look();
    if (current.callUp) {
      const w = words[language()];
      const choice = dialog.showMessageBoxSync(win, {
        type: 'warning',
        title: w.confirmTitle,
        message: w.confirmMessage,
        buttons: [w.confirmQuit, w.cancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      if (choice !== 0) return;
    }
    quitting = true;
    app.quit();
  };

  const render = () => {
    const current = look();
    const w = words[language()];
    tray.setImage(image(current.icon));
    tray.setToolTip(current.tooltip);
    const template: MenuItemConstructorOptions[] = [
      { label: w.show, click: showWindow },
      { label: w.notReady, enabled: current.registered && status.agent.state === 'ready', click: setNotReady },
      { type: 'separator' },
      {
        label: w.startAtLogin,
        type: 'checkbox',
        checked: app.getLoginItemSettings().openAtLogin,
        click: (item) => app.setLoginItemSettings({ openAtLogin: item.checked }),
      },
      { type: 'separator' },
      { label: w.quit, click: askThenQuit },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };

  const detach = core.attachClient({
    id: clientId,
    send: (envelope: EventEnvelope) => {
      if (envelope.name === 'statusChanged') {
        heard = true;
        status = envelope.payload as SeatStatus;
        render();
      } else if (envelope.name === 'profileChanged') {
        render(); // the language may have changed
      }
    },
  });
  let heard = false;
  // The status so far (events bring the changes); an event that came first wins.
  void core.dispatch('getStatus', {}, clientId).then((result) => {
    if (heard || !result.ok || !result.value) return;
    status = result.value as SeatStatus;
    render();
  });
  render();
  tray.on('click', showWindow);

  // Registered: closing hides; the seat keeps answering from the tray.
  const onClose = (event: { preventDefault(): void }) => {
    if (quitting || !look().registered) return;
    event.preventDefault();
    win.hide();
  };
  win.on('close', onClose);
  // Any quit (tray, Ctrl+Q, OS logout) lets the window close.
  const onBeforeQuit = () => {
    quitting = true;
  };
  app.on('before-quit', onBeforeQuit);

  return {
    look,
    dispose() {
      detach();
      win.removeListener('close', onClose);
      app.removeListener('before-quit', onBeforeQuit);
      tray.destroy();
    },
  };
}

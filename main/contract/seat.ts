/**
 * The seat-level part of the contract: app info, profile, status and the
 * host's system events.
 */
import { z } from 'zod';
import { profileInputSchema, type ProfileView, type ShortcutAction } from './profile.js';
import type { SeatStatus } from './status.js';

const noParams = z.strictObject({});

export const systemEventKinds = ['online', 'offline', 'resume', 'suspend'] as const;
export type SystemEventKind = (typeof systemEventKinds)[number];

export const seatRequestSchemas = {
  getAppInfo: noParams,
  getProfile: noParams,
  saveProfile: profileInputSchema,
  getStatus: noParams,
  /** The host (or a browser-mode renderer) saw the network return or the machine wake. */
  systemEvent: z.strictObject({ kind: z.enum(systemEventKinds) }),
};

export interface AppInfo {
  readonly version: string;
  readonly host: 'electron' | 'web';
  readonly dataDir: string;
  readonly schemaVersion: number;
}

export interface SeatRequestResults {
  getAppInfo: AppInfo;
  getProfile: ProfileView;
  saveProfile: ProfileView;
  getStatus: SeatStatus;
  systemEvent: null;
}

export interface SeatEvents {
  profileChanged: ProfileView;
  statusChanged: SeatStatus;
  /**
   * A call-control shortcut was pressed outside the window (Electron global
   * shortcuts); the renderer acts on it exactly as on its own key press.
   */
  shortcutPressed: { readonly action: ShortcutAction };
}

export const seatEventNames = ['profileChanged', 'statusChanged', 'shortcutPressed'] as const satisfies readonly (keyof SeatEvents)[];

/**
 * Keeps the three chosen audio devices — microphone, speaker (headset) and
 * ring device — in use, and falls back to the system default, visibly, when
 * one disappears.
 *
 * Per role:
 * ```
 *  preferred ──device gone (devicechange / track ended / open failed)──▶ fallen-back
 *      ▲          apply(''), notice 'device-fallback'                        │
 *      └──────────── device listed again: apply(preferred), 'device-restored' ┘
 * ```
 * The agent choosing another device (profile change) clears a fallback.
 */
import type { DeviceRole, MediaNoticeInput } from './media-notice.js';

export interface DeviceRouterOptions {
  readonly enumerateDevices: () => Promise<readonly MediaDeviceInfo[]>;
  readonly notify: (notice: MediaNoticeInput) => void;
  /** Switch everything that uses `role` to `deviceId` ('' = default). */
  readonly apply: (role: DeviceRole, deviceId: string) => Promise<void>;
}

interface RoleState {
  preferred: string;
  fallenBack: boolean;
}

const kindOf: Record<DeviceRole, MediaDeviceKind> = { microphone: 'audioinput', speaker: 'audiooutput', ring: 'audiooutput' };
const roles: readonly DeviceRole[] = ['microphone', 'speaker', 'ring'];

export class DeviceRouter {
  private readonly state: Record<DeviceRole, RoleState> = {
    microphone: { preferred: '', fallenBack: false },
    speaker: { preferred: '', fallenBack: false },
    ring: { preferred: '', fallenBack: false },
  };

  constructor(private readonly options: DeviceRouterOptions) {}

  /** The device to use now for `role` ('' = system default). */
  effective(role: DeviceRole): string {
    const s = this.state[role];
    return s.fallenBack ? '' : s.preferred;
  }

  isFallenBack(role: DeviceRole): boolean {
    return this.state[role].fallenBack;
  }

  /** The agent's choice (from the profile). Applies it live when it changed. */
  async setPreferred(role: DeviceRole, deviceId: string): Promise<void> {
    const s = this.state[role];
    if (s.preferred === deviceId) return;
    const before = this.effective(role);
    s.preferred = deviceId;
    s.fallenBack = false;
    if (this.effective(role) !== before) await this.options.apply(role, deviceId);
  }

  /**
   * Something using `role` found its device failing (open failed, track
   * ended). Falls back to the default and tells the agent, once.
   */
  async deviceFailed(role: DeviceRole, detail: string, alreadyOnDefault = false): Promise<void> {
    const s = this.state[role];
    if (s.preferred === '') {
      // The default device itself went away: the system picks another one.
      this.options.notify({ kind: 'device-fallback', role, detail });
      if (!alreadyOnDefault) await this.options.apply(role, '');
      return;
    }
    if (s.fallenBack) return;
    s.fallenBack = true;
    this.options.notify({ kind: 'device-fallback', role, detail });
    if (!alreadyOnDefault) await this.options.apply(role, '');
  }

  /** Re-checks every chosen device against the device list (on `devicechange`). */
  async check(): Promise<void> {
    let devices: readonly MediaDeviceInfo[];
    try {
      devices = await this.options.enumerateDevices();
    } catch {
      return;
    }
    for (const role of roles) {
      const s = this.state[role];
      if (s.preferred === '') continue;
      const ofKind = devices.filter((d) => d.kind === kindOf[role]);
      // Without media permission ids are blank: nothing can be concluded.
      if (ofKind.some((d) => d.deviceId === '')) continue;
      const present = ofKind.some((d) => d.deviceId === s.preferred);
      if (!present && !s.fallenBack) {
        await this.deviceFailed(role, 'unplugged');
      } else if (present && s.fallenBack) {
        s.fallenBack = false;
        this.options.notify({ kind: 'device-restored', role });
        await this.options.apply(role, s.preferred);
      }
    }
  }
}

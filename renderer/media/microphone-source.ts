/**
 * The agent's microphone, opened once and shared by every call.
 *
 * Each call gets a clone of the device track, so muting or holding one call
 * (`track.enabled = false`) never silences another. The device stays open
 * for `lingerMs` after the last call releases it: at peak the next call rings
 * within seconds, and re-opening the device costs tens of milliseconds on
 * every answer.
 *
 * ```
 *  closed ──acquire──▶ opening ──▶ open (n clones) ──last release──▶ lingering
 *    ▲                                  ▲   │                          │
 *    │                                  └───┴──────── acquire ◀────────┤
 *    └──────────────── linger timer / device lost ────────────────────┘
 * ```
 */

export interface MicrophoneSourceOptions {
  readonly getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  /** Echo cancellation, noise suppression and AGC (on for real use; tests switch them off for level checks). */
  readonly processing: boolean;
  readonly lingerMs: number;
  /** The open device's track ended (headset unplugged). */
  readonly onDeviceEnded: (deviceId: string) => void;
}

export interface AcquiredMicrophone {
  readonly track: MediaStreamTrack;
  /** The device actually opened ('' = system default). */
  readonly deviceId: string;
  /** The preferred device could not be opened; the default was used. */
  readonly fellBack: boolean;
  readonly failure?: string;
}

interface OpenDevice {
  readonly deviceId: string;
  readonly stream: Promise<MediaStream>;
  clones: number;
  lingerTimer?: ReturnType<typeof setTimeout>;
}

const deviceMissing = new Set(['NotFoundError', 'OverconstrainedError', 'NotReadableError', 'AbortError']);

export class MicrophoneSource {
  /** The device new calls clone from. */
  private current: OpenDevice | null = null;
  /** Which device each handed-out clone came from (a switch leaves older calls on the old device). */
  private readonly owners = new WeakMap<MediaStreamTrack, OpenDevice>();

  constructor(private readonly options: MicrophoneSourceOptions) {}

  /** A fresh clone of the device track; give it back with `release`. Throws only if no microphone at all can be opened. */
  async acquire(preferredId: string): Promise<AcquiredMicrophone> {
    try {
      return { ...(await this.cloneFrom(preferredId)), fellBack: false };
    } catch (error) {
      if (preferredId === '' || !deviceMissing.has(errorName(error))) throw error;
      return { ...(await this.cloneFrom('')), fellBack: true, failure: errorName(error) };
    }
  }

  /** Stops a clone; closes its device after the linger time once no call holds it. */
  release(track: MediaStreamTrack): void {
    track.stop();
    const device = this.owners.get(track);
    if (!device) return;
    this.owners.delete(track);
    device.clones -= 1;
    if (device.clones > 0) return;
    if (device === this.current) {
      device.lingerTimer = setTimeout(() => this.closeDevice(device), this.options.lingerMs);
    } else {
      this.closeDevice(device);
    }
  }

  /** Closes the device now (page unload, tests). */
  dispose(): void {
    if (this.current) this.closeDevice(this.current);
  }

  private async cloneFrom(deviceId: string): Promise<{ track: MediaStreamTrack; deviceId: string }> {
    const device = this.openDevice(deviceId);
    device.clones += 1;
    clearTimeout(device.lingerTimer);
    try {
      const stream = await device.stream;
      const source = stream.getAudioTracks()[0];
      if (!source || source.readyState === 'ended') throw new DOMException('the microphone track ended', 'NotReadableError');
      const track = source.clone();
      this.owners.set(track, device);
      return { track, deviceId };
    } catch (error) {
      device.clones -= 1;
      if (device.clones === 0) this.closeDevice(device);
      throw error;
    }
  }

  private openDevice(deviceId: string): OpenDevice {
    const current = this.current;
    if (current && current.deviceId === deviceId) return current;
    // A different device is wanted: new calls use it; clones of the old one
    // keep working until their calls release them.
    if (current && current.clones === 0) this.closeDevice(current);
    const processing = this.options.processing;
    const audio: MediaTrackConstraints = {
      echoCancellation: processing,
      noiseSuppression: processing,
      autoGainControl: processing,
      ...(deviceId === '' ? {} : { deviceId: { exact: deviceId } }),
    };
    const stream = this.options.getUserMedia({ audio, video: false });
    const device: OpenDevice = { deviceId, stream, clones: 0 };
    stream.then(
      (s) => {
        s.getAudioTracks()[0]?.addEventListener('ended', () => {
          if (this.current === device) this.current = null;
          this.options.onDeviceEnded(deviceId);
        });
      },
      () => {},
    );
    this.current = device;
    return device;
  }

  private closeDevice(device: OpenDevice): void {
    clearTimeout(device.lingerTimer);
    if (this.current === device) this.current = null;
    device.stream.then(
      (s) => s.getTracks().forEach((t) => t.stop()),
      () => {},
    );
  }
}

export function errorName(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) {
    return String((error as { name: unknown }).name);
  }
  return 'Error';
}

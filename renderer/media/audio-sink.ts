/**
 * Routes an `<audio>` element to an output device with `setSinkId`, falling
 * back to the system default when the device is gone. '' is the default.
 */
import { errorName } from './microphone-source.js';

export interface SinkResult {
  /** The device the element plays on now. */
  readonly deviceId: string;
  /** The wanted device failed; the default is used. */
  readonly fellBack: boolean;
  readonly failure?: string;
}

type SinkCapable = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

export async function routeToDevice(element: HTMLMediaElement, deviceId: string): Promise<SinkResult> {
  const el = element as SinkCapable;
  // No setSinkId (old engines, jsdom): everything plays on the default device.
  if (typeof el.setSinkId !== 'function') return { deviceId: '', fellBack: deviceId !== '' };
  if ((el.sinkId ?? '') === deviceId) return { deviceId, fellBack: false };
  try {
    await el.setSinkId(deviceId);
    return { deviceId, fellBack: false };
  } catch (error) {
    if (deviceId === '') throw error;
    await el.setSinkId('').catch(() => {});
    return { deviceId: '', fellBack: true, failure: errorName(error) };
  }
}

/** Starts playback; false when the autoplay policy blocked it (a click will be needed). */
export async function startPlayback(element: HTMLMediaElement): Promise<boolean> {
  try {
    await element.play();
    return true;
  } catch (error) {
    return errorName(error) !== 'NotAllowedError';
  }
}

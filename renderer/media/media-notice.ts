/**
 * What the media engine tells the agent: a device went away and the call
 * fell back to the system default, came back, or could not be opened at all.
 * The store keeps them as visible notices until dismissed.
 */

/** The three separately chosen audio devices. */
export type DeviceRole = 'microphone' | 'speaker' | 'ring';

export type MediaNoticeKind =
  /** The chosen device is gone; the default device is used now. */
  | 'device-fallback'
  /** The chosen device is back and used again. */
  | 'device-restored'
  /** No microphone could be opened: the caller hears nothing. */
  | 'microphone-unavailable'
  /** The browser would not start audio playback without a click. */
  | 'playback-blocked';

export interface MediaNotice {
  /** Unique per notice (for dismissal and React keys). */
  readonly id: number;
  readonly kind: MediaNoticeKind;
  readonly role: DeviceRole;
  /** Epoch ms. */
  readonly at: number;
  /** Technical detail (the browser's error name), shown small. */
  readonly detail?: string;
}

export type MediaNoticeInput = Omit<MediaNotice, 'id' | 'at'>;

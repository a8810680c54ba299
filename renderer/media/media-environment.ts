/**
 * The page capabilities the media engine uses, behind one interface so unit
 * tests can hand in fakes and the engine never touches globals directly.
 */

export interface MediaEnvironment {
  createPeerConnection(configuration: RTCConfiguration): RTCPeerConnection;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** A detached-from-layout `<audio>` element for one output. */
  createAudioElement(): HTMLAudioElement;
  createAudioContext(): AudioContext;
  enumerateDevices(): Promise<readonly MediaDeviceInfo[]>;
  /** Subscribes to device plug/unplug; returns the unsubscribe function. */
  onDeviceChange(listener: () => void): () => void;
}

/** The real thing, in a browser window (Chromium, Electron renderer). */
export function browserMediaEnvironment(win: Window & typeof globalThis): MediaEnvironment {
  const doc = win.document;
  let container: HTMLElement | null = null;
  const media = win.navigator.mediaDevices as MediaDevices | undefined;
  return {
    createPeerConnection: (configuration) => new win.RTCPeerConnection(configuration),
    getUserMedia: (constraints) => {
      if (!media) return Promise.reject(new DOMException('this page has no media devices (insecure origin?)', 'NotFoundError'));
      return media.getUserMedia(constraints);
    },
    createAudioElement: () => {
      if (!container) {
        container = doc.createElement('div');
        container.id = 'hotseat-media';
        container.hidden = true;
        doc.body.append(container);
      }
      const element = doc.createElement('audio');
      container.append(element);
      return element;
    },
    createAudioContext: () => new win.AudioContext({ latencyHint: 'interactive' }),
    enumerateDevices: () => (media ? media.enumerateDevices() : Promise.resolve([])),
    onDeviceChange: (listener) => {
      media?.addEventListener('devicechange', listener);
      return () => media?.removeEventListener('devicechange', listener);
    },
  };
}

/**
 * Just enough fake WebRTC / WebAudio for unit tests of renderer/media in
 * jsdom (which has neither). The real thing is proven end to end in
 * Chromium (tests/e2e/phone-*.test.ts); these fakes follow the same state
 * rules (signalling states, transceiver directions, track cloning).
 */
import type { MediaEnvironment } from '../../renderer/media/media-environment.js';

let nextId = 1;

export class FakeTrack extends EventTarget {
  readonly kind = 'audio';
  readonly id = `track-${nextId++}`;
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  readonly clones: FakeTrack[] = [];
  constructor(readonly deviceId: string) {
    super();
  }
  clone(): FakeTrack {
    const c = new FakeTrack(this.deviceId);
    this.clones.push(c);
    return c;
  }
  stop(): void {
    this.readyState = 'ended';
  }
  /** The device went away: this track and its clones end and say so. */
  unplug(): void {
    for (const t of [this, ...this.clones]) {
      if (t.readyState === 'ended') continue;
      t.readyState = 'ended';
      t.dispatchEvent(new Event('ended'));
    }
  }
}

export class FakeStream {
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getAudioTracks() {
    return [...this.tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  addTrack(t: FakeTrack) {
    this.tracks.push(t);
  }
  removeTrack(t: FakeTrack) {
    this.tracks.splice(this.tracks.indexOf(t), 1);
  }
  getTrackById(id: string) {
    return this.tracks.find((t) => t.id === id) ?? null;
  }
}

export class FakeSender {
  readonly dtmfSent: { tones: string; duration: number; gap: number }[] = [];
  readonly dtmf = {
    canInsertDTMF: true,
    insertDTMF: (tones: string, duration: number, gap: number) => void this.dtmfSent.push({ tones, duration, gap }),
  };
  constructor(public track: FakeTrack | null) {}
  async replaceTrack(t: FakeTrack | null) {
    this.track = t;
  }
}

export class FakeTransceiver {
  direction: RTCRtpTransceiverDirection = 'sendrecv';
  currentDirection: RTCRtpTransceiverDirection | null = null;
  readonly sender = new FakeSender(null);
  readonly receiver = { track: new FakeTrack('remote') };
}

type Signaling = RTCSignalingState;

function sdp(type: string, direction: string): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 0 101', `a=${direction}`, `a=x-fake-${type}`, ''].join('\r\n');
}

export class FakePeerConnection extends EventTarget {
  signalingState: Signaling = 'stable';
  iceGatheringState: RTCIceGatheringState = 'new';
  iceConnectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  closed = false;
  private readonly trackFired = new Set<FakeTransceiver>();
  /** 'complete': gathering completes 5 ms after setLocalDescription; 'never': it never does. */
  constructor(
    readonly configuration: RTCConfiguration,
    private readonly gathering: 'complete' | 'never',
  ) {
    super();
  }
  getTransceivers() {
    return [...this.transceivers];
  }
  getSenders() {
    return this.transceivers.map((t) => t.sender);
  }
  addTrack(track: FakeTrack) {
    const free = this.transceivers.find((t) => t.sender.track === null);
    const t = free ?? new FakeTransceiver();
    if (!free) this.transceivers.push(t);
    t.sender.track = track;
    return t.sender;
  }
  addTransceiver(_kind: string, init?: { direction?: RTCRtpTransceiverDirection }) {
    const t = new FakeTransceiver();
    t.direction = init?.direction ?? 'sendrecv';
    this.transceivers.push(t);
    return t;
  }
  async createOffer() {
    return { type: 'offer', sdp: sdp('offer', this.transceivers[0]?.direction ?? 'sendrecv') };
  }
  async createAnswer() {
    return { type: 'answer', sdp: sdp('answer', this.transceivers[0]?.direction ?? 'sendrecv') };
  }
  async setLocalDescription(d: { type: string; sdp?: string }) {
    if (d.type === 'rollback') {
      this.localDescription = null;
      this.signalingState = 'stable';
      return;
    }
    this.localDescription = { type: d.type, sdp: d.sdp ?? '' };
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
    if (d.type === 'answer') for (const t of this.transceivers) t.currentDirection = t.direction;
    if (this.iceGatheringState !== 'complete') {
      this.iceGatheringState = 'gathering';
      if (this.gathering === 'complete') {
        setTimeout(() => {
          this.iceGatheringState = 'complete';
          this.dispatchEvent(new Event('icegatheringstatechange'));
        }, 5);
      }
    }
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    this.remoteDescription = d;
    if (d.type === 'offer') {
      this.signalingState = 'have-remote-offer';
      // The offer's m-line binds to a transceiver made by addTrack, or a new one.
      let t = this.transceivers[0];
      if (!t) {
        t = new FakeTransceiver();
        t.direction = 'recvonly';
        this.transceivers.push(t);
      }
      if (!this.trackFired.has(t)) {
        this.trackFired.add(t);
        const event = new Event('track') as Event & { track: FakeTrack };
        event.track = t.receiver.track;
        this.dispatchEvent(event);
      }
    } else {
      this.signalingState = 'stable';
      for (const t of this.transceivers) t.currentDirection = t.direction;
    }
  }
  close() {
    this.closed = true;
    this.signalingState = 'closed';
  }
}

export class FakeAudioElement {
  autoplay = false;
  srcObject: unknown = null;
  sinkId = '';
  playing = false;
  removed = false;
  constructor(private readonly outputs: () => string[]) {}
  async setSinkId(id: string) {
    if (id !== '' && !this.outputs().includes(id)) throw new DOMException('no such device', 'NotFoundError');
    this.sinkId = id;
  }
  async play() {
    this.playing = true;
  }
  pause() {
    this.playing = false;
  }
  remove() {
    this.removed = true;
  }
}

class FakeParam {
  setValueAtTime() {}
  linearRampToValueAtTime() {}
  value = 0;
}
class FakeNode {
  connect() {}
  disconnect() {}
  start() {}
  stop() {}
  readonly gain = new FakeParam();
  readonly frequency = new FakeParam();
}

export class FakeAudioContext {
  state = 'running';
  currentTime = 0;
  sampleRate = 48000;
  createGain() {
    return new FakeNode();
  }
  createOscillator() {
    return new FakeNode();
  }
  createMediaStreamDestination() {
    return Object.assign(new FakeNode(), { stream: new FakeStream() });
  }
  async resume() {}
  async close() {}
}

export interface FakeMediaWorld {
  readonly env: MediaEnvironment;
  readonly pcs: FakePeerConnection[];
  readonly audioElements: FakeAudioElement[];
  /** Device tracks opened by getUserMedia (the sources the calls' clones come from). */
  readonly opened: { deviceId: string; track: FakeTrack; constraints: MediaStreamConstraints }[];
  inputs: string[];
  outputs: string[];
  /** getUserMedia fails with this error name when set. */
  micError: string | null;
  gathering: 'complete' | 'never';
  /** Plug/unplug: replace the device lists and fire devicechange. */
  setDevices(inputs: string[], outputs: string[]): void;
}

export function createFakeMediaWorld(): FakeMediaWorld {
  const listeners = new Set<() => void>();
  const world: FakeMediaWorld = {
    pcs: [],
    audioElements: [],
    opened: [],
    inputs: ['default', 'headset'],
    outputs: ['default', 'usb-out', 'desk-speaker'],
    micError: null,
    gathering: 'complete',
    setDevices(inputs, outputs) {
      world.inputs = inputs;
      world.outputs = outputs;
      for (const l of [...listeners]) l();
    },
    env: {
      createPeerConnection: (c) => {
        const pc = new FakePeerConnection(c, world.gathering);
        world.pcs.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
      getUserMedia: async (constraints) => {
        if (world.micError) throw new DOMException('fake failure', world.micError);
        const audio = constraints.audio as MediaTrackConstraints;
        const wanted = (audio.deviceId as { exact?: string } | undefined)?.exact ?? '';
        if (wanted !== '' && !world.inputs.includes(wanted)) throw new DOMException('no such device', 'OverconstrainedError');
        const track = new FakeTrack(wanted);
        world.opened.push({ deviceId: wanted, track, constraints });
        return new FakeStream([track]) as unknown as MediaStream;
      },
      createAudioElement: () => {
        const el = new FakeAudioElement(() => world.outputs);
        world.audioElements.push(el);
        return el as unknown as HTMLAudioElement;
      },
      createAudioContext: () => new FakeAudioContext() as unknown as AudioContext,
      enumerateDevices: async () => [
        ...world.inputs.map((deviceId) => ({ deviceId, kind: 'audioinput', label: deviceId, groupId: '' }) as MediaDeviceInfo),
        ...world.outputs.map((deviceId) => ({ deviceId, kind: 'audiooutput', label: deviceId, groupId: '' }) as MediaDeviceInfo),
      ],
      onDeviceChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
  };
  return world;
}

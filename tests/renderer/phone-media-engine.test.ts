/**
 * The media engine's logic against fake WebRTC (jsdom has none): request →
 * reply flow, ICE gathering timeout, hold directions, mute, DTMF, claim on
 * every reconnect, device fallback, alert tones. Real audio is proven in
 * Chromium by tests/e2e/phone-*.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaMethod, MediaMethods, MediaReply, MediaSessionOptions } from '../../main/contract/index.js';
import { MediaEngine, type MediaObserver } from '../../renderer/media/media-engine.js';
import type { MediaNoticeInput } from '../../renderer/media/media-notice.js';
import type { ToneEvent } from '../../renderer/media/tone-player.js';
import { createFakeMediaWorld, FakeStream, type FakeMediaWorld, type FakeTrack } from './phone-fake-webrtc.js';
import { call, createFakeApi, type FakeApi } from './phone-support.js';

const options = (over: Partial<MediaSessionOptions> = {}): MediaSessionOptions => ({
  iceServers: [],
  iceGatheringTimeoutMs: 150,
  microphoneId: '',
  speakerId: '',
  dtmfMode: 'rfc4733',
  ...over,
});

const offerSdp = (direction = 'sendrecv') =>
  ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 30000 UDP/TLS/RTP/SAVPF 0 101', `a=${direction}`, ''].join('\r\n');

let world: FakeMediaWorld;
let api: FakeApi;
let engine: MediaEngine;
let stop: () => void;
let notices: MediaNoticeInput[];
let tones: ToneEvent[];
let nextRequestId = 1;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  world = createFakeMediaWorld();
  api = createFakeApi();
  notices = [];
  tones = [];
  const observer: MediaObserver = { tone: (e) => tones.push(e) };
  engine = new MediaEngine({ api, env: world.env, microphoneLingerMs: 50, onNotice: (n) => notices.push(n), observer, log: () => {} });
  stop = engine.start();
});

afterEach(() => {
  stop();
  vi.unstubAllGlobals();
});

/** Sends a media request as the core does and waits for the engine's reply. */
async function request<M extends MediaMethod>(method: M, params: MediaMethods[M]['params']): Promise<MediaReply> {
  const id = nextRequestId++;
  api.emit('mediaRequest', { id, method, params } as never);
  return vi.waitFor(
    () => {
      const reply = (api.sent('mediaReply') as MediaReply[]).find((r) => r.id === id);
      if (!reply) throw new Error(`no reply to ${method} #${id} yet`);
      return reply;
    },
    { timeout: 3000, interval: 5 },
  );
}

async function value<M extends MediaMethod>(method: M, params: MediaMethods[M]['params']): Promise<MediaMethods[M]['result']> {
  const reply = await request(method, params);
  if (!reply.ok) throw new Error(`${method} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as MediaMethods[M]['result'];
}

/** An answered inbound call: remote offer applied, local answer created. */
async function answeredInbound(sessionId: string, over: Partial<MediaSessionOptions> = {}) {
  await value('createSession', { sessionId, options: options(over) });
  await value('setDescription', { sessionId, body: offerSdp(), contentType: 'application/sdp', hold: false });
  const answer = await value('getDescription', { sessionId, hold: false, iceRestart: false });
  return { answer, pc: world.pcs.at(-1)!, session: engine.session(sessionId)! };
}

describe('media requests', () => {
  it('claims the media when the transport opens, and again after every reconnect', async () => {
    await vi.waitFor(() => expect(api.sent('claimMedia')).toHaveLength(1));
    api.setConnection('reconnecting');
    api.setConnection('open');
    await vi.waitFor(() => expect(api.sent('claimMedia')).toHaveLength(2));
  });

  it('creates an offer and sends it once ICE gathering completes', async () => {
    await value('createSession', { sessionId: 'c-out', options: options({ iceServers: ['stun:stun.test:3478'] }) });
    const pc = world.pcs[0]!;
    expect(pc.configuration.iceServers).toEqual([{ urls: 'stun:stun.test:3478' }]);
    const offer = await value('getDescription', { sessionId: 'c-out', hold: false, iceRestart: false });
    expect(offer.contentType).toBe('application/sdp');
    expect(offer.body).toContain('a=x-fake-offer');
    expect(offer.body).toContain('a=sendrecv');
    expect(pc.getSenders()[0]!.track).not.toBeNull();
  });

  it('sends the description with what it has when ICE gathering does not finish in time', async () => {
    world.gathering = 'never';
    await value('createSession', { sessionId: 'c-slow', options: options({ iceGatheringTimeoutMs: 150 }) });
    const started = performance.now();
    const offer = await value('getDescription', { sessionId: 'c-slow', hold: false, iceRestart: false });
    const waited = performance.now() - started;
    expect(offer.body).toContain('a=x-fake-offer');
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1000);
  });

  it('answers an inbound offer on the shared microphone with processing on by default', async () => {
    const { answer, pc } = await answeredInbound('c-in');
    expect(answer.body).toContain('a=x-fake-answer');
    expect(answer.body).toContain('a=sendrecv');
    expect(pc.getSenders()[0]!.track).toBe(world.opened[0]!.track.clones[0]);
    const audio = world.opened[0]!.constraints.audio as MediaTrackConstraints;
    expect([audio.echoCancellation, audio.noiseSuppression, audio.autoGainControl]).toEqual([true, true, true]);
    // The caller's audio plays through its own <audio> element.
    await vi.waitFor(() => expect(world.audioElements.some((a) => a.playing && a.srcObject !== null)).toBe(true));
  });

  it('replies with an error (never silence) for an unknown call or an impossible state', async () => {
    const missing = await request('getDescription', { sessionId: 'c-nope', hold: false, iceRestart: false });
    expect(missing).toMatchObject({ ok: false, error: { code: 'no-session' } });
    await value('createSession', { sessionId: 'c-x', options: options() });
    await value('getDescription', { sessionId: 'c-x', hold: false, iceRestart: false });
    const twice = await request('getDescription', { sessionId: 'c-x', hold: false, iceRestart: false });
    expect(twice).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    const rolledBack = await request('rollbackDescription', { sessionId: 'c-x' });
    expect(rolledBack.ok).toBe(true);
    expect(world.pcs[0]!.signalingState).toBe('stable');
  });

  it('holds with sendonly and silences the agent, resumes with sendrecv', async () => {
    const { pc, session } = await answeredInbound('c-h');
    const track = session.localTrack as unknown as FakeTrack;
    const hold = await value('getDescription', { sessionId: 'c-h', hold: true, iceRestart: false });
    expect(hold.body).toContain('a=sendonly');
    expect(track.enabled).toBe(false);
    await value('setDescription', { sessionId: 'c-h', body: offerSdp('recvonly'), contentType: 'application/sdp', hold: true });
    expect(pc.transceivers[0]!.currentDirection).toBe('sendonly');

    const resume = await value('getDescription', { sessionId: 'c-h', hold: false, iceRestart: false });
    expect(resume.body).toContain('a=sendrecv');
    await value('setDescription', { sessionId: 'c-h', body: offerSdp('sendrecv'), contentType: 'application/sdp', hold: false });
    expect(track.enabled).toBe(true);
  });

  it('answers a remote hold offer (sendonly) with recvonly', async () => {
    await answeredInbound('c-rh');
    await value('setDescription', { sessionId: 'c-rh', body: offerSdp('sendonly'), contentType: 'application/sdp', hold: false });
    const answer = await value('getDescription', { sessionId: 'c-rh', hold: false, iceRestart: false });
    expect(answer.body).toContain('a=recvonly');
  });

  it('mutes and unmutes the microphone of one call only', async () => {
    const a = await answeredInbound('c-a');
    const b = await answeredInbound('c-b');
    await value('setMuted', { sessionId: 'c-a', muted: true });
    expect(a.session.localTrack!.enabled).toBe(false);
    expect(b.session.localTrack!.enabled).toBe(true);
    await value('setMuted', { sessionId: 'c-a', muted: false });
    expect(a.session.localTrack!.enabled).toBe(true);
    // Both calls share one open device.
    expect(world.opened).toHaveLength(1);
  });

  it('sends RFC 4733 DTMF through the audio sender', async () => {
    const { pc } = await answeredInbound('c-d');
    expect(await value('sendDtmf', { sessionId: 'c-d', tones: '12#', duration: 100, interToneGap: 70 })).toBe(true);
    expect(pc.transceivers[0]!.sender.dtmfSent).toEqual([{ tones: '12#', duration: 100, gap: 70 }]);
  });

  it('closes the call media, and the microphone after the linger time', async () => {
    const { pc, session } = await answeredInbound('c-c');
    const device = world.opened[0]!.track;
    await value('closeSession', { sessionId: 'c-c' });
    expect(pc.closed).toBe(true);
    expect(session.localTrack).toBeNull();
    expect(engine.session('c-c')).toBeUndefined();
    expect(device.readyState).toBe('live');
    await vi.waitFor(() => expect(device.readyState).toBe('ended'));
    // Closing twice (core + callEnded) is harmless.
    expect((await request('closeSession', { sessionId: 'c-c' })).ok).toBe(true);
  });

  it('drops sessions of calls the core no longer has after a reconnect', async () => {
    await answeredInbound('c-old');
    await answeredInbound('c-live');
    api.handle('getPhoneState', () => ({ calls: [call({ id: 'c-live', state: 'active' })], lastDialed: null }));
    api.setConnection('reconnecting');
    api.setConnection('open');
    await vi.waitFor(() => expect(engine.sessionIds()).toEqual(['c-live']));
  });

  it('still takes the call when no microphone can be opened, and says so', async () => {
    world.micError = 'NotAllowedError';
    const { answer } = await answeredInbound('c-nomic');
    expect(answer.body).toContain('a=x-fake-answer');
    expect(notices).toContainEqual({ kind: 'microphone-unavailable', role: 'microphone', detail: 'NotAllowedError' });
  });
});

describe('devices', () => {
  it('falls back to the default microphone when the headset is unplugged, and back when it returns', async () => {
    const { pc } = await answeredInbound('c-dev', { microphoneId: 'headset' });
    expect(world.opened[0]!.deviceId).toBe('headset');

    world.opened[0]!.track.unplug();
    world.setDevices(['default'], world.outputs);
    await vi.waitFor(() => expect(pc.getSenders()[0]!.track?.deviceId).toBe(''));
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'device-fallback', role: 'microphone' }));

    world.setDevices(['default', 'headset'], world.outputs);
    await vi.waitFor(() => expect(pc.getSenders()[0]!.track?.deviceId).toBe('headset'));
    expect(notices.at(-1)).toEqual({ kind: 'device-restored', role: 'microphone' });
  });

  it('plays the caller on the chosen speaker and falls back visibly when it is missing', async () => {
    world.outputs = ['default'];
    await answeredInbound('c-spk', { speakerId: 'usb-out' });
    await vi.waitFor(() => expect(notices).toContainEqual(expect.objectContaining({ kind: 'device-fallback', role: 'speaker' })));
    const el = world.audioElements.find((a) => a.srcObject !== null)!;
    expect(el.sinkId).toBe('');
  });

  it('opens the chosen microphone, falling back with a notice when it is gone before the call', async () => {
    engine.setPreferredDevices({ microphoneId: 'usb-mic', speakerId: '', ringDeviceId: '' });
    await answeredInbound('c-gone', { microphoneId: 'usb-mic' });
    expect(world.opened.map((o) => o.deviceId)).toEqual(['']);
    expect(notices).toContainEqual({ kind: 'device-fallback', role: 'microphone', detail: 'OverconstrainedError' });
  });
});

describe('alert tones', () => {
  const playing = (kind: ToneEvent['kind']) => {
    const last = tones.filter((t) => t.kind === kind).at(-1);
    return last?.playing ?? false;
  };

  it('rings on the ring device, beeps for call waiting, stays quiet for instant auto-answer', async () => {
    engine.setPreferredDevices({ microphoneId: '', speakerId: 'usb-out', ringDeviceId: 'desk-speaker' });
    const ringing = call();
    api.emit('callsChanged', { calls: [ringing] });
    expect(playing('ring')).toBe(true);
    await vi.waitFor(() => expect(world.audioElements.some((a) => a.sinkId === 'desk-speaker')).toBe(true));

    const active = call({ state: 'active' });
    api.emit('callsChanged', { calls: [active, ringing] });
    expect(playing('ring')).toBe(false);
    expect(playing('call-waiting')).toBe(true);

    api.emit('callsChanged', { calls: [active] });
    expect(playing('call-waiting')).toBe(false);

    api.emit('callsChanged', { calls: [call({ autoAnswer: { at: Date.now() + 200, trigger: 'always' } })] });
    expect(playing('ring')).toBe(false);
    api.emit('autoAnswered', { callId: 'c-z', trigger: 'always' });
    expect(tones.at(-1)).toMatchObject({ kind: 'zip', playing: true, output: 'speaker' });
  });

  it('moves the ringtone to the default device when the ring device is unplugged', async () => {
    engine.setPreferredDevices({ microphoneId: '', speakerId: '', ringDeviceId: 'desk-speaker' });
    api.emit('callsChanged', { calls: [call()] });
    await vi.waitFor(() => expect(world.audioElements.some((a) => a.sinkId === 'desk-speaker')).toBe(true));
    world.setDevices(world.inputs, ['default', 'usb-out']);
    await vi.waitFor(() => expect(notices).toContainEqual({ kind: 'device-fallback', role: 'ring', detail: 'unplugged' }));
    expect(world.audioElements.some((a) => a.sinkId === 'desk-speaker')).toBe(false);
  });
});

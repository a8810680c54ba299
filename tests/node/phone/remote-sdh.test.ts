import { describe, expect, it, vi } from 'vitest';
import type { MediaMethod } from '../../../main/contract/index.js';
import type { MediaPort } from '../../../main/core/phone/media-broker.js';
import { MediaFailure, RemoteSessionDescriptionHandler } from '../../../main/core/phone/sipjs/remote-sdh.js';

const options = { iceServers: [], iceGatheringTimeoutMs: 500, microphoneId: '', speakerId: '', dtmfMode: 'rfc4733' as const };

function port(answer: (method: MediaMethod, params: unknown) => unknown, available = true) {
  const calls: Array<{ method: MediaMethod; params: unknown }> = [];
  const media: MediaPort = {
    available: () => available,
    request: async (method, params) => {
      calls.push({ method, params });
      return answer(method, params) as never;
    },
  };
  return { media, calls };
}

describe('remote session description handler', () => {
  it('creates the media session once, then forwards offer/answer with the hold flag', async () => {
    const { media, calls } = port((m) => (m === 'getDescription' ? { body: 'v=0 local', contentType: 'application/sdp' } : null));
    const sdh = new RemoteSessionDescriptionHandler({ media, sessionId: 'c-1', options: () => options, onFailure: vi.fn() });
    await sdh.setDescription('v=0 remote');
    await expect(sdh.getDescription({ hold: true })).resolves.toEqual({ body: 'v=0 local', contentType: 'application/sdp' });
    expect(calls.map((c) => c.method)).toEqual(['createSession', 'setDescription', 'getDescription']);
    expect(calls[0]!.params).toEqual({ sessionId: 'c-1', options });
    expect(calls[2]!.params).toEqual({ sessionId: 'c-1', hold: true, iceRestart: false });
    expect(sdh.hasDescription('application/sdp; charset=x')).toBe(true);
    expect(sdh.hasDescription('application/dtmf-relay')).toBe(false);
  });

  it('applies SIP.js modifiers to the SDP text', async () => {
    const { media } = port((m) => (m === 'getDescription' ? { body: 'a=sendrecv', contentType: 'application/sdp' } : null));
    const sdh = new RemoteSessionDescriptionHandler({ media, sessionId: 'c-1', options: () => options, onFailure: vi.fn() });
    const modifier = async (d: { type: string; sdp: string }) => ({ ...d, sdp: d.sdp.replace('sendrecv', `sendonly ${d.type}`) });
    await expect(sdh.getDescription({}, [modifier as never])).resolves.toMatchObject({ body: 'a=sendonly offer' });
  });

  it('answers sendDtmf synchronously and sends in the background', async () => {
    const { media, calls } = port((m) => (m === 'sendDtmf' ? true : m === 'getDescription' ? { body: 'x', contentType: 'application/sdp' } : null));
    const sdh = new RemoteSessionDescriptionHandler({ media, sessionId: 'c-1', options: () => options, onFailure: vi.fn() });
    expect(sdh.sendDtmf('1')).toBe(false); // no media session yet
    await sdh.getDescription();
    expect(sdh.sendDtmf('12#', { duration: 5 })).toBe(true);
    expect(sdh.sendDtmf('hello')).toBe(false);
    await Promise.resolve();
    expect(calls.at(-1)).toEqual({ method: 'sendDtmf', params: { sessionId: 'c-1', tones: '12#', duration: 40, interToneGap: 70 } });
    sdh.close();
    expect(sdh.sendDtmf('1')).toBe(false);
  });

  it('reports a media failure and rejects with MediaFailure; closes the engine session once', async () => {
    const onFailure = vi.fn();
    const { media, calls } = port((m) => {
      if (m === 'getDescription') throw new Error('engine gone');
      return null;
    });
    const sdh = new RemoteSessionDescriptionHandler({ media, sessionId: 'c-1', options: () => options, onFailure });
    await expect(sdh.getDescription()).rejects.toBeInstanceOf(MediaFailure);
    expect(onFailure).toHaveBeenCalledOnce();
    sdh.close();
    sdh.close();
    expect(calls.filter((c) => c.method === 'closeSession')).toHaveLength(1);
    await expect(sdh.setDescription('v=0')).rejects.toThrow(/closed/);
  });

  it('never tells the engine about a session it never created', () => {
    const { media, calls } = port(() => null);
    new RemoteSessionDescriptionHandler({ media, sessionId: 'c-1', options: () => options, onFailure: vi.fn() }).close();
    expect(calls).toEqual([]);
  });
});

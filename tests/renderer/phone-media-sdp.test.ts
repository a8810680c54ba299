/**
 * The SDP rules of the media engine: hold directions (as SIP.js computes
 * them) and pinning re-offers to the negotiated codec.
 */
import { describe, expect, it } from 'vitest';
import { lockedCodecs, negotiatedAudioCodec } from '../../renderer/media/codec-lock.js';
import { answerDirection, offerDirection, offeredAudioDirection } from '../../renderer/media/transceiver-direction.js';
import { alertToneFor } from '../../renderer/media/ring-policy.js';
import { call } from './phone-support.js';

describe('hold directions', () => {
  it('offers sendonly to hold and sendrecv to resume', () => {
    expect(offerDirection('sendrecv', true)).toBe('sendonly');
    expect(offerDirection('sendonly', false)).toBe('sendrecv');
    expect(offerDirection('recvonly', true)).toBe('inactive');
    expect(offerDirection('inactive', false)).toBe('recvonly');
  });

  it('answers a remote hold with recvonly (or inactive when holding too)', () => {
    expect(answerDirection('sendonly', false)).toBe('recvonly');
    expect(answerDirection('sendonly', true)).toBe('inactive');
    expect(answerDirection('sendrecv', true)).toBe('sendonly');
    expect(answerDirection('inactive', false)).toBe('inactive');
    expect(answerDirection('recvonly', false)).toBe('sendonly');
  });

  it('reads the audio m-line direction, falling back to the session level, then sendrecv', () => {
    const sdp = (session: string, media: string) => ['v=0', session, 'm=audio 1 RTP/AVP 0', media, ''].filter(Boolean).join('\r\n');
    expect(offeredAudioDirection(sdp('', 'a=sendonly'))).toBe('sendonly');
    expect(offeredAudioDirection(sdp('a=inactive', ''))).toBe('inactive');
    expect(offeredAudioDirection(sdp('a=inactive', 'a=recvonly'))).toBe('recvonly');
    expect(offeredAudioDirection(sdp('', ''))).toBe('sendrecv');
  });
});

describe('codec pinning', () => {
  const caps = [
    { mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
    { mimeType: 'audio/PCMU', clockRate: 8000 },
    { mimeType: 'audio/PCMA', clockRate: 8000 },
    { mimeType: 'audio/telephone-event', clockRate: 48000 },
    { mimeType: 'audio/telephone-event', clockRate: 8000 },
    { mimeType: 'audio/CN', clockRate: 8000 },
  ];

  it('finds the negotiated codec, with or without rtpmap', () => {
    expect(negotiatedAudioCodec('v=0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n')).toEqual({ name: 'PCMU', clockRate: 8000 });
    expect(negotiatedAudioCodec('v=0\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 111 110\r\na=rtpmap:111 opus/48000/2\r\n')).toEqual({ name: 'opus', clockRate: 48000 });
    expect(negotiatedAudioCodec('v=0\r\n')).toBeNull();
  });

  it('keeps the codec and telephone-event at its clock rate only', () => {
    expect(lockedCodecs(caps, { name: 'PCMU', clockRate: 8000 }).map((c) => `${c.mimeType}/${c.clockRate}`)).toEqual([
      'audio/PCMU/8000',
      'audio/telephone-event/8000',
    ]);
    expect(lockedCodecs(caps, { name: 'G729', clockRate: 8000 })).toEqual([]);
  });
});

describe('alert tone', () => {
  const now = Date.now();
  it('rings for a ringing call, beeps for call waiting, stays silent for an instant auto-answer', () => {
    expect(alertToneFor([], now)).toBe('none');
    expect(alertToneFor([call()], now)).toBe('ring');
    expect(alertToneFor([call({ state: 'active' }), call()], now)).toBe('call-waiting');
    expect(alertToneFor([call({ autoAnswer: { at: now + 500, trigger: 'always' } })], now)).toBe('none');
    expect(alertToneFor([call({ autoAnswer: { at: now + 10_000, trigger: 'call-info' } })], now)).toBe('ring');
    expect(alertToneFor([call({ direction: 'outbound', state: 'alerting' })], now)).toBe('none');
  });
});

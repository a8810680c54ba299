import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaRequest } from '../../../main/contract/index.js';
import { MediaRequestError, MediaUnavailableError, createMediaBroker } from '../../../main/core/phone/media-broker.js';

describe('media broker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = () => {
    const sent: Array<{ clientId: string; request: MediaRequest }> = [];
    const clients = new Set(['ui', 'media']);
    const broker = createMediaBroker({ send: (clientId, request) => (clients.has(clientId) ? (sent.push({ clientId, request }), true) : false), timeoutMs: 5000 });
    return { broker, sent, clients };
  };

  it('fails at once when no client owns the media', async () => {
    const { broker, sent } = make();
    await expect(broker.request('createSession', { sessionId: 'c-1', options: {} as never })).rejects.toBeInstanceOf(MediaUnavailableError);
    expect(sent).toEqual([]);
  });

  it('sends only to the client that claimed last and accepts only its replies', async () => {
    const { broker, sent } = make();
    broker.claim('ui');
    broker.claim('media');
    const pending = broker.request('getDescription', { sessionId: 'c-1', hold: false, iceRestart: false });
    expect(sent.map((s) => s.clientId)).toEqual(['media']);
    const id = sent[0]!.request.id;
    broker.reply('ui', { id, ok: true, value: { body: 'forged', contentType: 'application/sdp' } });
    broker.reply('media', { id, ok: true, value: { body: 'v=0\r\n', contentType: 'application/sdp' } });
    await expect(pending).resolves.toEqual({ body: 'v=0\r\n', contentType: 'application/sdp' });
  });

  it('validates reply values and passes engine errors on', async () => {
    const { broker, sent } = make();
    broker.claim('media');
    const bad = broker.request('getDescription', { sessionId: 'c-1', hold: false, iceRestart: false });
    broker.reply('media', { id: sent[0]!.request.id, ok: true, value: { body: 42 } });
    await expect(bad).rejects.toBeInstanceOf(MediaRequestError);
    const failed = broker.request('setDescription', { sessionId: 'c-1', body: 'x', contentType: 'application/sdp', hold: false });
    broker.reply('media', { id: sent[1]!.request.id, ok: false, error: { code: 'InvalidState', message: 'pc closed' } });
    await expect(failed).rejects.toThrow(/pc closed/);
  });

  it('times out, and fails pending requests at once when the owner detaches', async () => {
    const { broker } = make();
    broker.claim('media');
    const slow = broker.request('createSession', { sessionId: 'c-1', options: {} as never });
    const lost = vi.fn();
    broker.onOwnerLost(lost);
    vi.advanceTimersByTime(5000);
    await expect(slow).rejects.toThrow(/did not answer createSession within 5000 ms/);
    const pending = broker.request('createSession', { sessionId: 'c-2', options: {} as never });
    broker.clientDetached('ui');
    expect(lost).not.toHaveBeenCalled();
    broker.clientDetached('media');
    await expect(pending).rejects.toThrow(/window closed/);
    expect(lost).toHaveBeenCalledWith('media');
    expect(broker.available()).toBe(false);
  });

  it('fails at once when the owner cannot be reached', async () => {
    const { broker, clients } = make();
    broker.claim('media');
    clients.delete('media');
    await expect(broker.request('closeSession', { sessionId: 'c-1' })).rejects.toThrow(/not reachable/);
  });
});

/**
 * The browser-mode transport: requests never hang while the socket is down,
 * responses reach the right caller, events reach their listeners, and a lost
 * socket is retried.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketClient } from '../../renderer/api/websocket-client.js';

class FakeSocket {
  static made: FakeSocket[] = [];
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.onclose?.();
  }
  open() {
    this.onopen?.();
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function client() {
  const states: string[] = [];
  const c = createWebSocketClient({ url: 'ws://127.0.0.1:1/hotseat-ws?token=t', requestTimeoutMs: 1000, createSocket: (url) => new FakeSocket(url) as unknown as WebSocket });
  c.onConnection((s) => states.push(s));
  return { c, states, socket: () => FakeSocket.made.at(-1)! };
}

describe('WebSocket client', () => {
  it('fails a request at once while not connected', async () => {
    const { c } = client();
    await expect(c.invoke('getStatus', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('matches responses to requests and delivers events', async () => {
    const { c, socket } = client();
    socket().open();
    const seen: unknown[] = [];
    c.on('statusChanged', (s) => seen.push(s));
    const a = c.invoke('getAppInfo', {});
    const b = c.invoke('getStatus', {});
    const [first, second] = socket().sent.map((s) => JSON.parse(s) as { id: number; method: string });
    expect([first!.method, second!.method]).toEqual(['getAppInfo', 'getStatus']);
    socket().receive({ t: 'res', id: second!.id, ok: true, value: 'status' });
    socket().receive({ t: 'evt', name: 'statusChanged', payload: { x: 1 } });
    socket().receive({ t: 'res', id: first!.id, ok: false, error: { code: 'internal', message: 'boom' } });
    await expect(b).resolves.toEqual({ ok: true, value: 'status' });
    await expect(a).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(seen).toEqual([{ x: 1 }]);
  });

  it('times out a request the core never answers', async () => {
    const { c, socket } = client();
    socket().open();
    const pending = c.invoke('getStatus', {});
    vi.advanceTimersByTime(1001);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('fails pending requests when the socket drops, then reconnects with backoff', async () => {
    const { c, states, socket } = client();
    socket().open();
    const pending = c.invoke('getStatus', {});
    socket().close();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(states).toEqual(['connecting', 'open', 'reconnecting']);
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.made).toHaveLength(2);
    socket().close();
    vi.advanceTimersByTime(500);
    expect(FakeSocket.made).toHaveLength(2);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.made).toHaveLength(3);
    socket().open();
    expect(states.at(-1)).toBe('open');
  });
});

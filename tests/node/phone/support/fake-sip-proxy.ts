/**
 * A SIP "proxy" the test controls: a WebSocket server on 127.0.0.1 speaking
 * the `sip` subprotocol. It answers the seat's REGISTERs (200 OK by default,
 * or whatever `onRegister` returns), records everything the seat sends, and
 * lets a test push any text or bytes to the seat — what a hostile or broken
 * centre could send.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SeenMessage {
  readonly at: number;
  readonly text: string;
}

export interface FakeSipProxy {
  readonly url: string;
  readonly received: SeenMessage[];
  /** Connections the seat opened so far. */
  connections(): number;
  /** Close codes of the seat's connections that ended. */
  readonly closeCodes: number[];
  /** REGISTER handling: return the full response text, or null for none. */
  onRegister: (request: string) => string | null;
  send(text: string): void;
  sendRaw(data: Buffer, binary?: boolean): void;
  /** First message (from index `from`) matching. */
  waitFor(match: (text: string) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<string>;
  registers(): number;
  close(): Promise<void>;
}

export function header(text: string, name: string): string | undefined {
  const head = text.split('\r\n\r\n')[0] ?? '';
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name.toLowerCase()) return line.slice(colon + 1).trim();
  }
  return undefined;
}

export function statusOf(text: string): number | null {
  const m = /^SIP\/2\.0 (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

/** A response to `request` with the given status and extra lines. */
export function respond(request: string, status: string, extra: readonly string[] = []): string {
  const head = request.split('\r\n\r\n')[0]!.split('\r\n').slice(1);
  const keep = head.filter((l) => /^(via|from|call-id|cseq)\s*:/i.test(l));
  const to = head.find((l) => /^to\s*:/i.test(l)) ?? 'To: <sip:x@x>';
  const toTagged = /;tag=/.test(to) ? to : `${to};tag=${randomBytes(4).toString('hex')}`;
  return [`SIP/2.0 ${status}`, ...keep, toTagged, ...extra, 'Content-Length: 0', '', ''].join('\r\n');
}

/** 200 OK to a REGISTER granting `expires` for the request's Contact. */
export function registerOk(request: string, expires: number | string = 600): string {
  const contact = header(request, 'contact') ?? '<sip:x@x.invalid>';
  const uri = /<[^>]+>/.exec(contact)?.[0] ?? contact;
  return respond(request, '200 OK', [`Contact: ${uri};expires=${expires}`]);
}

/** A plain INVITE for the seat's AOR (sip:1001@sip.test) with a PCMU offer. */
export function invite(callId: string, extra: readonly string[] = []): string {
  const body = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
  return [
    'INVITE sip:1001@sip.test SIP/2.0',
    `Via: SIP/2.0/WS proxy.invalid;branch=z9hG4bK${callId.replace(/[^A-Za-z0-9]/g, '')}`,
    'Max-Forwards: 70',
    'To: <sip:1001@sip.test>',
    'From: "市民" <sip:+8613912345678@gw.test>;tag=caller1',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:caller@192.0.2.50:5060;transport=ws>',
    ...extra,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export async function startFakeSipProxy(): Promise<FakeSipProxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip', maxPayload: 256 * 1024 * 1024 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;
  const received: SeenMessage[] = [];
  const closeCodes: number[] = [];
  const waiters = new Set<() => void>();
  let current: WebSocket | undefined;
  let opened = 0;
  const proxy: FakeSipProxy = {
    url: `ws://127.0.0.1:${port}`,
    received,
    closeCodes,
    connections: () => opened,
    onRegister: (request) => registerOk(request),
    send(text) {
      if (!current) throw new Error('the seat is not connected');
      current.send(text);
    },
    sendRaw(data, binary = false) {
      if (!current) throw new Error('the seat is not connected');
      current.send(data, { binary });
    },
    waitFor(match, options = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.slice(options.from ?? 0).find((m) => match(m.text));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.text);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching SIP message in ${options.timeoutMs ?? 5000} ms; last: ${received.at(-1)?.text.split('\r\n')[0] ?? 'none'}`));
        }, options.timeoutMs ?? 5000);
        waiters.add(check);
        check();
      });
    },
    registers: () => received.filter((m) => m.text.startsWith('REGISTER ')).length,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws) => {
    current = ws;
    opened++;
    ws.on('message', (data) => {
      const text = String(data);
      received.push({ at: Date.now(), text });
      if (text.startsWith('REGISTER ')) {
        const answer = proxy.onRegister(text);
        if (answer !== null) ws.send(answer);
      }
      for (const w of [...waiters]) w();
    });
    ws.on('close', (code) => closeCodes.push(code));
    ws.on('error', () => undefined);
  });
  return proxy;
}

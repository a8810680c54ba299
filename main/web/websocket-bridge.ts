/**
 * Carries the contract over one WebSocket per browser tab. The upgrade is
 * refused unless it carries this launch's token and comes from the host's own
 * origin, so no other page in the browser (and no other local user without
 * the token) can drive the seat.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { webSocketPath, type RequestEnvelope, type ResponseEnvelope } from '../contract/index.js';
import { createLogger, type Core } from '../core/index.js';

const log = createLogger('web-bridge');
const maxMessageBytes = 1024 * 1024;

export interface WebSocketBridgeOptions {
  readonly core: Core;
  readonly token: string;
  /** Origins allowed to connect, e.g. `http://127.0.0.1:5170`. */
  readonly allowedOrigins: () => readonly string[];
}

export interface WebSocketBridge {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every page's socket (they reconnect), e.g. 1012 after the core was restarted. */
  closeClients(code: number, reason: string): void;
  close(): void;
}

export function createWebSocketBridge({ core, token, allowedOrigins }: WebSocketBridgeOptions): WebSocketBridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  let nextClient = 1;

  const refuse = (socket: Duplex, status: number, reason: string) => {
    log.warn(`refused WebSocket: ${reason}`);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const attach = (ws: WebSocket) => {
    const clientId = `web-${nextClient++}`;
    const detach = core.attachClient({
      id: clientId,
      send: (event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      },
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return void ws.close(1003, 'binary frames are not part of the contract');
      let envelope: RequestEnvelope;
      try {
        envelope = JSON.parse(data.toString()) as RequestEnvelope;
      } catch {
        return void ws.close(1007, 'not JSON');
      }
      if (envelope?.t !== 'req' || !Number.isSafeInteger(envelope.id)) {
        return void ws.close(1008, 'not a request envelope');
      }
      // The dispatcher answers every request with a Result; if it ever throws, the page gets an error, not silence.
      const id = envelope.id;
      Promise.resolve()
        .then(() => core.dispatch(envelope.method, envelope.params, clientId))
        .catch((error: unknown): ResponseEnvelope => {
          log.error(`request ${String(envelope.method).slice(0, 64)} failed`, error);
          return { t: 'res', id, ok: false, error: { code: 'internal', message: 'the seat service failed on this request' } };
        })
        .then((result) => {
          const response = { ...result, t: 'res', id } as ResponseEnvelope;
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
        })
        .catch((error: unknown) => log.warn(`could not answer ${clientId}`, error));
    });
    ws.on('close', detach);
    ws.on('error', (error) => log.warn(`socket ${clientId} error`, error));
  };

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname !== webSocketPath) return refuse(socket, 404, 'Not Found');
      if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(socket, 401, 'Unauthorized');
      const origin = req.headers.origin ?? '';
      if (!allowedOrigins().includes(origin)) return refuse(socket, 403, 'Forbidden');
      wss.handleUpgrade(req, socket, head, attach);
    },
    closeClients(code, reason) {
      for (const ws of wss.clients) ws.close(code, reason);
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

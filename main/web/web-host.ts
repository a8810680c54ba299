/**
 * Browser mode: the same core as the Electron app, in a Node process that
 * serves the built renderer on 127.0.0.1 and bridges the contract over a
 * WebSocket. Used as the end-to-end rig and by seats that run a kiosk browser.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createCore, type Core } from '../core/create-core.js';
import { createKeyFileSecretBox } from '../core/profile/key-file-secret-box.js';
import { serveStatic } from './static-files.js';
import { createWebSocketBridge } from './websocket-bridge.js';

export interface WebHostOptions {
  readonly dataDir: string;
  readonly rendererDir: string;
  readonly resourcesDir: string;
  /** Built worker threads (`<root>/out/workers`). */
  readonly workersDir: string;
  readonly version: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export interface WebHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly core: Core;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const core = createCore({
    dataDir: options.dataDir,
    host: 'web',
    version: options.version,
    secrets: createKeyFileSecretBox(options.dataDir),
    resourcesDir: options.resourcesDir,
    workersDir: options.workersDir,
  });
  const token = randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  let port = 0;
  const bridge = createWebSocketBridge({
    core,
    token,
    allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  });
  const server = createServer((req, res) => serveStatic(rendererDir, req, res));
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    core,
    async close() {
      bridge.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await core.close();
    },
  };
}

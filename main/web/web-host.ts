/**
 * Browser mode: the same core as the Electron app, in a Node process that
 * serves the built renderer on 127.0.0.1 and bridges the contract over a
 * WebSocket. Used as the end-to-end rig and by seats that run a kiosk browser.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createCore, createKeyFileSecretBox, type Core } from '../core/index.js';
import { serveStatic } from './static-files.js';
import { lockDataDir } from './data-dir-lock.js';
import { createWebSocketBridge } from './websocket-bridge.js';
import { currentCoreView, superviseCore, type CoreSupervisor } from './core-supervisor.js';

export interface WebHostOptions {
  readonly dataDir: string;
  readonly rendererDir: string;
  readonly resourcesDir: string;
  /** Built worker threads (`<root>/out/workers`). */
  readonly workersDir: string;
  readonly version: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The WebSocket door key (see launch-token.ts); a new random one when absent. */
  readonly token?: string;
  /** Remote provisioning source and seat code (see main/core/provisioning). */
  readonly provision?: { readonly source: string | null; readonly seatCode?: string };
}

export interface WebHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The running core (after a restart, the new one). */
  readonly core: Core;
  /** Replaces a failed core; false when it keeps failing (the host should exit). */
  restartCore(reason: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  const rendererDir = resolve(options.rendererDir);
  // Listen before the core starts, so a taken port does not register the seat first.
  const server = createServer((req, res) => {
    // Nothing a local client sends may end the host.
    try {
      serveStatic(rendererDir, req, res);
    } catch {
      if (!res.headersSent) res.writeHead(400).end('bad request');
      else res.destroy();
    }
  });
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port, '127.0.0.1', () => done());
    });
  } catch (error) {
    unlock();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} on 127.0.0.1 is already in use: choose another with --port, or leave it out to pick a free one`);
    }
    throw error;
  }
  const makeCore = () =>
    createCore({
      dataDir: options.dataDir,
      host: 'web',
      version: options.version,
      secrets: createKeyFileSecretBox(options.dataDir),
      resourcesDir: options.resourcesDir,
      workersDir: options.workersDir,
      ...(options.provision ? { provision: options.provision } : {}),
    });
  // The core is supervised: the host replaces it if it dies (see core-supervisor.ts).
  let supervisor: CoreSupervisor;
  try {
    supervisor = superviseCore({ create: makeCore });
  } catch (error) {
    server.close();
    unlock();
    throw error;
  }
  const core: Core = currentCoreView(supervisor);
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const bridge = createWebSocketBridge({
    core,
    token,
    allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  });
  supervisor.onRestarted(() => bridge.closeClients(1012, 'seat service restarted'));
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    core,
    restartCore: (reason) => supervisor.restart(reason),
    async close() {
      bridge.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await supervisor.close();
      unlock();
    },
  };
}

/**
 * The browser-mode host over real sockets: the contract over the WebSocket,
 * and the doors it keeps shut (no token, wrong token, another origin,
 * paths outside the renderer).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebHost } from '../../../main/web/web-host.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestWebHost } from '../support/test-web-host.js';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(): Promise<WebHost> {
  const dir = tempDir();
  writeFileSync(join(dir, 'outside.txt'), 'private');
  host = await startOn(dir, 0);
  return host;
}

function startOn(dir: string, port: number): Promise<WebHost> {
  return startTestWebHost(dir, { port });
}

/** Status and body of a GET sent with the path exactly as given. */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
    })
      .on('error', reject)
      .end();
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when accepted. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { headers: { origin } } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (error) => reject(error));
  });
}

describe('browser-mode host', () => {
  it('carries the contract over the WebSocket for the right token and origin', async () => {
    const h = await start();
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/hotseat-ws?token=${h.token}`, { headers: { origin: h.origin } });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const reply = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
    ws.send(JSON.stringify({ t: 'req', id: 7, method: 'getAppInfo', params: {} }));
    await expect(reply).resolves.toMatchObject({ t: 'res', id: 7, ok: true, value: { host: 'web', version: '0.0.0-test' } });

    const invalid = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
    ws.send(JSON.stringify({ t: 'req', id: 8, method: 'saveProfile', params: { agentNumber: 'x' } }));
    await expect(invalid).resolves.toMatchObject({ id: 8, ok: false, error: { code: 'invalid' } });
    ws.close();
  });

  it('refuses a connection without the token, with a wrong token, or from another origin', async () => {
    const h = await start();
    const base = `ws://127.0.0.1:${h.port}/hotseat-ws`;
    await expect(upgradeStatus(base, h.origin)).resolves.toBe(401);
    await expect(upgradeStatus(`${base}?token=${h.token.slice(1)}x`, h.origin)).resolves.toBe(401);
    await expect(upgradeStatus(`${base}?token=${h.token}`, 'http://evil.example')).resolves.toBe(403);
    await expect(upgradeStatus(`${base}?token=${h.token}`)).resolves.toBe(403);
    await expect(upgradeStatus(`ws://127.0.0.1:${h.port}/other?token=${h.token}`, h.origin)).resolves.toBe(404);
  });

  it('closes a socket that sends something other than a request envelope', async () => {
    const h = await start();
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/hotseat-ws?token=${h.token}`, { headers: { origin: h.origin } });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json at all');
    await expect(closed).resolves.toBe(1007);
  });

  it('serves the renderer with a strict CSP and nothing outside it', async () => {
    const h = await start();
    const page = await fetch(`${h.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Raw paths: fetch() would normalise the dots away before sending.
    for (const path of ['/../outside.txt', '/..%2foutside.txt', '/%2e%2e/outside.txt', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/index.html%00.js']) {
      const answer = await rawGet(h.port, path);
      expect(answer, path).toMatch(/^40[04] /);
      expect(answer, path).not.toContain('private');
    }
    expect((await fetch(`${h.origin}/missing.js`)).status).toBe(404);
    expect((await fetch(`${h.origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('answers a request target that is not a URL with 400 and keeps serving', async () => {
    const h = await start();
    const send = (target: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(h.port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString()));
        socket.on('close', () => resolve(out.split('\r\n')[0] ?? ''));
        socket.on('error', () => resolve('error'));
      });
    for (const target of ['http://[', '//[', 'http://a:99999/', '/%']) {
      await expect(send(target), target).resolves.toBe('HTTP/1.1 400 Bad Request');
    }
    expect((await fetch(`${h.origin}/`)).status).toBe(200);
  });

  it('refuses a second host on the same seat folder, and says which process holds it', async () => {
    const dir = tempDir();
    host = await startOn(dir, 0);
    await expect(startOn(dir, 0)).rejects.toThrow(new RegExp(`in use by another Hotseat \\(pid ${process.pid}\\)`));
    await host.close();
    host = await startOn(dir, 0);
  });

  it('takes over the lock of a host that died', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'host.lock'), '999999999');
    host = await startOn(dir, 0);
    expect(readFileSync(join(dir, 'data', 'host.lock'), 'utf8')).toBe(String(process.pid));
  });

  it('says what to do when the port is taken, and starts nothing', async () => {
    const first = await start();
    const dir = tempDir();
    await expect(startOn(dir, first.port)).rejects.toThrow(`port ${first.port} on 127.0.0.1 is already in use: choose another with --port`);
    expect(existsSync(join(dir, 'data', 'seat.sqlite'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'host.lock'))).toBe(false);
  });
});

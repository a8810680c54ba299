/**
 * Serves the built renderer (and nothing else) with the same strict
 * Content-Security-Policy the Electron window uses.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../core/index.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};



export function serveStatic(rootDir: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = pathOf(req.url ?? '/');
  const relative = pathname === null ? null : normalize(pathname === '/' ? '/index.html' : pathname);
  const file = relative === null ? null : join(rootDir, relative);
  if (file === null || !(file + sep).startsWith(rootDir + sep) || file.includes('\0')) {
    res.writeHead(400).end('bad path');
    return;
  }
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  // A file that vanished between stat and read ends this response, not the process.
  else createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** The decoded path of a request target; null when it is not a URL (`GET http://[`) or not decodable. */
function pathOf(target: string): string | null {
  let url: URL;
  try {
    url = new URL(target, 'http://host');
  } catch {
    return null;
  }
  return decodeSafely(url.pathname);
}

function decodeSafely(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

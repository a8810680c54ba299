/**
 * The real browser-mode host over a folder of its own: a one-page renderer,
 * the seat data under `data/`, no bundled resources or workers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../main/web/web-host.js';

export function startTestWebHost(dir: string, options: Partial<WebHostOptions> = {}): Promise<WebHost> {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>seat</title>');
  return startWebHost({
    dataDir: join(dir, 'data'),
    rendererDir,
    resourcesDir: join(dir, 'resources'),
    workersDir: join(dir, 'workers'),
    version: '0.0.0-test',
    port: 0,
    ...options,
  });
}

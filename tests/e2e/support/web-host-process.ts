/**
 * Starts the BUILT browser-mode host (`out/web/host.cjs`) as a child
 * process — the same thing `npm run start:web` runs — on a free port with its
 * own data folder, and stops it by pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface WebHostProcess {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** Everything the host printed (stdout + stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after the grace period. Keeps the data folder unless `removeData`. */
  stop(options?: { removeData?: boolean }): Promise<void>;
}

export interface StartWebHostOptions {
  /** Reuse a data folder (to test persistence across restarts). */
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  /** Host flags instead of `--port 0` (the data folder is always passed). */
  readonly args?: readonly string[];
}

export async function startWebHostProcess(options: StartWebHostOptions = {}): Promise<WebHostProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'hotseat-e2e-'));
  const child = spawn(process.execPath, [join(repoRoot, 'out/web/host.cjs'), ...(options.args ?? ['--port', '0']), '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const ready = await waitForReady(child, () => output, options.timeoutMs ?? 15_000);
  const origin = new URL(ready.url).origin;
  return {
    url: ready.url,
    origin,
    port: ready.port,
    pid: child.pid!,
    dataDir,
    output: () => output,
    async stop({ removeData = false } = {}) {
      await stopChild(child);
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`browser-mode host did not print HOTSEAT_READY in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const check = () => {
      const match = /^HOTSEAT_READY (.+)$/m.exec(output());
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(JSON.parse(match[1]!) as { url: string; port: number });
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser-mode host exited with ${code} before it was ready:\n${output()}`));
    });
  });
}

export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Process management for the rig: every peer runs in its own process group
 * (detached), under `setpriv --pdeathsig TERM` so it dies with the test
 * runner, and is stopped by pid: SIGTERM to its group, SIGKILL after a grace
 * period. Nothing here ever kills by name.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';

/** Debian package that provides each binary the rig needs. */
export const DEBIAN_PACKAGE: Record<string, string> = {
  kamailio: 'kamailio kamailio-websocket-modules kamailio-extra-modules',
  rtpengine: 'rtpengine-daemon',
  baresip: 'baresip-core',
  sipp: 'sip-tester',
  setpriv: 'util-linux',
};

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of `name`, or a clear error naming the Debian package. Never a silent skip. */
export function requireBinary(name: string): string {
  for (const dir of SEARCH_PATH) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  const pkg = DEBIAN_PACKAGE[name] ?? '(unknown package)';
  throw new Error(`test rig: binary '${name}' not found on PATH. Install the Debian package: apt-get install ${pkg}`);
}

/** Kamailio modules live outside PATH: check the ones the rig loads. */
export function requireKamailioModules(names: string[]): void {
  const dirs = ['/usr/lib/x86_64-linux-gnu/kamailio/modules', '/usr/lib/aarch64-linux-gnu/kamailio/modules', '/usr/lib/kamailio/modules', '/usr/local/lib64/kamailio/modules', '/usr/local/lib/kamailio/modules'];
  const pkgOf: Record<string, string> = { 'websocket.so': 'kamailio-websocket-modules', 'rtpengine.so': 'kamailio-extra-modules' };
  for (const n of names) {
    const found = dirs.some((d) => {
      try {
        accessSync(join(d, n), constants.R_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) {
      throw new Error(`test rig: Kamailio module ${n} not found. Install the Debian package: apt-get install ${pkgOf[n] ?? 'kamailio'}`);
    }
  }
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything written to stdout+stderr so far (capped at ~4 MB, oldest dropped). */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** Resolves when `re` matches the output (already written or later); rejects on timeout or exit. */
  waitForOutput(re: RegExp, timeoutMs?: number, fromOffset?: number): Promise<RegExpMatchArray>;
  /** Current length of the output buffer (use as `fromOffset` to wait only for new lines). */
  outputOffset(): number;
  /** Subscribe to output chunks. Returns an unsubscribe function. */
  onOutput(fn: (chunk: string) => void): () => void;
  /** SIGTERM to the process group (or `signal`), SIGKILL to the group after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** SIGKILL to the whole process group, immediately. */
  kill(): Promise<void>;
}

const live = new Set<ManagedProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test forgot to stop something: SIGKILL every group we created.
  process.on('exit', () => {
    for (const p of live) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const d of tempDirs) removeTempDir(d);
  });
}

let setprivOk: boolean | undefined;
function haveSetpriv(): boolean {
  if (setprivOk === undefined) {
    try {
      execFileSync(requireBinary('setpriv'), ['--pdeathsig', 'TERM', '--', 'true'], { stdio: 'ignore' });
      setprivOk = true;
    } catch {
      setprivOk = false;
    }
  }
  return setprivOk;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep stdin as a pipe (for baresip-like consoles). Default: ignore. */
  stdinPipe?: boolean;
  /** Echo output lines to the console with a prefix (debugging). Default: env RIG_VERBOSE=1. */
  echo?: boolean;
}

const MAX_BUF = 4 * 1024 * 1024;

/** Spawn `bin args` in a new process group, dying with this process (pdeathsig). */
export function spawnManaged(name: string, bin: string, args: string[], opts: SpawnOptions = {}): ManagedProcess {
  installExitHook();
  const usePdeath = haveSetpriv();
  const cmd = usePdeath ? requireBinary('setpriv') : bin;
  const argv = usePdeath ? ['--pdeathsig', 'TERM', '--', bin, ...args] : args;
  const child = spawn(cmd, argv, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true, // own process group: pgid == pid
    stdio: [opts.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`test rig: failed to spawn ${name} (${bin})`);
  }
  const pid = child.pid;
  let buf = '';
  let dropped = 0;
  const listeners = new Set<(chunk: string) => void>();
  const echo = opts.echo ?? process.env.RIG_VERBOSE === '1';
  const onData = (d: Buffer) => {
    const s = d.toString('utf8');
    buf += s;
    if (buf.length > MAX_BUF) {
      const cut = buf.length - MAX_BUF;
      buf = buf.slice(cut);
      dropped += cut;
    }
    if (echo) {
      for (const line of s.split('\n')) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
    }
    for (const l of listeners) l(s);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, sig) => {
      exitedFlag = true;
      live.delete(mp);
      for (const l of listeners) l('');
      resolve(code ?? sig ?? -1);
    });
    child.once('error', (err) => {
      buf += `\n[spawn error] ${String(err)}\n`;
    });
  });

  const groupAlive = (): boolean => processGroupAlive(pid);
  const sendGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* group gone */
    }
  };
  const waitGroupGone = async (ms: number): Promise<boolean> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (exitedFlag && !groupAlive()) return true;
      await sleep(20);
    }
    return exitedFlag && !groupAlive();
  };

  const mp: ManagedProcess = {
    name,
    pid,
    child,
    exited,
    output: () => buf,
    outputOffset: () => buf.length + dropped,
    hasExited: () => exitedFlag,
    onOutput(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    waitForOutput(re, timeoutMs = 10_000, fromOffset = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const start = Math.max(0, fromOffset - dropped);
          const m = buf.slice(start).match(re);
          if (m) {
            cleanup();
            resolve(m);
            return true;
          }
          if (exitedFlag) {
            cleanup();
            reject(new Error(`${name} (pid ${pid}) exited while waiting for ${re}. Output tail:\n${buf.slice(-3000)}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} (pid ${pid}): timeout ${timeoutMs} ms waiting for ${re}. Output tail:\n${buf.slice(-3000)}`));
        }, timeoutMs);
        const off = mp.onOutput(() => void check());
        const cleanup = () => {
          clearTimeout(timer);
          off();
        };
        check();
      });
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000) {
      if (exitedFlag && !groupAlive()) return;
      sendGroup(signal);
      if (await waitGroupGone(graceMs)) return;
      sendGroup('SIGKILL');
      await waitGroupGone(2000);
    },
    async kill() {
      sendGroup('SIGKILL');
      await waitGroupGone(3000);
    },
  };
  live.add(mp);
  return mp;
}

/**
 * True if the process group `pgid` still has a live (non-zombie) member.
 * Zombies (killed, not yet reaped by init) do not count: they hold no ports.
 */
export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true; // no procfs: trust kill(0)
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...  — comm may contain spaces/parens
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') return true;
  }
  return false;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A fresh temp dir (removed by `removeTempDir`, or by the owning handle's stop()). */
export function makeTempDir(prefix: string): string {
  installExitHook();
  sweepStaleTempDirs();
  const d = mkdtempSync(join(tmpdir(), `hotseat-rig-${prefix}-`));
  writeFileSync(join(d, '.owner-pid'), String(process.pid));
  tempDirs.add(d);
  return d;
}

let swept = false;
/** Once per process: remove rig temp dirs left by test processes that were SIGKILLed. */
function sweepStaleTempDirs(): void {
  if (swept || process.env.RIG_KEEP_TMP === '1') return;
  swept = true;
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith('hotseat-rig-'));
  } catch {
    return;
  }
  for (const n of names) {
    const d = join(tmpdir(), n);
    let owner: number;
    try {
      owner = Number(readFileSync(join(d, '.owner-pid'), 'utf8'));
    } catch {
      continue; // not ours / not finished creating
    }
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid) continue;
    try {
      // safety net (an owner in another PID namespace looks dead): only dirs older than 5 min
      if (Date.now() - statSync(d).mtimeMs < 5 * 60_000) continue;
    } catch {
      continue;
    }
    try {
      process.kill(owner, 0);
      continue; // owner alive
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') continue;
    }
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  }
}

/** Remove a rig temp dir (kept when RIG_KEEP_TMP=1, for debugging). */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  if (process.env.RIG_KEEP_TMP === '1') return;
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* ignore */
  }
}

/** Poll `fn` until it returns true, or throw after `timeoutMs`. */
export async function waitUntil(fn: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`test rig: timeout after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

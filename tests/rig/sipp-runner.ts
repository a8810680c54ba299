/**
 * sipp (Debian sip-tester 3.6.1) runner for the rig's scenarios in
 * tests/rig/sipp/. UAC scenarios go THROUGH Kamailio (record-routed); UAS
 * scenarios answer the seat's outgoing calls (e.g. as the PSTN gateway).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, freePortRange } from './ports';
import { makeTempDir, removeTempDir, requireBinary, spawnManaged, type ManagedProcess } from './proc';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SIPP_SCENARIO_DIR = join(HERE, 'sipp');

export type SippScenario =
  | 'uac-answered-caller-hangs-up'
  | 'uac-answered-callee-hangs-up'
  | 'uac-rejected'
  | 'uac-info-dtmf'
  | 'uac-cancel'
  | 'uas-answer'
  | 'uas-busy'
  | (string & {});

export interface SippOptions {
  /** Scenario name from tests/rig/sipp/ (without .xml) or a path to an XML file. */
  scenario: SippScenario;
  /**
   * UAC: where to send, i.e. Kamailio's UDP port (number) or "127.0.0.1:PORT".
   * Omit for UAS scenarios (uas-*).
   */
  target?: number | string;
  /** UAC: the called user (R-URI/To user, sipp -s), e.g. '1001'. */
  callee?: string;
  /** UAC: From user, the "PSTN caller" number. Default '13800138000'. */
  caller?: string;
  /** Local SIP port (UDP). Default: a free port. Known in advance via sipPort in background mode. */
  port?: number;
  /** Number of calls (-m). Default 1. */
  calls?: number;
  /** Calls per second (-r). Default 10. */
  rate?: number;
  /** Max simultaneous calls (-l). */
  limit?: number;
  /** Length of the scenario's <pause/> in ms (-d): talk time, ring time (uac-cancel), ring time before answer (uas-*). Default 500. */
  pauseMs?: number;
  /**
   * Extra headers for the INVITE (UAC scenarios). Values may use sipp keywords,
   * e.g. { 'X-Queue': 'health', 'Call-Info': '<sip:c.test>;answer-after=0' }.
   * NOTE: sipp keywords inside values are NOT expanded (they are -key values).
   */
  headers?: Record<string, string>;
  /** X-Call-Uid is `${uidPrefix}${call_number}` (call_number starts at 1). Default `sipp-<random>-`. */
  uidPrefix?: string;
  /** DTMF digit for uac-info-dtmf. Default '5'. */
  dtmf?: string;
  /** Global timeout in seconds (-timeout, with -timeout_error). Default 15. */
  timeoutSec?: number;
  /** Per-message receive timeout in ms (-recv_timeout). Default 10000. */
  recvTimeoutMs?: number;
  /** Keep a message trace (-trace_msg); its path is returned in messagesLog. */
  traceMessages?: boolean;
  /** More sipp arguments (appended). */
  extraArgs?: string[];
}

export interface SippResult {
  /** sipp exit code: 0 all calls OK, 1 some failed, 97/99 see sipp docs, 255/-1 fatal. */
  exitCode: number;
  successful: number;
  failed: number;
  /** INVITE -> 200 response times in ms, one per answered call (UAC scenarios). */
  rttMs: number[];
  stdout: string;
  stderr: string;
  /** sipp's -trace_err log (unexpected messages), '' if none. */
  errors: string;
  /** -trace_msg log ('' unless traceMessages). */
  messages: string;
  /** The exact command line (for reproducing by hand). */
  command: string;
  /** Wall time of the run in ms. */
  durationMs: number;
  /** X-Call-Uid prefix used. */
  uidPrefix: string;
}

export interface SippBackground {
  /** Local SIP port (e.g. for kam.setPstnGateway(`sip:127.0.0.1:${sipPort}`)). */
  readonly sipPort: number;
  readonly uri: string;
  readonly pid: number;
  readonly uidPrefix: string;
  /** Resolves when sipp exits (all calls done, timeout, or stop()). */
  readonly done: Promise<SippResult>;
  /** SIGTERM to sipp's group (SIGKILL after grace); resolves with the result. */
  stop(): Promise<SippResult>;
  readonly process: ManagedProcess;
}

function scenarioPath(s: string): string {
  if (isAbsolute(s) || s.endsWith('.xml')) {
    if (!existsSync(s)) throw new Error(`sipp rig: scenario file not found: ${s}`);
    return s;
  }
  const p = join(SIPP_SCENARIO_DIR, `${s}.xml`);
  if (!existsSync(p)) throw new Error(`sipp rig: unknown scenario ${s} (no ${p})`);
  return p;
}

/** Start sipp and return immediately (long runs, UAS mode). */
export async function startSipp(opts: SippOptions): Promise<SippBackground> {
  const bin = requireBinary('sipp');
  const scen = scenarioPath(opts.scenario);
  const isUas = basename(scen).startsWith('uas');
  if (!isUas && (opts.target === undefined || !opts.callee)) throw new Error('sipp rig: UAC scenarios need target (Kamailio UDP port) and callee');
  const port = opts.port ?? (await freePort());
  const mediaPort = await freePortRange(4);
  const dir = makeTempDir('sipp');
  const uidPrefix = opts.uidPrefix ?? `sipp-${Math.random().toString(36).slice(2, 8)}-`;
  const headers = Object.entries(opts.headers ?? {})
    .map(([k, v]) => {
      if (/[\r\n]/.test(k + v)) throw new Error(`sipp rig: header ${k} contains a line break`);
      return `\r\n${k}: ${v}`;
    })
    .join('');
  const statFile = join(dir, 'stat.csv');
  const args = [
    '-sf', scen,
    '-i', '127.0.0.1',
    '-p', String(port),
    '-mp', String(mediaPort),
    '-nostdin',
    '-timeout', `${opts.timeoutSec ?? 15}s`,
    '-timeout_error',
    '-recv_timeout', String(opts.recvTimeoutMs ?? 10000),
    '-m', String(opts.calls ?? 1),
    '-r', String(opts.rate ?? 10),
    '-d', String(opts.pauseMs ?? 500),
    '-key', 'caller', opts.caller ?? '13800138000',
    '-key', 'uid_prefix', uidPrefix,
    '-key', 'rig_headers', headers,
    '-key', 'dtmf', opts.dtmf ?? '5',
    '-trace_stat', '-stf', statFile, '-fd', '1',
    '-trace_rtt', '-rtt_freq', '1',
    '-trace_err',
  ];
  if (opts.limit !== undefined) args.push('-l', String(opts.limit));
  if (opts.traceMessages) args.push('-trace_msg');
  if (!isUas) args.push('-s', opts.callee!);
  args.push(...(opts.extraArgs ?? []));
  if (!isUas) args.push(typeof opts.target === 'number' ? `127.0.0.1:${opts.target}` : String(opts.target));

  const command = [bin, ...args].map((a) => (/[\s'"\r\n;<>]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');
  const t0 = performance.now();
  const proc = spawnManaged(`sipp-${basename(scen, '.xml')}`, bin, args, { cwd: dir });
  let stdout = '';
  let stderr = '';
  proc.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));

  const done = proc.exited.then((code) => {
    const exitCode = typeof code === 'number' ? code : -1;
    const res = collect(dir, statFile, exitCode, stdout, stderr, command, performance.now() - t0, uidPrefix);
    removeTempDir(dir);
    return res;
  });
  // If sipp cannot bind it exits at once: surface that instead of a timeout later.
  await new Promise((r) => setTimeout(r, 30));
  if (proc.hasExited()) {
    const r = await done;
    if (r.exitCode !== 0 && r.exitCode !== 1) {
      throw new Error(`sipp exited at start with ${r.exitCode}: ${r.stderr.slice(-2000)}${r.stdout.slice(-1000)}\n${command}`);
    }
  }
  return {
    sipPort: port,
    uri: `sip:127.0.0.1:${port}`,
    pid: proc.pid,
    uidPrefix,
    done,
    async stop() {
      await proc.stop('SIGTERM', 3000);
      return done;
    },
    process: proc,
  };
}

/** Run sipp to completion. */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  const bg = await startSipp(opts);
  return bg.done;
}

function collect(dir: string, statFile: string, exitCode: number, stdout: string, stderr: string, command: string, durationMs: number, uidPrefix: string): SippResult {
  let successful = 0;
  let failed = 0;
  if (existsSync(statFile)) {
    const lines = readFileSync(statFile, 'utf8').trim().split('\n');
    const head = (lines[0] ?? '').split(';');
    const last = (lines.at(-1) ?? '').split(';');
    const col = (name: string) => {
      const i = head.indexOf(name);
      return i >= 0 ? Number(last[i] ?? 0) : 0;
    };
    if (lines.length > 1) {
      successful = col('SuccessfulCall(C)');
      failed = col('FailedCall(C)');
    }
  }
  const files = readdirSync(dir);
  const rttFile = files.find((f) => f.endsWith('_rtt.csv'));
  const rttMs: number[] = [];
  if (rttFile) {
    for (const line of readFileSync(join(dir, rttFile), 'utf8').split('\n').slice(1)) {
      const parts = line.split(';');
      if (parts.length >= 2 && parts[1] !== undefined && parts[1] !== '') rttMs.push(Number(parts[1]));
    }
  }
  const errFile = files.find((f) => f.endsWith('_errors.log'));
  const msgFile = files.find((f) => f.endsWith('_messages.log'));
  return {
    exitCode,
    successful,
    failed,
    rttMs,
    stdout,
    stderr,
    errors: errFile ? readFileSync(join(dir, errFile), 'utf8') : '',
    messages: msgFile ? readFileSync(join(dir, msgFile), 'utf8') : '',
    command,
    durationMs,
    uidPrefix,
  };
}

/** Percentile (0..100) of a list of numbers (e.g. rttMs). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

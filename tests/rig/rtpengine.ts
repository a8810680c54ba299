/**
 * rtpengine (Debian rtpengine-daemon), userspace only, driven by Kamailio's
 * rtpengine module over the ng protocol (UDP, bencode).
 */
import { createSocket } from 'node:dgram';
import { freePort, freePortRange } from './ports';
import { requireBinary, spawnManaged, type ManagedProcess } from './proc';

export interface RtpengineOptions {
  /** ng control port (UDP). Default: a free port. */
  ngPort?: number;
  /** Media port range. Default: 200 free consecutive ports. */
  minPort?: number;
  maxPort?: number;
  /** rtpengine log level (1-7). Default 6 (info). */
  logLevel?: number;
  /** ms to wait for the ng "ping" to answer. Default 5000. */
  startTimeoutMs?: number;
}

export interface RtpengineHandle {
  readonly ngPort: number;
  /** Kamailio `rtpengine_sock` value, e.g. "udp:127.0.0.1:2223". */
  readonly sock: string;
  readonly pid: number;
  readonly minPort: number;
  readonly maxPort: number;
  /** ms from spawn until it answered an ng ping. */
  readonly startMs: number;
  logs(): string;
  /** Send an ng command (e.g. {command:'list'}) and return the decoded reply. */
  ng(cmd: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  stop(): Promise<void>;
  readonly process: ManagedProcess;
}

export async function startRtpengine(opts: RtpengineOptions = {}): Promise<RtpengineHandle> {
  const bin = requireBinary('rtpengine');
  const ngPort = opts.ngPort ?? (await freePort());
  let minPort = opts.minPort;
  let maxPort = opts.maxPort;
  if (minPort === undefined || maxPort === undefined) {
    minPort = await freePortRange(200);
    maxPort = minPort + 199;
  }
  const args = [
    '--config-file=none',
    '-t', '-1',
    '-i', '127.0.0.1',
    '-n', `127.0.0.1:${ngPort}`,
    '-m', String(minPort),
    '-M', String(maxPort),
    '-L', String(opts.logLevel ?? 6),
    '-f',
    '-E',
  ];
  const t0 = performance.now();
  const proc = spawnManaged('rtpengine', bin, args);
  const ng = (cmd: Record<string, unknown>, timeoutMs = 2000) => ngRequest(ngPort, cmd, timeoutMs);
  const deadline = Date.now() + (opts.startTimeoutMs ?? 5000);
  for (;;) {
    if (proc.hasExited()) {
      throw new Error(`rtpengine exited during start (args: ${args.join(' ')}). Output:\n${proc.output().slice(-3000)}`);
    }
    try {
      const r = (await ng({ command: "ping" }, 50)) as { result?: string };
      if (r.result === 'pong') break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`rtpengine did not answer ng ping on 127.0.0.1:${ngPort}. Output:\n${proc.output().slice(-3000)}`);
    }
  }
  const startMs = performance.now() - t0;
  return {
    ngPort,
    sock: `udp:127.0.0.1:${ngPort}`,
    pid: proc.pid,
    minPort,
    maxPort,
    startMs,
    logs: () => proc.output(),
    ng,
    stop: () => proc.stop('SIGTERM', 3000),
    process: proc,
  };
}

// ---- minimal bencode for the ng protocol ----
type BVal = string | number | BVal[] | { [k: string]: BVal };

function bencode(v: unknown): string {
  if (typeof v === 'number') return `i${Math.trunc(v)}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v)}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `d${keys.map((k) => bencode(k) + bencode((v as Record<string, unknown>)[k])).join('')}e`;
  }
  throw new Error(`bencode: unsupported value ${String(v)}`);
}

function bdecode(buf: Buffer): BVal {
  let i = 0;
  const parse = (): BVal => {
    const c = String.fromCharCode(buf[i]!);
    if (c === 'i') {
      const e = buf.indexOf(0x65, i);
      const n = Number(buf.subarray(i + 1, e).toString());
      i = e + 1;
      return n;
    }
    if (c === 'l') {
      i++;
      const out: BVal[] = [];
      while (buf[i] !== 0x65) out.push(parse());
      i++;
      return out;
    }
    if (c === 'd') {
      i++;
      const out: Record<string, BVal> = {};
      while (buf[i] !== 0x65) {
        const k = parse() as string;
        out[k] = parse();
      }
      i++;
      return out;
    }
    const colon = buf.indexOf(0x3a, i);
    const len = Number(buf.subarray(i, colon).toString());
    const s = buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
    i = colon + 1 + len;
    return s;
  };
  return parse();
}

function ngRequest(port: number, cmd: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const cookie = `rig${Math.random().toString(36).slice(2, 10)}`;
    let finished = false;
    const finish = (fn: () => void) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        /* already closed */
      }
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`rtpengine ng ${String(cmd.command)}: no reply in ${timeoutMs} ms`))), timeoutMs);
    sock.on('message', (msg) => {
      const sp = msg.indexOf(0x20);
      if (msg.subarray(0, sp).toString() !== cookie) return;
      finish(() => {
        try {
          resolve(bdecode(msg.subarray(sp + 1)));
        } catch (e) {
          reject(e as Error);
        }
      });
    });
    sock.on('error', (e) => finish(() => reject(e)));
    sock.send(`${cookie} ${bencode(cmd)}`, port, '127.0.0.1');
  });
}

/**
 * baresip (Debian baresip-core 1.0.0) as a scripted SIP UA over UDP: plays a
 * WAV as its microphone (aufile), dumps what it hears to WAV (sndfile filter,
 * aubridge as a silent player), and is driven over its ctrl_tcp module
 * (netstring JSON commands + JSON events).
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort, freePortRange } from './ports';
import { makeTempDir, removeTempDir, requireBinary, sleep, spawnManaged, waitUntil, type ManagedProcess } from './proc';
import { makeToneWav } from './wav';

export type BaresipAnswerMode = 'manual' | 'auto' | 'early';

/** Event types seen from baresip 1.0.0 ctrl_tcp (not exhaustive). */
export type BaresipEventType =
  | 'REGISTERING'
  | 'REGISTER_OK'
  | 'REGISTER_FAIL'
  | 'UNREGISTERING'
  | 'CALL_INCOMING'
  | 'CALL_RINGING'
  | 'CALL_PROGRESS'
  | 'CALL_ESTABLISHED'
  | 'CALL_CLOSED'
  | 'CALL_RTPESTAB'
  | 'CALL_LOCAL_SDP'
  | 'CALL_REMOTE_SDP'
  | 'CALL_DTMF_START'
  | 'CALL_DTMF_END'
  | 'TRANSFER'
  | 'AUDIO_ERROR'
  | 'CALL_RTCP'
  | (string & {});

export interface BaresipEvent {
  /** Position in `events` (use with mark()/from). */
  seq: number;
  /** ms since the UA started. */
  t: number;
  type: BaresipEventType;
  class?: string;
  accountaor?: string;
  direction?: 'incoming' | 'outgoing';
  peeruri?: string;
  peerdisplayname?: string;
  /** baresip's call id (the SIP Call-ID). */
  id?: string;
  /** CALL_CLOSED: reason; CALL_DTMF_START: the digit; CALL_RINGING/ESTABLISHED: peer uri. */
  param?: string;
  [k: string]: unknown;
}

export interface BaresipKamailio {
  udpPort: number;
  domain: string;
  users: Readonly<Record<string, string>>;
}

export interface BaresipOptions {
  /** Kamailio to use as outbound proxy (a KamailioHandle works). */
  kamailio: BaresipKamailio;
  /** SIP user (AoR sip:USER@sip.test). Default 'pstn'. */
  user?: string;
  /** Register at Kamailio. Default: true if `user` is in kamailio.users. */
  register?: boolean;
  /** Default: kamailio.users[user]. */
  password?: string;
  displayName?: string;
  /**
   * WAV played as the microphone (8 kHz mono 16-bit). baresip 1.0.0's aufile does NOT loop:
   * when the file ends, the call is closed (AUDIO_ERROR "end of file", CALL_CLOSED "end of file").
   * Default: generated from `toneHz`/`toneSeconds`.
   */
  playWav?: string;
  /** Generate the microphone WAV as this tone (Hz). Default 1000. Ignored if playWav is set. */
  toneHz?: number;
  /** Length of the generated tone = longest possible call (s). Default 300 (4.8 MB). */
  toneSeconds?: number;
  /** 'manual' (answer() needed), 'auto' or 'early'. Default 'manual'. */
  answerMode?: BaresipAnswerMode;
  /** UDP SIP port (baresip also binds TCP on it and TLS on port+1). Default: free pair. */
  sipPort?: number;
  /** Where received/sent audio dumps go. Default: the UA's temp dir. */
  dumpDir?: string;
  /** Extra lines for baresip's config file. */
  extraConfig?: string[];
  /** Pass -v to baresip. */
  verbose?: boolean;
  /** ms to wait for start (+ registration). Default 8000. */
  startTimeoutMs?: number;
}

export interface BaresipHandle {
  readonly user: string;
  /** sip:USER@sip.test */
  readonly aor: string;
  readonly sipPort: number;
  /** sip:USER@127.0.0.1:PORT — use as Kamailio's PSTN gateway (kam.setPstnGateway) or to call it directly. */
  readonly directUri: string;
  readonly pid: number;
  readonly dir: string;
  readonly dumpDir: string;
  /** The WAV it plays as microphone. */
  readonly playWav: string;
  readonly registered: boolean;
  /** ms from spawn to "ready" (registered, if registering). */
  readonly startMs: number;
  /** Events received so far (in order). */
  readonly events: readonly BaresipEvent[];
  /** Current number of events: pass as `from` to wait only for later events. */
  mark(): number;
  /** Wait for an event of `type` (and matching `filter`) with seq >= from (default 0). */
  waitForEvent(type: BaresipEventType, opts?: { from?: number; timeoutMs?: number; filter?: (e: BaresipEvent) => boolean }): Promise<BaresipEvent>;
  /** Run a baresip command (help, dial, accept, hangup, sndcode, listcalls, reginfo, quit, ...). Resolves with its text. */
  command(cmd: string, params?: string): Promise<string>;
  /** Dial (e.g. 'sip:1001@sip.test' or just '1001'). Returns mark() before dialing. */
  dial(uri: string): Promise<number>;
  /** Accept the incoming call (answerMode 'manual'). */
  answer(): Promise<void>;
  hangup(): Promise<void>;
  /** RFC 4733 DTMF, one digit at a time (gapMs between digits, default 250). */
  sendDtmf(digits: string, gapMs?: number): Promise<void>;
  /** Dumps written so far: `dec` = what it heard, `enc` = what it sent (newest last). */
  dumps(): { dec: string[]; enc: string[] };
  /** Newest "heard" dump (…-dec.wav), or undefined. */
  lastHeardWav(): string | undefined;
  /** stdout/stderr of baresip. */
  logs(): string;
  /** Graceful stop (un-REGISTER, BYE), SIGTERM to the group, SIGKILL after grace. Removes temp dir unless keepDir. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
  readonly process: ManagedProcess;
}

export async function startBaresip(opts: BaresipOptions): Promise<BaresipHandle> {
  const bin = requireBinary('baresip');
  const k = opts.kamailio;
  const user = opts.user ?? 'pstn';
  const password = opts.password ?? k.users[user];
  const register = opts.register ?? k.users[user] !== undefined;
  if (register && !password) throw new Error(`baresip rig: no password for user ${user}`);
  const dir = makeTempDir(`baresip-${user}`);
  const dumpDir = opts.dumpDir ?? dir;
  const sipPort = opts.sipPort ?? (await freePortRange(2));
  const ctrlPort = await freePort();
  const rtpBase = await freePortRange(20);
  const playWav = opts.playWav ?? makeToneWav(join(dir, `mic-${opts.toneHz ?? 1000}hz.wav`), { freqHz: opts.toneHz ?? 1000, seconds: opts.toneSeconds ?? 300, sampleRate: 8000 });
  const answerMode = opts.answerMode ?? 'manual';

  const config = [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${sipPort}`,
    'call_local_timeout 120',
    'call_max_calls 4',
    `audio_player aubridge,rig-sink-${user}`,
    `audio_source aufile,${playWav}`,
    `audio_alert aubridge,rig-alert-${user}`,
    `rtp_ports ${rtpBase}-${rtpBase + 19}`,
    'rtcp_mux no',
    'net_interface 127.0.0.1',
    'dns_server 127.0.0.1:53',
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module aufile.so',
    'module aubridge.so',
    'module sndfile.so',
    'module_tmp account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    'statmode_default off',
    'ringback_disabled yes',
    `snd_path ${dumpDir}`,
    ...(opts.extraConfig ?? []),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config'), config);

  const display = opts.displayName ? `"${opts.displayName}" ` : '';
  const params = [
    `outbound="sip:127.0.0.1:${k.udpPort};transport=udp"`,
    `answermode=${answerMode}`,
    'audio_codecs=PCMU,PCMA',
    register ? `auth_pass=${password}` : '',
    register ? 'regint=600' : 'regint=0',
  ].filter(Boolean);
  writeFileSync(join(dir, 'accounts'), `${display}<sip:${user}@${k.domain};transport=udp>;${params.join(';')}\n`);
  writeFileSync(join(dir, 'contacts'), '');

  const t0 = performance.now();
  const args = ['-f', dir, ...(opts.verbose ? ['-v'] : [])];
  const proc = spawnManaged(`baresip-${user}`, bin, args, { cwd: dir });
  const events: BaresipEvent[] = [];
  const waiters = new Set<() => void>();
  const pending = new Map<string, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  let sock: Socket | undefined;
  let registered = false;
  let tok = 0;

  const timeoutMs = opts.startTimeoutMs ?? 8000;
  try {
    await proc.waitForOutput(/baresip is ready\./, timeoutMs);
    // connect ctrl_tcp
    await waitUntil(
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect({ port: ctrlPort, host: '127.0.0.1' });
          s.once('connect', () => {
            sock = s;
            resolve(true);
          });
          s.once('error', () => resolve(false));
        }),
      timeoutMs,
      `baresip ctrl_tcp on ${ctrlPort}`,
    );
  } catch (e) {
    await proc.stop();
    removeTempDir(dir);
    throw e;
  }
  let rx = Buffer.alloc(0);
  sock!.on('data', (d: Buffer) => {
    rx = Buffer.concat([rx, d]);
    for (;;) {
      const c = rx.indexOf(0x3a);
      if (c < 0) break;
      const n = Number(rx.subarray(0, c).toString());
      if (rx.length < c + 1 + n + 1) break;
      const json = rx.subarray(c + 1, c + 1 + n).toString('utf8');
      rx = rx.subarray(c + 2 + n);
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(json) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (msg.response) {
        const p = pending.get(String(msg.token));
        if (p) {
          pending.delete(String(msg.token));
          if (msg.ok) p.resolve(String(msg.data ?? ''));
          else p.reject(new Error(`baresip ${user}: command failed: ${String(msg.data ?? '')}`));
        }
      } else if (msg.event) {
        const ev = { ...msg, seq: events.length, t: performance.now() - t0 } as BaresipEvent;
        delete (ev as Record<string, unknown>).event;
        events.push(ev);
        for (const w of waiters) w();
      }
    }
  });
  sock!.on('error', () => undefined);
  sock!.on('close', () => {
    for (const p of pending.values()) p.reject(new Error(`baresip ${user}: control connection closed`));
    pending.clear();
    for (const w of waiters) w();
  });

  const command = (cmd: string, p?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      if (!sock || sock.destroyed) return reject(new Error(`baresip ${user}: not connected`));
      const token = `t${++tok}`;
      pending.set(token, { resolve, reject });
      const body = JSON.stringify(p === undefined ? { command: cmd, token } : { command: cmd, params: p, token });
      sock.write(`${Buffer.byteLength(body)}:${body},`);
      setTimeout(() => {
        if (pending.delete(token)) reject(new Error(`baresip ${user}: no response to ${cmd} in 5 s`));
      }, 5000);
    });

  const waitForEvent: BaresipHandle['waitForEvent'] = (type, o = {}) =>
    new Promise((resolve, reject) => {
      const from = o.from ?? 0;
      const check = (): boolean => {
        const ev = events.find((e) => e.seq >= from && e.type === type && (!o.filter || o.filter(e)));
        if (ev) {
          done();
          resolve(ev);
          return true;
        }
        if (proc.hasExited() || sock?.destroyed) {
          done();
          reject(new Error(`baresip ${user}: exited/disconnected while waiting for ${type}. Events: ${events.map((e) => e.type).join(',')}\n${proc.output().slice(-2000)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`baresip ${user}: timeout ${o.timeoutMs ?? 10000} ms waiting for ${type}. Events since ${from}: ${events.slice(from).map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(', ')}\nLog tail:\n${proc.output().slice(-2000)}`));
      }, o.timeoutMs ?? 10000);
      const w = () => void check();
      const done = () => {
        clearTimeout(timer);
        waiters.delete(w);
      };
      waiters.add(w);
      check();
    });

  if (register) {
    // Registration may complete before ctrl_tcp is connected: read stdout.
    try {
      const m = await proc.waitForOutput(new RegExp(`${user}@${k.domain.replace(/\./g, '\\.')}: \\{0/UDP/v4\\} (\\d{3}) `), timeoutMs);
      if (m[1] !== '200') throw new Error(`baresip ${user}: registration failed with ${m[1]}`);
      registered = true;
    } catch (e) {
      sock?.destroy();
      await proc.stop();
      removeTempDir(dir);
      throw e;
    }
  }
  const startMs = performance.now() - t0;

  const listDumps = () => {
    const all = readdirSync(dumpDir)
      .filter((f) => /^dump-.*-(dec|enc)\.wav$/.test(f))
      .map((f) => join(dumpDir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
    return { dec: all.filter((f) => f.endsWith('-dec.wav')), enc: all.filter((f) => f.endsWith('-enc.wav')) };
  };

  return {
    user,
    aor: `sip:${user}@${k.domain}`,
    sipPort,
    directUri: `sip:${user}@127.0.0.1:${sipPort}`,
    pid: proc.pid,
    dir,
    dumpDir,
    playWav,
    get registered() {
      return registered;
    },
    startMs,
    events,
    mark: () => events.length,
    waitForEvent,
    command,
    async dial(uri: string) {
      const m = events.length;
      const target = uri.includes(':') || uri.includes('@') ? uri : `sip:${uri}@${k.domain}`;
      await command('dial', target);
      return m;
    },
    async answer() {
      await command('accept');
    },
    async hangup() {
      await command('hangup');
    },
    async sendDtmf(digits: string, gapMs = 250) {
      for (const d of digits) {
        await command('sndcode', d);
        await sleep(gapMs);
      }
    },
    dumps: listDumps,
    lastHeardWav: () => listDumps().dec.at(-1),
    logs: () => proc.output(),
    async stop(o?: { keepDir?: boolean }) {
      if (!proc.hasExited()) {
        // SIGTERM makes baresip hang up calls and un-REGISTER before exiting
        await proc.stop('SIGTERM', 4000);
      }
      sock?.destroy();
      if (!o?.keepDir) removeTempDir(dir);
    },
    process: proc,
  };
}

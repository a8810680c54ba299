/**
 * A whole seat core (createCore, real SQLite in a temp dir) for phone
 * integration tests against the rig's real Kamailio, with:
 *
 * - a static media client: a contract client that claims the media and
 *   answers every media request with a plain RTP/AVP PCMU SDP (no browser);
 * - a UI client that records every event the core pushes to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defaultProfile,
  type AgentStatus,
  type CallSnapshot,
  type EventEnvelope,
  type MediaRequest,
  type ProfileInput,
  type RegistrationStatus,
  type RequestName,
  type RequestParams,
  type RequestResult,
  type SeatStatus,
} from '../../main/contract/index.js';
import { createCore, type Core } from '../../main/core/create-core.js';
import { createKeyFileSecretBox } from '../../main/core/profile/key-file-secret-box.js';
import type { Rig } from '../rig/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RecordedEvent {
  readonly at: number;
  readonly name: string;
  readonly payload: unknown;
}

/** Answers media requests like a media engine would, with a static plain SDP. */
export interface StaticMediaClient {
  readonly clientId: string;
  readonly requests: MediaRequest[];
  /** Remote SDPs per session id. */
  readonly remote: Map<string, string[]>;
  readonly sessions: Set<string>;
  readonly closed: Set<string>;
  /** Methods in this set are left unanswered (to test the timeout). */
  readonly silent: Set<string>;
  claim(): Promise<void>;
  detach(): void;
}

export interface SeatHarness {
  readonly core: Core;
  readonly dataDir: string;
  /** The seat's database, read-only, through a connection of the test's own (the core exposes none). */
  readonly db: Database;
  readonly events: RecordedEvent[];
  readonly media: StaticMediaClient | null;
  call<K extends RequestName>(method: K, params: RequestParams<K>): Promise<RequestResult<K>>;
  status(): SeatStatus;
  registration(): RegistrationStatus;
  agent(): AgentStatus;
  calls(): readonly CallSnapshot[];
  /** Resolves with the first recorded event (from index `from`) matching. */
  waitForEvent(name: string, match?: (payload: never) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<RecordedEvent>;
  waitForStatus(match: (status: SeatStatus) => boolean, timeoutMs?: number): Promise<SeatStatus>;
  waitForCall(match: (call: CallSnapshot) => boolean, timeoutMs?: number): Promise<CallSnapshot>;
  close(): Promise<void>;
}

export interface SeatOptions {
  readonly servers: readonly string[];
  readonly user: string;
  readonly password: string;
  readonly domain?: string;
  readonly profile?: Partial<ProfileInput>;
  /** Attach the static media client (default true). */
  readonly withMedia?: boolean;
}

export function staticSdp(port: number, direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'): string {
  return [
    'v=0',
    `o=- ${port} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

export async function startSeat(options: SeatOptions): Promise<SeatHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotseat-phone-'));
  const core = createCore({
    dataDir,
    host: 'web',
    version: 'test',
    secrets: createKeyFileSecretBox(dataDir),
    resourcesDir: join(root, 'resources'),
    workersDir: join(root, 'out', 'workers'),
  });
  const db = new BetterSqlite3(join(dataDir, 'seat.sqlite'), { readonly: true, fileMustExist: true });
  const events: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const detachUi = core.attachClient({
    id: 'ui',
    send: (envelope: EventEnvelope) => {
      events.push({ at: Date.now(), name: envelope.name, payload: envelope.payload });
      notify();
    },
  });

  const call = async <K extends RequestName>(method: K, params: RequestParams<K>): Promise<RequestResult<K>> => {
    const result = await core.dispatch(method, params, 'ui');
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), { error: result.error });
    return result.value as RequestResult<K>;
  };

  const media = options.withMedia === false ? null : attachStaticMedia(core, 'media-1');
  if (media) await media.claim();

  const domain = options.domain ?? 'sip.test';
  await call('saveProfile', {
    ...defaultProfile,
    agentNumber: options.user,
    sipServers: [...options.servers],
    sipUri: `sip:${options.user}@${domain}`,
    authUser: '',
    password: options.password,
    ...options.profile,
  } as ProfileInput);

  const waitUntil = <T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timeout after ${timeoutMs} ms waiting for ${what}; last status ${JSON.stringify(lastStatus())}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const lastStatus = (): SeatStatus => {
    for (let i = events.length - 1; i >= 0; i--) if (events[i]!.name === 'statusChanged') return events[i]!.payload as SeatStatus;
    return { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };
  };
  const lastCalls = (): readonly CallSnapshot[] => {
    for (let i = events.length - 1; i >= 0; i--) {
      if (events[i]!.name === 'callsChanged') return (events[i]!.payload as { calls: CallSnapshot[] }).calls;
    }
    return [];
  };

  return {
    core,
    dataDir,
    db,
    events,
    media,
    call,
    status: lastStatus,
    registration: () => lastStatus().registration,
    agent: () => lastStatus().agent,
    calls: lastCalls,
    waitForEvent(name, match, opts = {}) {
      return waitUntil(
        () => events.slice(opts.from ?? 0).find((e) => e.name === name && (!match || match(e.payload as never))),
        opts.timeoutMs ?? 10_000,
        `event ${name}`,
      );
    },
    waitForStatus(match, timeoutMs = 10_000) {
      return waitUntil(() => (match(lastStatus()) ? lastStatus() : undefined), timeoutMs, 'status');
    },
    waitForCall(match, timeoutMs = 10_000) {
      return waitUntil(() => lastCalls().find(match), timeoutMs, 'call');
    },
    async close() {
      media?.detach();
      detachUi();
      db.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let nextMediaPort = 41000;

function attachStaticMedia(core: Core, clientId: string): StaticMediaClient {
  const requests: MediaRequest[] = [];
  const remote = new Map<string, string[]>();
  const sessions = new Set<string>();
  const closed = new Set<string>();
  const silent = new Set<string>();
  const ports = new Map<string, number>();
  const reply = (id: number, value: unknown) => void core.dispatch('mediaReply', { id, ok: true, value }, clientId);
  const detach = core.attachClient({
    id: clientId,
    send: (envelope) => {
      if (envelope.name !== 'mediaRequest') return;
      const request = envelope.payload as MediaRequest;
      requests.push(request);
      if (silent.has(request.method)) return;
      // Answer asynchronously, like a renderer across IPC would.
      setImmediate(() => {
        const p = request.params as { sessionId: string; hold?: boolean; body?: string };
        switch (request.method) {
          case 'createSession':
            sessions.add(p.sessionId);
            ports.set(p.sessionId, (nextMediaPort += 2));
            return reply(request.id, null);
          case 'getDescription':
            return reply(request.id, { body: staticSdp(ports.get(p.sessionId) ?? 40000, p.hold ? 'sendonly' : 'sendrecv'), contentType: 'application/sdp' });
          case 'setDescription':
            remote.set(p.sessionId, [...(remote.get(p.sessionId) ?? []), p.body ?? '']);
            return reply(request.id, null);
          case 'sendDtmf':
            return reply(request.id, true);
          case 'closeSession':
            closed.add(p.sessionId);
            return reply(request.id, null);
          case 'rollbackDescription':
          case 'setMuted':
            return reply(request.id, null);
          default:
            return void core.dispatch('mediaReply', { id: request.id, ok: false, error: { code: 'unknown', message: request.method } }, clientId);
        }
      });
    },
  });
  return {
    clientId,
    requests,
    remote,
    sessions,
    closed,
    silent,
    async claim() {
      const result = await core.dispatch('claimMedia', {}, clientId);
      if (!result.ok) throw new Error(`claimMedia: ${result.error.message}`);
    },
    detach,
  };
}

/** A seat registered to the rig's Kamailio as `user` (password from the rig), once it shows Ready. */
export async function startReadySeat(rig: Rig, user: string, options: Partial<Omit<SeatOptions, 'user'>> = {}): Promise<SeatHarness> {
  const seat = await startSeat({ servers: [rig.kamailio.wsUrl], password: rig.kamailio.users[user]!, ...options, user });
  await seat.waitForStatus((s) => s.registration.state === 'registered' && s.agent.state === 'ready');
  return seat;
}

/**
 * The main-thread side of KB sync: decides WHEN to sync and runs each sync in
 * the sync worker (`kb-sync.worker.cjs`: its own database connection and
 * prepare threads, started at the first sync and kept until close), so the
 * main process only forwards progress and updates the status bar.
 *
 * ```
 *            timer / 'online' / 'resume' / syncNow / URL changed
 *   idle ───────────────────────────────────────────────────────▶ running (worker)
 *    ▲   ◀── done: next sync after intervalMs ────────────────────┤
 *    └────── failed: retry after backoff (30 s, 1 min, … ≤ intervalMs)
 *   any ── close() ──▶ closed (the worker is terminated, mid-run or not;
 *                       committed pages stay, the next start resumes)
 * ```
 * Status: `syncing` while a run is in progress, `offline` when the last run
 * could not reach the centre (or the host said the network is gone), else
 * `ready` — with the version, last success and article count.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { KbStatus, KbSyncOutcome, KbSyncProgress, KbSyncState, SystemEventKind } from '../../../contract/index.js';
import { CoreError, missingCase } from '../../base/core-error.js';
import { createLogger } from '../../base/log.js';
import { backoffDelay } from '../../base/backoff.js';
import { countArticles } from './kb-cache-queries.js';
import { createMainThreadHeartbeat } from './main-thread-heartbeat.js';
import { cleanSpool } from './spool-cleanup.js';
import { readSyncState, writeEtag } from './sync-state-queries.js';
import { defaultSyncTuning, type SyncTuning } from './sync-tuning.js';
import type { KbSyncRunRequest, KbSyncWorkerData, KbSyncWorkerMessage } from './worker-messages.js';
import type { KbSyncRunResult } from './run-kb-sync.js';

const log = createLogger('kb-sync');

export const kbSyncWorkerFile = 'kb-sync.worker.cjs';

export interface KbSyncServiceOptions {
  /** The main connection: only cheap reads (sync state, article count). */
  readonly db: Database;
  /** The same database's file, opened again by the worker. */
  readonly dbFile: string;
  /** Folder of the built workers (out/workers). */
  readonly workersDir: string;
  /** Where snapshots are spooled while applied (inside the data folder). */
  readonly spoolDir: string;
  /** The profile's kbSourceUrl now ('' = no centre). */
  readonly sourceUrl: () => string;
  /** The profile's kbPublicKey now ('' = publications need not be signed). */
  readonly publicKey?: () => string;
  /** The profile's trustedCaPem now (the centre's CA for https://; '' = system roots only). */
  readonly trustedCaPem?: () => string;
  /** Calls the listener when the profile changes (the KB URL or the key may have); returns the unsubscribe function. */
  readonly watchSourceUrl?: (listener: (sourceUrl: string) => void) => () => void;
  readonly onStatus: (status: KbStatus) => void;
  readonly onProgress: (progress: KbSyncProgress) => void;
  /** Periodic sync. Default 15 minutes. */
  readonly intervalMs?: number;
  /** Delay of the first sync after start. Default 2 s (let the window come up first). */
  readonly firstSyncDelayMs?: number;
  /** First retry delay after a failed run; doubles up to intervalMs. Default 30 s. */
  readonly retryBaseMs?: number;
  readonly tuning?: Partial<SyncTuning>;
  /** Linux nice value of the sync threads: below the main thread, the renderer and call audio. Default 10. */
  readonly nice?: number;
  readonly now?: () => number;
}

export interface KbSyncService {
  /** Reports the status and arms the timers. */
  start(): void;
  /** Syncs now, or joins the run in progress; resolves when it ends (never rejects for a sync failure). */
  syncKbNow(): Promise<KbSyncOutcome>;
  getKbSyncState(): KbSyncState;
  systemEvent(kind: SystemEventKind): void;
  /** Stops the timers and terminates a running worker. */
  close(): Promise<void>;
}

type RunEnd = { readonly ok: true; readonly result: KbSyncRunResult } | { readonly ok: false; readonly message: string };

export function createKbSyncService(options: KbSyncServiceOptions): KbSyncService {
  const intervalMs = options.intervalMs ?? 15 * 60_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const tuning: SyncTuning = { ...defaultSyncTuning, ...options.tuning };
  const now = options.now ?? (() => Date.now());
  let running: { promise: Promise<KbSyncOutcome> } | null = null;
  let progress: KbSyncProgress | null = null;
  let failures = 0;
  let hostOffline = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let unwatch: (() => void) | null = null;
  let lastUrl = options.sourceUrl();
  let lastKey = options.publicKey?.() ?? '';
  /** The URL changed during a run: sync again as soon as it ends. */
  let rerun = false;
  /** The spool cleanup done at start(). */
  let spoolCleaned: Promise<unknown> = Promise.resolve();

  const state = (): KbSyncState => {
    const row = readSyncState(options.db);
    return {
      sourceUrl: options.sourceUrl(),
      version: row.version,
      cursor: row.cursor,
      lastSyncedAt: row.lastSyncedAt,
      lastAttemptAt: row.lastAttemptAt,
      lastError: row.lastError,
      lastErrorKind: row.lastErrorKind,
      running: running !== null,
      progress,
    };
  };

  const reportStatus = (): void => {
    const current = state();
    const offline = current.sourceUrl !== '' && (hostOffline || current.lastErrorKind === 'offline');
    options.onStatus({
      state: running ? 'syncing' : offline ? 'offline' : 'ready',
      version: current.version,
      lastSyncedAt: current.lastSyncedAt,
      articleCount: countArticles(options.db),
      ...(current.lastError ? { lastError: current.lastError } : {}),
      ...(current.lastError && current.lastErrorKind ? { lastErrorKind: current.lastErrorKind } : {}),
    });
  };

  const schedule = (delayMs: number): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed || options.sourceUrl() === '') return;
    timer = setTimeout(() => {
      timer = null;
      void syncNow();
    }, delayMs);
    timer.unref();
  };

  // One worker for the life of the service: periodic syncs do not pay its start-up again.
  let worker: Worker | null = null;
  let nextRunId = 1;
  let inFlight: { readonly runId: number; finish(end: RunEnd): void } | null = null;
  // Ticks while a run is in flight so the worker can tell when this thread is blocked on its lock.
  const heartbeat = createMainThreadHeartbeat();
  const finishRun = (end: RunEnd): void => {
    const run = inFlight;
    inFlight = null;
    heartbeat.stop();
    worker?.unref();
    run?.finish(end);
  };

  const startWorker = (): Worker | string => {
    if (worker) return worker;
    const file = join(options.workersDir, kbSyncWorkerFile);
    if (!existsSync(file)) return `the KB sync worker is not built (${file} is missing): run "npm run build"`;
    const data: KbSyncWorkerData = {
      dbFile: options.dbFile,
      spoolDir: options.spoolDir,
      workersDir: options.workersDir,
      nice: options.nice ?? 10,
      heartbeat: heartbeat.buffer,
    };
    const created = new Worker(file, { workerData: data });
    created.on('message', (message: KbSyncWorkerMessage) => {
      if (!inFlight || message.runId !== inFlight.runId) return;
      switch (message.type) {
        case 'progress':
          progress = message.progress;
          options.onProgress(message.progress);
          break;
        case 'done':
          finishRun({ ok: true, result: message.result });
          break;
        case 'failed':
          finishRun({ ok: false, message: message.message });
          break;
        default:
          throw missingCase(message);
      }
    });
    created.on('error', (error) => {
      log.error('the KB sync worker crashed', error);
      finishRun({ ok: false, message: `the KB sync worker crashed: ${error.message}` });
    });
    created.on('exit', (code) => {
      if (worker === created) worker = null;
      finishRun({ ok: false, message: `the KB sync worker stopped before finishing (exit code ${code})` });
    });
    worker = created;
    return created;
  };

  const runWorker = (sourceUrl: string): Promise<RunEnd> =>
    new Promise<RunEnd>((resolve) => {
      const started = startWorker();
      if (typeof started === 'string') {
        resolve({ ok: false, message: started });
        return;
      }
      const runId = nextRunId++;
      inFlight = { runId, finish: resolve };
      // Keep the process alive while a run is in flight, not while the worker idles.
      started.ref();
      heartbeat.start();
      const request: KbSyncRunRequest = { type: 'run', runId, sourceUrl, publicKey: options.publicKey?.() ?? '', trustedCaPem: options.trustedCaPem?.() ?? '', tuning };
      // Never while the start-up cleanup may still be deleting spool files.
      void spoolCleaned.then(() => started.postMessage(request));
    });

  const syncNow = (): Promise<KbSyncOutcome> => {
    if (closed) return Promise.reject(new CoreError('unavailable', 'the seat is shutting down'));
    if (running) return running.promise;
    const sourceUrl = options.sourceUrl();
    if (sourceUrl === '') {
      return Promise.resolve({ ok: false, mode: 'skipped', upserted: 0, deleted: 0, error: 'no knowledge-base URL is set in the profile', state: state() });
    }
    if (timer) clearTimeout(timer);
    timer = null;
    progress = { phase: 'checking', received: 0, applied: 0 };
    const started = now();
    const promise = runWorker(sourceUrl).then((end): KbSyncOutcome => {
      running = null;
      if (end.ok) {
        failures = 0;
        hostOffline = false;
        log.info(
          `sync ${end.result.mode}: +${end.result.upserted} −${end.result.deleted}, version ${end.result.version ?? '—'}, ` +
            `${end.result.requests} requests, ${now() - started} ms`,
        );
      } else {
        failures += 1;
        log.warn(`sync failed: ${end.message}`);
        // A worker that died before recording its failure leaves a stale state; say what happened.
        if (progress?.phase !== 'failed') {
          progress = { phase: 'failed', received: progress?.received ?? 0, applied: progress?.applied ?? 0, error: end.message };
          options.onProgress(progress);
        }
      }
      if (!closed) {
        reportStatus();
        const again = rerun;
        rerun = false;
        schedule(again ? 0 : end.ok ? intervalMs : Math.min(intervalMs, backoffDelay(failures - 1, { baseMs: retryBaseMs, capMs: intervalMs })));
      }
      return end.ok
        ? { ok: true, mode: end.result.mode, upserted: end.result.upserted, deleted: end.result.deleted, state: state() }
        : { ok: false, mode: 'skipped', upserted: 0, deleted: 0, error: end.message, state: state() };
    });
    running = { promise };
    options.onProgress(progress);
    reportStatus();
    return promise;
  };

  return {
    start() {
      reportStatus();
      // Leftovers of a killed run or of another KB URL; the first run waits for it (see runWorker).
      spoolCleaned = cleanSpool(options.db, options.spoolDir, options.sourceUrl(), now()).catch((error: unknown) =>
        log.warn(`spool cleanup at start failed: ${error instanceof Error ? error.message : String(error)}`),
      );
      unwatch = options.watchSourceUrl?.((sourceUrl) => {
        // Called on every profile change: the centre's key counts too. A new key is tried at once,
        // on the full head page (no ETag), so the agent learns now if the centre does not sign with it.
        const key = options.publicKey?.() ?? '';
        const keyChanged = key !== lastKey;
        lastKey = key;
        if (keyChanged && key !== '') writeEtag(options.db, null, now());
        if (sourceUrl === lastUrl && !keyChanged) return;
        lastUrl = sourceUrl;
        failures = 0;
        reportStatus();
        if (sourceUrl === '') {
          if (timer) clearTimeout(timer);
          timer = null;
          return;
        }
        if (running) rerun = true;
        else schedule(0);
      }) ?? null;
      schedule(options.firstSyncDelayMs ?? 2_000);
    },
    syncKbNow: syncNow,
    getKbSyncState: state,
    systemEvent(kind) {
      switch (kind) {
        case 'online':
        case 'resume':
          hostOffline = false;
          failures = 0;
          schedule(0);
          break;
        case 'offline':
          hostOffline = true;
          reportStatus();
          break;
        case 'suspend':
          break;
        default:
          throw missingCase(kind);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      unwatch?.();
      const current = running;
      const stopping = worker;
      worker = null;
      // Terminating mid-run is safe: every committed transaction carries its cursor.
      if (stopping) await stopping.terminate();
      finishRun({ ok: false, message: 'the seat is shutting down' });
      if (current) await current.promise.catch(() => undefined);
    },
  };
}

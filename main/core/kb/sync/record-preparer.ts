/**
 * Prepares records for writing on helper threads (kb-prepare.worker.cjs), or
 * in the calling thread when no helper is available. Results come back in
 * the order asked, per call.
 *
 * Why threads: preparing a record (Markdown → sanitized HTML, bigrams,
 * pinyin) costs about as much as writing it; on a 2-core seat, preparing
 * chunk n+1 while chunk n is written nearly halves a 100k full sync.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PreparedRecord } from '../prepare-record.js';
import { KbSyncError } from './kb-sync-error.js';
import { prepareLine } from './prepare-line.js';

export const kbPrepareWorkerFile = 'kb-prepare.worker.cjs';

export interface PrepareRequest {
  readonly id: number;
  readonly lines: readonly string[];
}

export type PrepareReply =
  | { readonly id: number; readonly ok: true; readonly records: PreparedRecord[] }
  | { readonly id: number; readonly ok: false; readonly message: string };

export interface RecordPreparer {
  /** Helper threads in use (0 = preparing in this thread). */
  readonly threads: number;
  /** JSON texts of live records → prepared records, same order. */
  prepare(lines: readonly string[]): Promise<PreparedRecord[]>;
  /** False once a helper thread crashed or stopped (make a new preparer). */
  healthy(): boolean;
  close(): Promise<void>;
}

export interface RecordPreparerOptions {
  /** Folder with kb-prepare.worker.cjs; without it (or the file), prepare in this thread. */
  readonly workersDir?: string | undefined;
  readonly threads: number;
  /** Linux nice value for the helper threads (see lower-thread-priority.ts). */
  readonly nice?: number;
}

export function createRecordPreparer(options: RecordPreparerOptions): RecordPreparer {
  const file = options.workersDir ? join(options.workersDir, kbPrepareWorkerFile) : null;
  if (!file || options.threads < 1 || !existsSync(file)) return inlinePreparer();

  interface Pending {
    resolve(records: PreparedRecord[]): void;
    reject(error: Error): void;
  }
  const pending = new Map<number, Pending>();
  const load = new Map<Worker, number>();
  let nextId = 1;
  let closing = false;
  let broken = false;
  const workers = Array.from({ length: options.threads }, () => {
    const worker = new Worker(file, { workerData: { nice: options.nice ?? 0 } });
    load.set(worker, 0);
    worker.on('message', (reply: PrepareReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      load.set(worker, (load.get(worker) ?? 1) - 1);
      if (reply.ok) waiter.resolve(reply.records);
      else waiter.reject(new KbSyncError('malformed', reply.message));
    });
    const failAll = (message: string) => {
      broken = true;
      for (const waiter of pending.values()) waiter.reject(new Error(message));
      pending.clear();
    };
    worker.on('error', (error) => failAll(`a KB prepare thread crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!closing) failAll(`a KB prepare thread stopped (exit code ${code})`);
    });
    return worker;
  });

  return {
    threads: workers.length,
    healthy: () => !broken,
    prepare(lines) {
      if (lines.length === 0) return Promise.resolve([]);
      const worker = workers.reduce((a, b) => ((load.get(a) ?? 0) <= (load.get(b) ?? 0) ? a : b));
      const id = nextId++;
      load.set(worker, (load.get(worker) ?? 0) + 1);
      return new Promise<PreparedRecord[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: PrepareRequest = { id, lines };
        worker.postMessage(request);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function inlinePreparer(): RecordPreparer {
  return {
    threads: 0,
    healthy: () => true,
    prepare: async (lines) => lines.map(prepareLine),
    close: async () => undefined,
  };
}

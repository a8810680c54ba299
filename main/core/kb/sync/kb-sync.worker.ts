/**
 * The sync worker thread (bundled to out/workers/kb-sync.worker.cjs): its own
 * connection to the seat database, and helper threads that prepare records,
 * kept for the life of the service. The main process never spends a
 * millisecond on downloading, parsing, tokenizing or writing the KB.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../db/open-database.js';
import { errorKindOf, messageOf } from './kb-sync-error.js';
import { lowerThreadPriority } from './lower-thread-priority.js';
import { createRecordPreparer, type RecordPreparer } from './record-preparer.js';
import { runKbSync } from './run-kb-sync.js';
import type { KbSyncRunRequest, KbSyncWorkerData, KbSyncWorkerMessage } from './worker-messages.js';

const data = workerData as KbSyncWorkerData;
lowerThreadPriority(data.nice);
let db: Database | null = null;
let preparer: RecordPreparer | null = null;
let preparerThreads = -1;

function post(message: KbSyncWorkerMessage): void {
  parentPort?.postMessage(message);
}

async function run(request: KbSyncRunRequest): Promise<void> {
  const { runId } = request;
  try {
    db ??= openDatabase(data.dbFile);
    if (!preparer || preparerThreads !== request.tuning.prepareThreads) {
      await preparer?.close();
      preparer = createRecordPreparer({ workersDir: data.workersDir, threads: request.tuning.prepareThreads, nice: data.nice });
      preparerThreads = request.tuning.prepareThreads;
    }
    const result = await runKbSync({
      db,
      sourceUrl: request.sourceUrl,
      publicKey: request.publicKey,
      trustedCaPem: request.trustedCaPem ?? '',
      spoolDir: data.spoolDir,
      preparer,
      heartbeat: data.heartbeat,
      tuning: request.tuning,
      onProgress: (progress) => post({ type: 'progress', runId, progress }),
    });
    post({ type: 'done', runId, result });
  } catch (error) {
    // A helper thread that died is replaced on the next run.
    if (preparer && !preparer.healthy()) {
      await preparer.close();
      preparer = null;
    }
    post({ type: 'failed', runId, message: messageOf(error), kind: errorKindOf(error) });
  }
}

// Runs are serialized by the service; chain them anyway so two can never overlap.
let queue = Promise.resolve();
parentPort?.on('message', (request: KbSyncRunRequest) => {
  queue = queue.then(() => run(request));
});

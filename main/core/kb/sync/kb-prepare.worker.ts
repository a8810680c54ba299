/**
 * Helper thread of the sync worker (bundled to out/workers/kb-prepare.worker.cjs):
 * prepares records (see prepare-line.ts) while the sync worker writes the
 * previous chunk, so a full sync uses both cores and the SQLite writer never
 * waits on Markdown rendering and tokenizing.
 *
 *   sync worker ── { id, lines: string[] } ──▶ prepare worker
 *   sync worker ◀── { id, ok: true, records } | { id, ok: false, message } ──
 */
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from './kb-sync-error.js';
import { lowerThreadPriority } from './lower-thread-priority.js';
import { prepareLine } from './prepare-line.js';
import type { PrepareReply, PrepareRequest } from './record-preparer.js';

lowerThreadPriority((workerData as { nice?: number } | null)?.nice ?? 0);

parentPort?.on('message', ({ id, lines }: PrepareRequest) => {
  let reply: PrepareReply;
  try {
    reply = { id, ok: true, records: lines.map(prepareLine) };
  } catch (error) {
    reply = { id, ok: false, message: messageOf(error) };
  }
  parentPort?.postMessage(reply);
});

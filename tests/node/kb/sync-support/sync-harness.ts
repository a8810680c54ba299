/**
 * Shared set-up for sync tests: a seat database in a temp folder, a
 * publication folder made by the real publisher, and the feed server over it.
 */
import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import { publishKb, type PublishKbResult } from '../../../../main/cli/publish/publish-kb.js';
import { openDatabase } from '../../../../main/core/db/open-database.js';
import type { KbRecordInput } from '../../../../main/core/kb/kb-record.js';
import { searchKb } from '../../../../main/core/kb/search-kb.js';
import { runKbSync, type KbSyncRunResult } from '../../../../main/core/kb/sync/run-kb-sync.js';
import { defaultSyncTuning, type SyncTuning } from '../../../../main/core/kb/sync/sync-tuning.js';
import { repoRoot } from '../../../e2e/support/web-host-process.js';
import { tempDir } from '../../support/temp-dir.js';
import { startKbFeedServer, type KbFeedServer, type KbFeedServerOptions } from './kb-feed-server.js';
import { writeJsonl } from './kb-records.js';

/** Short timeouts and backoff so fault tests take milliseconds. */
export const fastTuning: SyncTuning = {
  ...defaultSyncTuning,
  timeoutMs: 400,
  idleTimeoutMs: 400,
  retries: 2,
  retryBaseMs: 10,
  retryMaxMs: 40,
};

/** The built workers (the vitest global setup builds them). */
export const workersDir = join(repoRoot, 'out', 'workers');

export interface Publisher {
  readonly outDir: string;
  publish(
    records: readonly KbRecordInput[],
    options?: { pageSize?: number; keep?: number; allowShrink?: boolean; signingKey?: KeyObject | null; allowUnsigned?: boolean; now?: () => Date },
  ): Promise<Extract<PublishKbResult, { ok: true }>>;
}

export function makePublisher(dir = tempDir('hotseat-pub-')): Publisher {
  const outDir = join(dir, 'out');
  let n = 0;
  return {
    outDir,
    async publish(records, options = {}) {
      n += 1;
      const source = join(dir, `source-${n}.jsonl`);
      writeJsonl(source, records);
      const result = await publishKb({ source, outDir, ...options });
      if (!result.ok) throw new Error(`publish failed: ${result.refused ?? JSON.stringify(result.errors)}`);
      return result;
    },
  };
}

export interface Seat {
  readonly db: Database;
  readonly dir: string;
  readonly spoolDir: string;
  sync(sourceUrl: string, tuning?: Partial<SyncTuning>, options?: { publicKey?: string | null }): Promise<KbSyncRunResult>;
  /** Ids of the hits for a query, in order. */
  find(query: string): string[];
  count(table: 'kb_article' | 'kb_phrase' | 'kb_contact' | 'kb_doc' | 'kb_sync_seen'): number;
  state(): { cursor: string | null; version: string | null; etag: string | null; last_error: string | null; pending_snapshot_json: string | null; source_url: string | null; last_synced_at: number | null; page_progress_json: string | null };
}

export function openSeat(dir = tempDir('hotseat-seat-')): Seat {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'seat.sqlite'));
  onTestFinished(() => {
    db.close();
  });
  const spoolDir = join(dir, 'kb-sync');
  return {
    db,
    dir,
    spoolDir,
    sync: (sourceUrl, tuning = {}, options = {}) =>
      runKbSync({ db, sourceUrl, spoolDir, workersDir, tuning: { ...fastTuning, ...tuning }, publicKey: options.publicKey ?? null }),
    find: (query) => searchKb(db, { query, limit: 50 }).hits.map((h) => h.id),
    count: (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    state: () => db.prepare('SELECT * FROM kb_sync_state WHERE id = 1').get() as ReturnType<Seat['state']>,
  };
}

export async function feedServer(root: string, options: Omit<KbFeedServerOptions, 'root'> = {}): Promise<KbFeedServer> {
  const server = await startKbFeedServer({ root, ...options });
  onTestFinished(() => server.stop());
  return server;
}

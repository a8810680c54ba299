import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0066KbSyncGuards } from '../../../main/core/db/migrations/0066-kb-sync-guards.js';
import { readSyncState, writeAcceptedManifest, writeFailedSnapshot, writePageProgress } from '../../../main/core/kb/sync/sync-state-queries.js';

describe('migration 0066 KB sync guards', () => {
  it('keeps a sync state from before it (no page in progress, no manifest, no refused snapshot) and stores the new ones', () => {
    const before = migrations.filter((m) => m.version < m0066KbSyncGuards.version);
    const db = new BetterSqlite3(':memory:');
    migrate(db, before);
    db.prepare("UPDATE kb_sync_state SET source_url = 'http://c/kb/', cursor = 'abc-3', version = '3'").run();

    migrate(db, [...before, m0066KbSyncGuards]);

    expect(readSyncState(db)).toMatchObject({ cursor: 'abc-3', version: '3', pageProgress: null, acceptedManifest: null, failedSnapshot: null });
    writePageProgress(db, { sourceUrl: 'http://c/kb/', cursor: 'abc-3', sha256: 'f'.repeat(64), applied: 500 }, 1);
    writeAcceptedManifest(db, { sourceUrl: 'http://c/kb/', lineage: 'abc', version: 3, publishedAt: '2026-12-01T00:00:00.000Z' }, 1);
    writeFailedSnapshot(db, { sourceUrl: 'http://c/kb/', etag: '"x"', lastModified: null, manifestSha256: null, message: 'bad line', reason: 'malformed' }, 1);
    expect(readSyncState(db)).toMatchObject({
      pageProgress: { applied: 500 },
      acceptedManifest: { version: 3 },
      failedSnapshot: { etag: '"x"', reason: 'malformed' },
    });
  });
});

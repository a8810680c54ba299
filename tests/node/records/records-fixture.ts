/**
 * A records service on a real SQLite file, wired like create-core does:
 * the call log writes through the records hooks; events are collected.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { CallerContextView, RecordsStatus, WrapUpView } from '../../../main/contract/index.js';
import { createCallLogService, type CallLogService } from '../../../main/core/calls/call-log-service.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { createRegionLookup, geoDataCandidates } from '../../../main/core/records/number-region.js';
import { createRecordsService, type RecordsService } from '../../../main/core/records/records-service.js';
import { createRecordsSettingsStore } from '../../../main/core/records/records-settings.js';
import { createUploader, type Uploader } from '../../../main/core/records/uploader.js';
import { tempDir } from '../support/temp-dir.js';

export const regions = createRegionLookup(geoDataCandidates({ workersDir: '/nonexistent', resourcesDir: join(process.cwd(), 'resources') }));
regions.load();

export interface RecordsFixture {
  readonly db: Database;
  readonly file: string;
  readonly callLog: CallLogService;
  readonly records: RecordsService;
  readonly uploader: Uploader;
  readonly contexts: CallerContextView[];
  readonly completed: WrapUpView[];
  readonly statuses: RecordsStatus[];
  clock: number;
  /** Rings, answers and ends one call through the call log + records hooks. */
  call(id: string, number: string, options?: { at?: number; direction?: 'inbound' | 'outbound'; headers?: { name: string; value: string }[]; answered?: boolean }): void;
}

const secrets = { encrypt: (s: string) => Buffer.from(`sealed:${s}`), decrypt: (b: Buffer) => b.toString().replace(/^sealed:/, '') };

export function recordsFixture(options: { file?: string; url?: string; agent?: { no: string; name: string } | null } = {}): RecordsFixture {
  const file = options.file ?? join(tempDir(), 'seat.sqlite');
  const db = openDatabase(file);
  const fixture = { contexts: [], completed: [], statuses: [], clock: Date.UTC(2026, 11, 1, 2, 0, 0) } as unknown as RecordsFixture & { clock: number };
  let records: RecordsService | null = null;
  const callLog = createCallLogService({
    db,
    enrich: (c) => records!.enrich(c),
    withinEnd: (id) => records!.withinEnd(id),
    onBacklog: (n) => records?.callLogBacklog(n),
  });
  const settings = createRecordsSettingsStore(db, secrets);
  const uploader = createUploader({ db, url: () => options.url ?? '', token: () => settings.token(), backoff: { baseMs: 20, capMs: 200 }, timeoutMs: 1_000 });
  records = createRecordsService({
    db,
    regions,
    settings,
    uploader,
    seat: () => ({ number: '1001', sipUri: 'sip:1001@sip.test' }),
    currentAgent: () => (options.agent === undefined ? { no: '1001', name: '王芳' } : options.agent),
    emitContext: (c) => fixture.contexts.push(c),
    emitWrapUpCompleted: (v) => fixture.completed.push(v),
    onStatus: (s) => fixture.statuses.push(s),
    uploadConfigured: () => (options.url ?? '') !== '',
    now: () => fixture.clock,
  });
  Object.assign(fixture, {
    db,
    file,
    callLog,
    records,
    uploader,
    call(id: string, number: string, o: { at?: number; direction?: 'inbound' | 'outbound'; headers?: { name: string; value: string }[]; answered?: boolean } = {}) {
      const at = o.at ?? fixture.clock;
      const started = {
        id,
        sipCallId: `${id}@h`,
        centreCallId: null,
        direction: o.direction ?? 'inbound',
        localNumber: '1001',
        remoteNumber: number,
        remoteName: null,
        remoteUri: `sip:${number}@sip.test`,
        context: o.headers ?? [],
        startedAt: at,
      } as const;
      callLog.callStarted(started);
      records!.callRang(started);
      if (o.answered !== false) callLog.callAnswered(id, at + 1_000, false);
      callLog.callEnded(id, { at: at + 60_000, reason: o.answered === false ? 'missed' : 'completed', endedBy: 'remote', statusCode: null });
    },
  });
  return fixture;
}

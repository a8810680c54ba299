import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCallEvents } from '../../../main/core/calls/call-queries.js';
import { createCallLogService } from '../../../main/core/calls/call-log-service.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { tempDir } from '../support/temp-dir.js';

const started = {
  id: 'c-1',
  sipCallId: 'sip-call-1@host',
  centreCallId: 'CTR-9',
  direction: 'inbound' as const,
  localNumber: '1001',
  remoteNumber: '13800138000',
  remoteName: '张三',
  remoteUri: 'sip:13800138000@sip.test',
  context: [{ name: 'X-Queue', value: '医保' }],
  startedAt: 1_000,
};

describe('call log service', () => {
  it('writes each step at once, so a second connection sees it before the call ends', () => {
    const file = join(tempDir(), 'seat.sqlite');
    const log = createCallLogService({ db: openDatabase(file) });
    const reader = openDatabase(file, { readonly: true });
    log.callStarted(started);
    expect(log.listRecentCalls({ limit: 5 })[0]).toMatchObject({ id: 'c-1', answeredAt: null, endedAt: null, centreCallId: 'CTR-9' });
    log.callAnswered('c-1', 2_000, true);
    log.callEvent('c-1', 'hold', 3_000);
    log.callEvent('c-1', 'resume', 4_000);
    expect(reader.prepare('SELECT answered_at, auto_answered FROM calls WHERE id = ?').get('c-1')).toEqual({ answered_at: 2_000, auto_answered: 1 });
    log.callEnded('c-1', { at: 5_000, reason: 'completed', endedBy: 'remote', statusCode: null });
    log.callEnded('c-1', { at: 9_000, reason: 'failed', endedBy: 'system', statusCode: 500 });
    const [entry] = log.listRecentCalls({ limit: 5 });
    expect(entry).toMatchObject({ endedAt: 5_000, endReason: 'completed', endedBy: 'remote', autoAnswered: true, remoteName: '张三' });
    expect(entry!.context).toEqual([{ name: 'X-Queue', value: '医保' }]);
    expect(listCallEvents(reader, 'c-1').map((e) => [e.kind, e.at])).toEqual([
      ['ring', 1_000],
      ['answer', 2_000],
      ['hold', 3_000],
      ['resume', 4_000],
      ['end', 5_000],
    ]);
  });

  it('closes calls a crash left open as interrupted, at their last event', () => {
    const file = join(tempDir(), 'seat.sqlite');
    const first = createCallLogService({ db: openDatabase(file) });
    first.callStarted(started);
    first.callAnswered('c-1', 2_000, false);
    first.callEvent('c-1', 'hold', 3_500);
    // the process dies here; the next start opens the same file
    const second = createCallLogService({ db: openDatabase(file) });
    expect(second.listRecentCalls({ limit: 1 })[0]).toMatchObject({ endedAt: 3_500, endReason: 'interrupted', endedBy: 'system' });
  });

  it('lists newest first, optionally for one number', () => {
    const log = createCallLogService({ db: openDatabase(join(tempDir(), 'seat.sqlite')) });
    log.callStarted(started);
    log.callStarted({ ...started, id: 'c-2', remoteNumber: '010-1', startedAt: 2_000 });
    log.callStarted({ ...started, id: 'c-3', startedAt: 3_000 });
    expect(log.listRecentCalls({ limit: 10 }).map((c) => c.id)).toEqual(['c-3', 'c-2', 'c-1']);
    expect(log.listRecentCalls({ limit: 10, remoteNumber: '13800138000' }).map((c) => c.id)).toEqual(['c-3', 'c-1']);
    expect(log.listRecentCalls({ limit: 1 }).map((c) => c.id)).toEqual(['c-3']);
  });

  it('never throws into the call path when a write fails', () => {
    const db = openDatabase(join(tempDir(), 'seat.sqlite'));
    const log = createCallLogService({ db });
    db.close();
    expect(() => log.callStarted(started)).not.toThrow();
    expect(() => log.callEnded('c-1', { at: 1, reason: 'completed', endedBy: 'local', statusCode: null })).not.toThrow();
  });
});

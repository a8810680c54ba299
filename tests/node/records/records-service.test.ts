import { describe, expect, it } from 'vitest';
import { outboxCounts, pendingRecords } from '../../../main/core/records/outbox-queries.js';
import { recordsFixture } from './records-fixture.js';

const hour = 3_600_000;

describe('caller history on ring', () => {
  it('shows the same caller as one, whichever header the number came in', () => {
    const f = recordsFixture();
    f.call('c-1', '+8613800138000', { at: f.clock - 3 * hour });
    f.records.saveDraft('c-1', { category: '咨询', notes: '问狂犬疫苗接种点\n第二行' });
    f.records.complete('c-1');
    f.call('c-2', '13800138000', { headers: [{ name: 'X-Queue', value: '疫苗' }] });
    const context = f.contexts.at(-1)!;
    expect(context.callId).toBe('c-2');
    expect(context.number).toMatchObject({ normalized: '+8613800138000', display: '138 0013 8000', region: '北京' });
    expect(context.headers).toEqual([{ name: 'X-Queue', value: '疫苗' }]);
    expect(context.history).toHaveLength(1);
    expect(context.history[0]).toMatchObject({ callId: 'c-1', category: '咨询', notesLine: '问狂犬疫苗接种点', agentNo: '1001', agentName: '王芳', rating: null });
    expect(context.callsLast24h).toBe(2);
    expect(context.repeatCaller).toBe(true);
  });

  it('is a repeat caller only at the threshold within 24 h, and history keeps 30 days', () => {
    const f = recordsFixture();
    f.call('old', '037167890000', { at: f.clock - 31 * 24 * hour });
    f.call('yesterday', '037167890000', { at: f.clock - 25 * hour });
    f.call('now', '0371-6789 0000');
    const context = f.contexts.at(-1)!;
    expect(context.history.map((h) => h.callId)).toEqual(['yesterday']);
    expect(context.callsLast24h).toBe(1);
    expect(context.repeatCaller).toBe(false);
    expect(context.number.region).toBe('河南 郑州');
    f.records.saveSettings({ ...f.records.settingsView(), repeatCallerThreshold: 3 });
    f.call('again', '037167890000', { at: f.clock + 1000 });
    expect(f.contexts.at(-1)!.repeatCaller).toBe(false);
    f.call('third', '037167890000', { at: f.clock + 2000 });
    expect(f.contexts.at(-1)!.repeatCaller).toBe(true);
  });

  it('lists the number\'s open work orders with their deadlines', () => {
    const f = recordsFixture();
    f.call('c-1', '13800138000');
    f.records.saveDraft('c-1', {
      category: '投诉',
      subTopic: '医院服务',
      outcome: 'work-order',
      workOrder: { department: '卫健委', summary: '挂号难', callbackNumber: '', deadlineDays: null, priority: 'normal', escalate: false },
    });
    f.records.complete('c-1');
    f.call('c-2', '+8613800138000', { at: f.clock + hour });
    const [order] = f.contexts.at(-1)!.openWorkOrders;
    expect(order).toMatchObject({ summary: '挂号难', department: '卫健委' });
    // 投诉: 7 days by default.
    expect(order!.deadlineAt).toBe(f.clock + 7 * 24 * hour);
  });
});

describe('wrap-up', () => {
  it('is saved as typed and survives a restart; a draft of an ended call is incomplete', () => {
    const f = recordsFixture();
    f.call('c-1', '13800138000');
    for (const notes of ['问', '问疫', '问疫苗']) f.records.saveDraft('c-1', { notes });
    f.db.close();
    const g = recordsFixture({ file: f.file });
    expect(g.records.wrapUp('c-1')).toMatchObject({ notes: '问疫苗', status: 'draft', area: '北京', callerNumber: '138 0013 8000' });
    expect(g.records.listCalls(10, true).map((r) => r.callId)).toEqual(['c-1']);
    expect(g.records.listCalls(10, false)[0]).toMatchObject({ incomplete: true, wrapUp: 'draft', number: { display: '138 0013 8000' } });
  });

  it('refuses to complete without the required fields, then writes the record and its outbox row', () => {
    const f = recordsFixture();
    f.call('c-1', '13800138000');
    f.records.saveSettings({ ...f.records.settingsView(), requiredFields: ['category', 'notes'] });
    expect(() => f.records.complete('c-1')).toThrow(/required/);
    f.records.saveDraft('c-1', { category: '求助', notes: '老人走失' });
    const view = f.records.complete('c-1');
    expect(view.status).toBe('complete');
    const kinds = pendingRecords(f.db, 10).map((r) => [r.kind, r.recordId]);
    expect(kinds).toEqual([
      ['call', 'call-c-1'],
      ['wrap-up', 'wrapup-c-1-1'],
    ]);
    const body = JSON.parse(pendingRecords(f.db, 10)[1]!.body);
    expect(body).toMatchObject({ schema: 'hotseat.record/1', kind: 'wrap-up', callId: 'c-1', agent: { no: '1001', name: '王芳' }, data: { category: '求助', notes: '老人走失' } });
    expect(f.records.listCalls(10, true)).toEqual([]);
  });

  it('gives outbound and failed calls a record too', () => {
    const f = recordsFixture();
    f.call('out-1', '9013800138000', { direction: 'outbound', answered: false });
    expect(pendingRecords(f.db, 10).map((r) => r.recordId)).toEqual(['call-out-1']);
    expect(f.records.wrapUp('out-1').status).toBe('draft');
    // A failed outbound call can be wrapped up; a missed inbound call is not listed as unfinished.
    f.call('missed-1', '13800138000', { at: f.clock + 1000, answered: false });
    expect(f.records.listCalls(10, true).map((r) => r.callId)).toEqual(['out-1']);
    expect(pendingRecords(f.db, 10).map((r) => r.recordId)).toEqual(['call-out-1', 'call-missed-1']);
  });

  it('hints at escalation when complaints on one sub-topic and area reach the threshold in 24 h', () => {
    const f = recordsFixture();
    for (let i = 1; i <= 5; i += 1) {
      f.call(`c-${i}`, `1380013800${i}`);
      f.records.saveDraft(`c-${i}`, { category: '投诉', subTopic: '供水', area: '北京' });
      const { escalation } = f.records.wrapUp(`c-${i}`);
      expect(escalation).toEqual({ count: i, threshold: 5, reached: i >= 5 });
    }
    // Another area, another sub-topic, or a consultation: no hint.
    f.call('c-x', '13800138010');
    f.records.saveDraft('c-x', { category: '投诉', subTopic: '供水', area: '上海' });
    expect(f.records.wrapUp('c-x').escalation.reached).toBe(false);
    f.records.saveDraft('c-x', { category: '咨询', area: '北京' });
    expect(f.records.wrapUp('c-x').escalation).toMatchObject({ count: 0, reached: false });
    // Complaints older than 24 h do not count.
    f.clock += 25 * hour;
    f.call('c-late', '13800138011');
    f.records.saveDraft('c-late', { category: '投诉', subTopic: '供水', area: '北京' });
    expect(f.records.wrapUp('c-late').escalation).toMatchObject({ count: 1, reached: false });
  });
});

describe('outbox', () => {
  it('is written in the same transaction as the record: a failing record write leaves no outbox row', () => {
    const f = recordsFixture();
    f.call('c-1', '13800138000');
    const before = outboxCounts(f.db).waiting;
    expect(() =>
      f.records.enqueue({ kind: 'survey', id: 'survey-c-1', callId: 'c-1', data: { rating: 5 } }, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(outboxCounts(f.db).waiting).toBe(before);
    f.records.recordSurveyResult({ id: 'survey-c-1', callId: 'c-1', rating: 5, data: { mode: 'in-call' } });
    expect(outboxCounts(f.db).waiting).toBe(before + 1);
    f.call('c-2', '13800138000', { at: f.clock + 1000 });
    expect(f.contexts.at(-1)!.history[0]!.rating).toBe(5);
  });

  it('counts waiting records and since when for the status bar', () => {
    const f = recordsFixture();
    f.call('c-1', '13800138000');
    f.records.refreshStatus();
    expect(f.statuses.at(-1)).toMatchObject({ waiting: 1, oldestAt: f.clock + 60_000, rejected: 0, uploadConfigured: false });
  });
});

describe('export', () => {
  it('writes CSV with a BOM and JSONL for a time range', () => {
    const f = recordsFixture();
    f.call('c-1', '037167890000');
    f.records.saveDraft('c-1', { category: '投诉', notes: '=1+1 "引号"' });
    f.call('c-2', '13800138000', { at: f.clock + 10 * hour });
    const csv = f.records.exportRange(f.clock - 1, f.clock + hour, 'csv');
    expect(csv.rows).toBe(1);
    expect(csv.content.startsWith('\uFEFF"呼叫编号"')).toBe(true);
    expect(csv.content).toContain('"0371-6789 0000","河南 郑州"');
    expect(csv.content).toContain(`"'=1+1 ""引号"""`);
    const jsonl = f.records.exportRange(f.clock - 1, f.clock + 11 * hour, 'jsonl');
    const lines = jsonl.content.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['c-1', 'c-2']);
    expect(lines[0]).toMatchObject({ category: '投诉', numberDisplay: '0371-6789 0000', region: '河南 郑州' });
  });
});

/**
 * The shift view's figures: a night shift across midnight, an empty shift,
 * one agent after another at the same seat, a chosen day; and the query
 * plans that keep them fast on a seat with a million calls.
 */
import { describe, expect, it } from 'vitest';
import { callFigures, callsPerHour } from '../../../main/core/shift/shift-summary-queries.js';
import { putCall, shiftSetup } from './shift-test-db.js';

const H = 3_600_000;
/** UTC+8, as `Date#getTimezoneOffset()` says it. */
const cst = -480;
/** Epoch ms of a Beijing local time on 2026-12-05 (+1 day per extra 24 h). */
const bj = (hour: number, minute = 0) => Date.UTC(2026, 11, 5, hour - 8, minute);

describe('shift summary', () => {
  it('counts a night shift across midnight by local hour, 22:00 to 07:00', () => {
    const { db, clock, service } = shiftSetup();
    clock.now = bj(22);
    service.signIn({ agentNo: '1059', name: '张三' });
    putCall(db, bj(22, 10), { answerAfterMs: 4_000, endAfterMs: 124_000 }); // 2 min handled
    putCall(db, bj(23, 50), { answerAfterMs: 4_000, endAfterMs: 64_000 }); // 1 min
    putCall(db, bj(24, 5), { answerAfterMs: null, reason: 'missed' });
    putCall(db, bj(24 + 3, 30), { answerAfterMs: null, reason: 'not-ready' });
    putCall(db, bj(24 + 6, 59), { answerAfterMs: null, reason: 'rejected' });
    clock.now = bj(24 + 7);
    service.signOut();
    const s = service.summary({ tzOffsetMinutes: cst });
    expect(s.shift).toMatchObject({ agentNo: '1059', startedAt: bj(22), endedAt: bj(31) });
    expect(s).toMatchObject({ calls: 5, answered: 2, missed: 1, rejected: 2, averageHandleMs: 90_000 });
    expect(s.callsPerHour.map((h) => new Date(h.hourStart + 8 * H).getUTCHours())).toEqual([22, 23, 0, 1, 2, 3, 4, 5, 6]);
    expect(s.callsPerHour.map((h) => h.count)).toEqual([1, 1, 1, 0, 0, 1, 0, 0, 1]);
    expect(s.satisfactionRate).toBeNull();
    expect(s.responseRate).toBeNull();
  });

  it('shows an empty shift as zeros and nothing to average', () => {
    const { clock, service } = shiftSetup();
    clock.now = bj(8);
    service.signIn({ agentNo: '1059', name: '张三' });
    clock.now = bj(8, 30);
    const s = service.summary({ tzOffsetMinutes: cst });
    expect(s).toMatchObject({ calls: 0, answered: 0, missed: 0, rejected: 0, averageHandleMs: null, averageWrapUpMs: null, workOrders: 0, categories: [] });
    expect(s.callsPerHour).toEqual([{ hourStart: bj(8), count: 0 }]);
    expect(s.agents).toEqual([]);
  });

  it('keeps one agent apart from the next at the same seat, and a day shows both', () => {
    const { db, clock, service } = shiftSetup();
    clock.now = bj(8);
    const a = service.signIn({ agentNo: '1059', name: '张三' }).agent!.shiftId;
    putCall(db, bj(9));
    putCall(db, bj(10));
    clock.now = bj(12);
    service.signOut();
    putCall(db, bj(12, 30)); // nobody signed in
    clock.now = bj(13);
    const b = service.signIn({ agentNo: '1060', name: '王五' }).agent!.shiftId;
    putCall(db, bj(14));
    clock.now = bj(15);
    expect(service.summary({ shiftId: a, tzOffsetMinutes: cst }).calls).toBe(2);
    expect(service.summary({ tzOffsetMinutes: cst })).toMatchObject({ calls: 1, shift: { id: b, agentNo: '1060' } });
    const day = service.summary({ day: '2026-12-05', tzOffsetMinutes: cst });
    expect(day).toMatchObject({ shift: null, from: bj(0), to: bj(24), calls: 4 });
    expect(day.agents).toEqual([
      { name: '1059 张三', count: 2 },
      { name: '1060 王五', count: 1 },
      { name: '—', count: 1 },
    ]);
    expect(day.callsPerHour).toHaveLength(24);
    expect(service.summary({ day: '2026-12-04', tzOffsetMinutes: cst }).calls).toBe(0);
  });

  it('adds the wrap-up categories, wrap-up time and work orders of the shift', () => {
    const { db, clock, service } = shiftSetup();
    clock.now = bj(8);
    service.signIn({ agentNo: '1059', name: '张三' });
    const wrap = db.prepare(
      "INSERT INTO wrap_ups (call_id, category, status, updated_at, completed_at) VALUES (?, ?, 'complete', ?, ?)",
    );
    const c1 = putCall(db, bj(9), { endAfterMs: 60_000 });
    wrap.run(c1, '咨询', bj(9, 1) + 20_000, bj(9, 1) + 20_000);
    const c2 = putCall(db, bj(9, 30), { endAfterMs: 60_000 });
    wrap.run(c2, '投诉', bj(9, 31) + 40_000, bj(9, 31) + 40_000);
    const c3 = putCall(db, bj(10), { endAfterMs: 60_000 });
    wrap.run(c3, '咨询', bj(10, 1) + 30_000, bj(10, 1) + 30_000);
    db.prepare(
      `INSERT INTO work_orders (id, call_id, number_norm, department, summary, callback_number, category, sub_topic, area, priority, deadline_at, created_at)
       VALUES ('wo-1', ?, '13800138000', '疾控', '疫苗', '13800138000', '投诉', '', '', 'normal', ?, ?)`,
    ).run(c2, bj(24 * 7), bj(9, 32));
    clock.now = bj(11);
    const s = service.summary({ tzOffsetMinutes: cst });
    expect(s.categories).toEqual([
      { name: '咨询', count: 2 },
      { name: '投诉', count: 1 },
    ]);
    expect(s.averageWrapUpMs).toBe(30_000);
    expect(s.workOrders).toBe(1);
  });

  it('reads a shift through calls_shift and a day through calls_started_at', () => {
    const { db } = shiftSetup();
    const plan = (sql: string, params: Record<string, unknown>) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const shiftPlan = plan('SELECT count(*) FROM calls c WHERE c.shift_id = @shiftId', { shiftId: 's' });
    expect(shiftPlan).toMatch(/USING (COVERING )?INDEX calls_shift/);
    const dayPlan = plan('SELECT count(*) FROM calls c WHERE c.started_at >= @from AND c.started_at < @to', { from: 0, to: 1 });
    expect(dayPlan).toMatch(/USING (COVERING )?INDEX calls_started_at/);
    // the records figures walk the range's calls and look each wrap-up / work order up by key
    for (const range of ['c.shift_id = @shiftId', 'c.started_at >= @from AND c.started_at < @to']) {
      const p = { shiftId: 's', from: 0, to: 1 };
      const params = range.includes('shift') ? { shiftId: p.shiftId } : { from: p.from, to: p.to };
      const categories = plan(
        `SELECT w.category, count(*) FROM calls c CROSS JOIN wrap_ups w ON w.call_id = c.id WHERE ${range} GROUP BY w.category`,
        params,
      );
      expect(categories).toMatch(/SEARCH w USING INDEX sqlite_autoindex_wrap_ups_1/);
      expect(categories).not.toMatch(/SCAN w\b/);
      expect(plan(`SELECT count(*) FROM calls c CROSS JOIN work_orders o ON o.call_id = c.id WHERE ${range}`, params)).toMatch(
        /SEARCH o USING (COVERING )?INDEX work_orders_call/,
      );
    }
    // the query functions themselves run on an empty seat
    expect(callFigures(db, { kind: 'shift', shiftId: 's', from: 0, to: 1 }).calls).toBe(0);
    expect(callsPerHour(db, { kind: 'span', from: 0, to: H }, 0)).toEqual([{ hourStart: 0, count: 0 }]);
  });
});

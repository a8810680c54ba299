/**
 * The shift-summary phase of `npm run bench:desk` (called by desk-bench.ts on
 * its million-call seat): the generated history is cut into shifts the way a
 * seat is staffed — a day shift 08:00–17:00 and a night shift of fifteen
 * hours, 17:00–08:00 across midnight (UTC+8), agents taking turns — and the
 * calls are tied to their shift as the 0050 trigger would have done. Then
 * the shift view's whole summary (`ShiftService.summary`: counts, handle and
 * wrap-up time, categories, work orders, calls per hour, agents, survey
 * rates) is timed for random shifts and random days. Target p99 ≤ 50 ms.
 */
import type { Database } from 'better-sqlite3';
import { createShiftService } from '../../main/core/shift/shift-service.js';
import { surveyRates } from '../../main/core/survey/survey-queries.js';
import { seededRandom } from './desk-corpus.js';

export interface ShiftPhaseResult {
  readonly shifts: number;
  readonly setupSeconds: number;
  readonly shiftSummaryMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly samples: number };
  readonly daySummaryMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly samples: number };
  readonly averageCallsPerShift: number;
  readonly targetP99Ms: number;
  readonly ok: boolean;
}

const H = 3_600_000;
const tz = -480; // UTC+8
const agents = [
  ['1059', '张三'],
  ['1060', '王五'],
  ['1061', '李四'],
  ['1062', '赵敏'],
] as const;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number) => Math.round(n * 1000) / 1000;

export function runShiftPhase(db: Database, options: { from: number; to: number; samples?: number; say?: (line: string) => void }): ShiftPhaseResult {
  const say = options.say ?? (() => {});
  const samples = options.samples ?? 1000;
  let t = performance.now();
  // Staff the history: shifts start at local 08:00 and 17:00 (00:00 and 09:00 UTC).
  const insertAgent = db.prepare('INSERT OR IGNORE INTO agents (agent_no, name, pin_hash, created_at, updated_at) VALUES (?, ?, NULL, 0, 0)');
  for (const [no, name] of agents) insertAgent.run(no, name);
  const insertShift = db.prepare('INSERT INTO shifts (id, agent_no, agent_name, seat_number, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)');
  const firstDay = Math.floor(options.from / (24 * H)) * 24 * H;
  const shiftIds: string[] = [];
  db.transaction(() => {
    let n = 0;
    for (let day = firstDay; day < options.to; day += 24 * H) {
      for (const [start, end] of [
        [day, day + 9 * H],
        [day + 9 * H, day + 24 * H],
      ] as const) {
        const [no, name] = agents[n % agents.length]!;
        const id = `bench-shift-${n}`;
        insertShift.run(id, no, name, '1001', start, end);
        shiftIds.push(id);
        n += 1;
      }
    }
  })();
  db.exec(`UPDATE calls SET (shift_id, agent_no) = (
             SELECT s.id, s.agent_no FROM shifts s WHERE s.started_at <= calls.started_at ORDER BY s.started_at DESC LIMIT 1)
           WHERE shift_id IS NULL`);
  db.exec('ANALYZE');
  const setupSeconds = round((performance.now() - t) / 1000);
  say(`shift: ${shiftIds.length.toLocaleString('en')} shifts (day 08–17, night 17–08 across midnight) tied to the calls in ${setupSeconds} s`);

  const service = createShiftService({
    db,
    seatNumber: () => '1001',
    onChange: () => {},
    ratings: ({ from, to }) => {
      const r = surveyRates(db, from, to);
      return { satisfactionRate: r.satisfactionRate, responseRate: r.responseRate };
    },
  });
  const random = seededRandom(11);
  const shiftTimes: number[] = [];
  let callsSeen = 0;
  for (let i = 0; i < samples; i += 1) {
    const shiftId = shiftIds[Math.floor(random() * shiftIds.length)]!;
    t = performance.now();
    const summary = service.summary({ shiftId, tzOffsetMinutes: tz });
    shiftTimes.push(performance.now() - t);
    callsSeen += summary.calls;
  }
  const dayTimes: number[] = [];
  for (let i = 0; i < Math.ceil(samples / 5); i += 1) {
    const at = new Date(options.from + random() * (options.to - options.from) + 8 * H);
    const day = at.toISOString().slice(0, 10);
    t = performance.now();
    service.summary({ day, tzOffsetMinutes: tz });
    dayTimes.push(performance.now() - t);
  }
  shiftTimes.sort((a, b) => a - b);
  dayTimes.sort((a, b) => a - b);
  const stats = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)), max: round(xs.at(-1)!), samples: xs.length });
  const shiftSummaryMs = stats(shiftTimes);
  const daySummaryMs = stats(dayTimes);
  const averageCallsPerShift = Math.round(callsSeen / samples);
  say(`shift summary: p50 ${shiftSummaryMs.p50} ms, p99 ${shiftSummaryMs.p99} ms, max ${shiftSummaryMs.max} ms (${averageCallsPerShift} calls per shift on average)`);
  say(`day summary: p50 ${daySummaryMs.p50} ms, p99 ${daySummaryMs.p99} ms, max ${daySummaryMs.max} ms`);
  const targetP99Ms = 50;
  return {
    shifts: shiftIds.length,
    setupSeconds,
    shiftSummaryMs,
    daySummaryMs,
    averageCallsPerShift,
    targetP99Ms,
    ok: shiftSummaryMs.p99 <= targetP99Ms && daySummaryMs.p99 <= targetP99Ms,
  };
}

/**
 * A seeded generator of a busy seat's history: `generateDeskHistory(db, …)`
 * writes N calls over the last `years` (normalized numbers from a pool of
 * repeat callers, wrap-ups with categories and notes, a work order on some).
 * Exported for other desk benchmarks (the shift summary phase).
 */
import type { Database } from 'better-sqlite3';

export interface DeskHistoryOptions {
  readonly calls: number;
  /** Distinct caller numbers (default calls / 4). */
  readonly numbers?: number;
  readonly years?: number;
  readonly seed?: number;
  readonly now?: number;
  readonly workOrderShare?: number;
  /** Progress every 100k rows. */
  readonly onProgress?: (done: number) => void;
}

export const deskCategories = ['咨询', '投诉', '举报', '求助', '建议', '表扬'] as const;
const subTopics = ['疫苗接种', '医保报销', '挂号预约', '供水', '收费', '服务态度', '环境卫生', '狂犬疫苗'];
const areas = ['北京', '河南 郑州', '广东 广州', '上海', '四川 成都'];

import { seededRandom } from './seeded-random.js';

export { seededRandom };

/** The i-th caller number of the pool, as E.164 (mobiles). */
export function poolNumber(i: number): string {
  return `+861${String(30_000_000_00 + i * 7919).padStart(10, '0')}`;
}

export function generateDeskHistory(db: Database, options: DeskHistoryOptions): { from: number; to: number; numbers: number } {
  const random = seededRandom(options.seed ?? 1);
  const now = options.now ?? Date.now();
  const span = (options.years ?? 3) * 365 * 86_400_000;
  const numbers = options.numbers ?? Math.max(1, Math.floor(options.calls / 4));
  const insertCall = db.prepare(
    `INSERT INTO calls (id, sip_call_id, centre_call_id, direction, local_number, remote_number, remote_name, remote_uri,
       context_json, started_at, answered_at, ended_at, end_reason, ended_by, number_norm, region)
     VALUES (?, ?, ?, ?, '1001', ?, NULL, ?, '[]', ?, ?, ?, ?, 'remote', ?, ?)`,
  );
  const insertWrapUp = db.prepare(
    `INSERT INTO wrap_ups (call_id, category, sub_topic, area, notes, outcome, status, revision, agent_no, agent_name, updated_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, 'complete', 1, '1001', '王芳', ?, ?)`,
  );
  const insertMissed = db.prepare(`INSERT INTO wrap_ups (call_id, area, updated_at) VALUES (?, ?, ?)`);
  const insertOrder = db.prepare(
    `INSERT INTO work_orders (id, call_id, number_norm, department, summary, callback_number, category, sub_topic, area, priority, deadline_at, status, created_at)
     VALUES (?, ?, ?, '卫健委', ?, ?, ?, ?, ?, 'normal', ?, ?, ?)`,
  );
  const batch = 20_000;
  for (let done = 0; done < options.calls; done += batch) {
    db.transaction(() => {
      for (let i = done; i < Math.min(options.calls, done + batch); i += 1) {
        const id = `g-${i}`;
        const number = poolNumber(Math.floor(random() ** 2 * numbers));
        const startedAt = Math.floor(now - span + (span * i) / options.calls);
        const answered = random() < 0.92;
        const endedAt = startedAt + 30_000 + Math.floor(random() * 300_000);
        const area = areas[Math.floor(random() * areas.length)]!;
        insertCall.run(id, `${id}@gen`, `CTR-${i}`, random() < 0.9 ? 'inbound' : 'outbound', number.slice(3), `sip:${number}@sip.test`,
          startedAt, answered ? startedAt + 5_000 : null, endedAt, answered ? 'completed' : 'missed', number, area);
        if (!answered) {
          // Every ended call has its wrap-up row (a missed call's stays an empty draft).
          insertMissed.run(id, area, endedAt);
          continue;
        }
        const category = deskCategories[Math.floor(random() * deskCategories.length)]!;
        const subTopic = subTopics[Math.floor(random() * subTopics.length)]!;
        insertWrapUp.run(id, category, subTopic, area, `来电${subTopic}相关问题，已按知识库答复。\n回访：无`, 'answered', endedAt, endedAt);
        if (random() < (options.workOrderShare ?? 0.03)) {
          insertOrder.run(`wo-${i}`, id, number, `${subTopic}工单`, number, category, subTopic, area, endedAt + 7 * 86_400_000,
            endedAt + 7 * 86_400_000 > now ? 'open' : 'closed', endedAt);
        }
      }
    })();
    options.onProgress?.(Math.min(options.calls, done + batch));
  }
  return { from: now - span, to: now, numbers };
}

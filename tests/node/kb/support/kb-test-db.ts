/**
 * Test helpers: a migrated in-memory seat database, and a small fixed
 * knowledge base whose search answers are known by heart.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import { migrate } from '../../../../main/core/db/migrate.js';
import { migrations } from '../../../../main/core/db/migrations/index.js';
import { applyKbChanges } from '../../../../main/core/kb/apply-kb-changes.js';
import type { KbRecordInput } from '../../../../main/core/kb/kb-record.js';
import { kbRecordSchema } from '../../../../main/core/kb/kb-record.js';

export function memoryDb(): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations);
  onTestFinished(() => {
    db.close();
  });
  return db;
}

const at = '2026-11-01T08:00:00.000Z';

export function article(id: string, fields: Partial<Record<string, unknown>> & { title: string }): KbRecordInput {
  return { kind: 'article', id, version: 1, updatedAt: at, summary: '', body: '', category: '', tags: [], keywords: [], ...fields } as KbRecordInput;
}

export function phrase(id: string, fields: Partial<Record<string, unknown>> & { title: string; text: string; phase: string }): KbRecordInput {
  return { kind: 'phrase', id, version: 1, updatedAt: at, category: '', mandatory: false, ...fields } as KbRecordInput;
}

export function contact(id: string, fields: Partial<Record<string, unknown>> & { name: string; number: string }): KbRecordInput {
  return { kind: 'contact', id, version: 1, updatedAt: at, hours: '', handles: '', tags: [], area: '', ...fields } as KbRecordInput;
}

/** A small knowledge base with one clear answer per case the search must handle. */
export const fixedCorpus: KbRecordInput[] = [
  article('rabies', {
    title: '狂犬病暴露后怎么处置',
    summary: '被狗咬伤后先冲洗伤口，尽快到犬伤门诊。',
    body: '## 处置步骤\n\n- 用肥皂水和流动清水交替冲洗伤口约15分钟\n- 到犬伤门诊接种狂犬病疫苗\n\n咨询请拨打 [12320](tel:12320)。',
    category: '狂犬病防治',
    tags: ['狂犬病', '犬伤'],
    keywords: ['被狗咬', '打针'],
  }),
  article('hpv', {
    title: 'HPV疫苗怎么预约',
    summary: '九价HPV疫苗可在社区接种门诊预约。',
    body: '适龄女孩可免费接种二价HPV疫苗。预约请登录预防接种服务平台。',
    category: '预防接种',
    tags: ['宫颈癌'],
    keywords: ['九价'],
  }),
  article('ultrasound', {
    title: '检查前需要空腹吗',
    summary: '腹部B超一般需要空腹8小时。',
    body: '做B超、CT前请按检查单要求准备。心脏彩超不需要空腹。',
    category: '预约挂号',
    tags: ['检查'],
    keywords: [],
  }),
  article('insurance', {
    title: '医保报销不归12320受理',
    summary: '医保报销问题请拨打１２３９３医保服务热线。',
    body: '社保卡丢失、工伤认定请拨打12333人社服务热线。',
    category: '转介',
    tags: ['医保'],
    keywords: ['报销'],
  }),
  article('vaccine-body-only', {
    title: '儿童接种时间表',
    summary: '国家免疫规划疫苗按月龄接种。',
    body: '出生时接种乙肝疫苗和卡介苗。狂犬病疫苗不属于免疫规划。',
    category: '预防接种',
    tags: [],
    keywords: [],
  }),
  article('smoking', {
    title: '餐厅吸烟怎么投诉',
    summary: '室内餐厅全面禁烟。',
    body: '记清餐厅名称和地址后受理控烟投诉。',
    category: '控烟',
    tags: ['控烟'],
    keywords: ['二手烟'],
  }),
  phrase('greet', { title: '开场问候', text: '您好，{seatNumber}号话务员{agentName}为您服务。', phase: 'greeting', mandatory: true, category: '通用' }),
  phrase('refuse', { title: '无权限说明', text: '我们没有权限处理此事，请您联系所在社区。', phase: 'refusal', category: '通用' }),
  contact('hrss', { name: '人社服务热线', number: '12333', hours: '工作日 9:00-17:00', handles: '社保、工伤、劳动争议', tags: ['人社'], area: '全国' }),
  contact('citizen', { name: '市民热线', number: '12345', hours: '24小时', handles: '其他政府服务事项', tags: ['政务'], area: '本市' }),
];

/** Loads the fixed corpus into a fresh in-memory database. */
export function fixedCorpusDb(): Database {
  const db = memoryDb();
  const records = fixedCorpus.map((r) => kbRecordSchema.parse(r));
  db.transaction(() => applyKbChanges(db, { upserts: records, deletes: [] }))();
  return db;
}

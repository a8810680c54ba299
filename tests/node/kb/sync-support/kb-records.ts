/**
 * Small KB records for sync tests, and a source file writer for the
 * publisher. Titles carry a unique searchable word so a test can prove a
 * record is (or is no longer) findable.
 */
import { writeFileSync } from 'node:fs';
import type { KbRecordInput } from '../../../../main/core/kb/kb-record.js';

const topics = ['狂犬疫苗', '预约挂号', '食物中毒', '控烟投诉', '心理援助', '医保报销', '传染病报告', '疫苗接种'];

export function article(id: string, overrides: Partial<Record<string, unknown>> = {}): KbRecordInput {
  const n = Number(/\d+/.exec(id)?.[0] ?? 0);
  const topic = topics[n % topics.length]!;
  return {
    kind: 'article',
    id,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    title: `${topic}问题${n}号`,
    summary: `关于${topic}的说明`,
    body: `## ${topic}\n市民来电咨询${topic}，请按流程答复。编号${id}。`,
    category: topic,
    tags: [topic],
    keywords: [],
    ...overrides,
  } as KbRecordInput;
}

export function articles(count: number, from = 1): KbRecordInput[] {
  return Array.from({ length: count }, (_, i) => article(`art-${String(from + i).padStart(5, '0')}`));
}

export function contact(id: string, name: string, number: string): KbRecordInput {
  return { kind: 'contact', id, version: 1, updatedAt: '2026-01-01T00:00:00.000Z', name, number, hours: '24小时', handles: '', tags: [], area: '' };
}

export function phrase(id: string, title: string, text: string): KbRecordInput {
  return { kind: 'phrase', id, version: 1, updatedAt: '2026-01-01T00:00:00.000Z', title, text, phase: 'greeting', category: '', mandatory: false };
}

export function writeJsonl(path: string, records: readonly unknown[]): void {
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/**
 * Synonyms travel from the centre's source folder to the seat's search:
 * `synonyms.txt` → kb:publish (records of kind `synonym`) → static files →
 * the seat's sync (full, then a change page) → a query is expanded with them.
 * Real publisher, real HTTP server on 127.0.0.1, real sync worker code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishKb } from '../../../main/cli/publish/publish-kb.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { tempDir } from '../support/temp-dir.js';
import { feedServer, openSeat } from './sync-support/sync-harness.js';

const at = '2026-11-01T08:00:00.000Z';

describe('synonyms from the centre reach the seat', () => {
  it('are published from synonyms.txt, synced, used by search, changed and removed like records', async () => {
    const dir = tempDir('hotseat-syn-');
    const source = join(dir, 'source');
    const outDir = join(dir, 'out');
    mkdirSync(source);
    const articles = [
      { kind: 'article', id: 'rabies', version: 1, updatedAt: at, title: '犬伤门诊在哪里', summary: '', body: '犬伤后到门诊处置。' },
      { kind: 'article', id: 'vaccine', version: 1, updatedAt: at, title: '儿童接种时间表', summary: '', body: '按月龄接种。' },
      { kind: 'article', id: 'filler', version: 1, updatedAt: at, title: '控烟投诉', summary: '', body: '室内禁烟。' },
    ];
    writeFileSync(join(source, 'articles.jsonl'), `${articles.map((a) => JSON.stringify(a)).join('\n')}\n`);
    writeFileSync(join(source, 'synonyms.txt'), '# 来电人的说法 => 知识库的说法\n狗咬, 被狗咬 => 犬伤\n打针 => 接种\n');
    const publish = async () => {
      const result = await publishKb({ source, outDir, allowShrink: true });
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result;
    };
    const v1 = await publish();
    expect(v1.records).toBe(5); // 3 articles + 2 synonym groups

    const server = await feedServer(outDir);
    const seat = openSeat();
    const find = (query: string) => searchKb(seat.db, { query }).hits.map((h) => [h.id, h.match]);
    expect(await seat.sync(server.url)).toMatchObject({ mode: 'full' });
    expect(find('狗咬')).toEqual([['rabies', 'synonym']]);
    // In a longer question the synonym stands for its word among the others.
    expect(find('被狗咬了怎么办').map(([id]) => id)).toEqual(['rabies']);
    expect(find('打针')).toEqual([['vaccine', 'synonym']]);

    // The centre edits the list: 打针 now means 注射 (no article has it), 狗咬 is gone, 猫抓 is new.
    writeFileSync(join(source, 'synonyms.txt'), '打针 => 注射\n猫抓 => 犬伤\n');
    await publish();
    expect(await seat.sync(server.url)).toMatchObject({ mode: 'incremental' });
    expect(find('猫抓')).toEqual([['rabies', 'synonym']]);
    expect(find('狗咬')).toEqual([]);
    expect(find('打针')).toEqual([]);
    expect(seat.db.prepare('SELECT id FROM kb_synonym ORDER BY id').pluck().all()).toEqual(['打针', '猫抓']);
  });
});

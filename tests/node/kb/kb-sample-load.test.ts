/**
 * First run: the bundled sample knowledge base (resources/kb/sample) loads
 * into an empty cache — every line valid, the counts the issue asks for —
 * so a new seat answers searches before it has ever synced; a cache that has
 * records is left alone.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { phrasePhases } from '../../../main/contract/kb.js';
import { createCore } from '../../../main/core/create-core.js';
import { applyKbChanges, countKbRecords } from '../../../main/core/kb/apply-kb-changes.js';
import { kbRecordSchema } from '../../../main/core/kb/kb-record.js';
import { listPhrases } from '../../../main/core/kb/kb-queries.js';
import { loadSampleKbIfEmpty } from '../../../main/core/kb/load-sample-kb.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { createKeyFileSecretBox } from '../../../main/core/profile/key-file-secret-box.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';
import { article, memoryDb } from './support/kb-test-db.js';

const resourcesDir = join(repoRoot, 'resources');

function count(db: ReturnType<typeof memoryDb>, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('sample knowledge base', () => {
  it('loads every bundled record into an empty cache, with no bad line', () => {
    const db = memoryDb();
    const result = loadSampleKbIfEmpty(db, resourcesDir);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toBeNull();
    expect(count(db, 'kb_article')).toBeGreaterThanOrEqual(150);
    expect(count(db, 'kb_phrase')).toBeGreaterThanOrEqual(40);
    expect(count(db, 'kb_contact')).toBeGreaterThanOrEqual(60);
    // Every searchable record, and the sample's synonym list (synonyms.txt).
    expect(count(db, 'kb_synonym')).toBeGreaterThanOrEqual(40);
    expect(result.loaded).toBe(count(db, 'kb_doc') + count(db, 'kb_synonym'));
  });

  it('covers every call phase with phrases', () => {
    const db = memoryDb();
    loadSampleKbIfEmpty(db, resourcesDir);
    const phases = new Set(listPhrases(db).map((p) => p.phase));
    expect([...phases].sort()).toEqual([...phrasePhases].sort());
  });

  it('answers what agents type on day one: 2-character topics, hotline numbers, pinyin', () => {
    const db = memoryDb();
    loadSampleKbIfEmpty(db, resourcesDir);
    for (const query of ['疫苗', '狂犬', '挂号', '投诉', '吸烟', '食物中毒', '医保', '心理']) {
      expect(searchKb(db, { query }).hits.length, query).toBeGreaterThan(0);
    }
    const referral = searchKb(db, { query: '12333', kinds: ['contact'] }).hits[0];
    expect(referral?.number).toBe('12333');
    expect(searchKb(db, { query: '120', kinds: ['contact'] }).hits[0]?.number).toBe('120');
    expect(searchKb(db, { query: 'kqb' }).hits[0]?.title).toContain('狂犬病');
  });

  it('leaves a cache that already has records alone (a synced seat is never overwritten)', () => {
    const db = memoryDb();
    applyKbChanges(db, { upserts: [kbRecordSchema.parse(article('own', { title: '本中心自己的文章' }))], deletes: [] });
    const result = loadSampleKbIfEmpty(db, resourcesDir);
    expect(result).toMatchObject({ loaded: 0, skipped: 'not-empty' });
    expect(countKbRecords(db)).toBe(1);
  });

  it('loads the good lines of a damaged sample and reports the bad ones with their line', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'kb', 'sample'), { recursive: true });
    writeFileSync(
      join(dir, 'kb', 'sample', 'articles.jsonl'),
      [
        JSON.stringify(article('a1', { title: '好的一行' })),
        '{not json',
        JSON.stringify({ ...article('a2', { title: '' }) }),
      ].join('\n'),
    );
    const db = memoryDb();
    const result = loadSampleKbIfEmpty(db, dir);
    expect(result.loaded).toBe(1);
    expect(result.errors.map((e) => [e.file, e.line])).toEqual([
      ['kb/sample/articles.jsonl', 2],
      ['kb/sample/articles.jsonl', 3],
    ]);
  });

  it('reports a missing sample folder instead of failing', () => {
    const db = memoryDb();
    expect(loadSampleKbIfEmpty(db, tempDir())).toMatchObject({ loaded: 0, skipped: 'no-sample' });
  });

  it('is loaded by the core on first start, and searchable through the contract', async () => {
    const dataDir = tempDir();
    const resources = join(tempDir(), 'resources');
    cpSync(join(resourcesDir, 'kb'), join(resources, 'kb'), { recursive: true });
    const core = createCore({ dataDir, host: 'web', version: 'test', secrets: createKeyFileSecretBox(dataDir), resourcesDir: resources, workersDir: join(repoRoot, 'out', 'workers') });
    try {
      const started = performance.now();
      const result = await core.dispatch('searchKb', { query: '狂犬' }, 'test');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result.ok).toBe(true);
      expect((result as { value: { hits: unknown[] } }).value.hits.length).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  });
});

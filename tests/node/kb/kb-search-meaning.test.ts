/**
 * Search finds what the agent means (issue 13): words typed together that a
 * record has apart or in another order, the centre's synonyms, full pinyin,
 * and results grouped by kind so an article is never hidden under short
 * phrase and contact titles. On the fixed corpus where an answer must be
 * exact, and on the bundled sample KB for the examples the issue names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { applyKbChanges, backfillPinyinIndex } from '../../../main/core/kb/apply-kb-changes.js';
import { pinyinQuery, toFullPinyinIndexText } from '../../../main/core/kb/full-pinyin.js';
import { kbRecordSchema, parseKbRecord, type KbRecordInput } from '../../../main/core/kb/kb-record.js';
import { createKbService } from '../../../main/core/kb/kb-service.js';
import { loadSampleKbIfEmpty } from '../../../main/core/kb/load-sample-kb.js';
import { queryMeaning } from '../../../main/core/kb/query-terms.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { parseQuery } from '../../../main/core/kb/search-text.js';
import { parseSynonyms } from '../../../main/core/kb/source/parse-synonyms.js';
import { readKbSource } from '../../../main/core/kb/source/read-kb-source.js';
import { unseenCachedKeys } from '../../../main/core/kb/sync/kb-cache-queries.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';
import { fixedCorpusDb } from './support/kb-test-db.js';

const at = '2026-11-01T08:00:00.000Z';
const synonym = (id: string, from: string[], to: string[], version = 1): KbRecordInput =>
  ({ kind: 'synonym', id, version, updatedAt: at, from, to }) as KbRecordInput;
const apply = (db: Database, records: KbRecordInput[]) =>
  db.transaction(() => applyKbChanges(db, { upserts: records.map((r) => kbRecordSchema.parse(r)), deletes: [] }))();
const search = (db: Database, query: string, extra: Omit<Parameters<typeof searchKb>[1], 'query'> = {}) => searchKb(db, { query, ...extra }).hits;

let sample: Database;
beforeAll(() => {
  process.env.HOTSEAT_LOG ??= 'warn';
  sample = new BetterSqlite3(':memory:');
  migrate(sample, migrations);
  loadSampleKbIfEmpty(sample, join(repoRoot, 'resources'));
});
afterAll(() => sample.close());

describe('words apart and out of order', () => {
  it('finds the issue’s examples that an exact phrase misses: 挂号退费, 孩子发烧疫苗, 接种后发烧', () => {
    expect(search(sample, '挂号退费')[0]).toMatchObject({ id: 'art-a-033', match: 'words' });
    expect(search(sample, '孩子发烧疫苗').slice(0, 3).map((h) => h.id)).toContain('art-a-004');
    expect(search(sample, '接种后发烧').slice(0, 3).map((h) => h.id)).toContain('art-a-004');
  });

  it('marks each word found, wherever it is in the title', () => {
    const hit = search(sample, '挂号退费')[0]!;
    expect(hit.titleHtml).toContain('<mark>挂号</mark>');
    // 退费 is not in this title; the synonym the sample list gives it (退号) is, and is marked.
    expect(hit.titleHtml).toContain('<mark>退号</mark>');
  });

  it('ranks exact phrases above records that only have the words apart', () => {
    const db = fixedCorpusDb();
    apply(db, [
      { kind: 'article', id: 'apart', version: 1, updatedAt: at, title: '门诊时间', summary: '犬伤处置请到专门的门诊。', body: '' } as KbRecordInput,
    ]);
    const hits = search(db, '犬伤门诊');
    expect(hits.map((h) => [h.id, h.match])).toEqual([
      ['rabies', 'exact'],
      ['apart', 'words'],
    ]);
  });

  it('falls back to most of the words when no record has them all', () => {
    const db = fixedCorpusDb();
    // 狂犬病 and 冲洗 are in the rabies article, 吸烟 only in another.
    const hits = search(db, '狂犬病冲洗吸烟');
    expect(hits[0]).toMatchObject({ id: 'rabies', match: 'some' });
  });

  it('splits with the dictionary and keeps only words some record contains', () => {
    const known = new Set(['挂号', '退费', '医保']);
    const meaning = queryMeaning('帮我妈挂号退费', parseQuery('帮我妈挂号退费'), [], (w) => known.has(w.needle));
    expect(meaning.concepts.map((c) => c.text)).toEqual(['挂号', '退费']); // 我妈: in no record
    // The dictionary splits 医保 into 医|保: single characters next to each other are joined again.
    expect(queryMeaning('医保报销', parseQuery('医保报销'), [], (w) => known.has(w.needle)).concepts.map((c) => c.text)).toEqual(['医保']);
    // Particles and question words never become required words.
    expect(queryMeaning('接种后发烧怎么办', parseQuery('接种后发烧怎么办'), []).concepts.map((c) => c.text)).toEqual(['接种', '发烧']);
  });
});

describe('synonyms from the centre', () => {
  it('expands a caller’s word to the publisher’s, labelled and highlighted, and obeys later versions and deletes', () => {
    const db = fixedCorpusDb();
    expect(search(db, '小狗咬人')).toEqual([]);
    apply(db, [synonym('小狗咬人', ['小狗咬人', '狗啃'], ['犬伤'])]);
    const [hit] = search(db, '小狗咬人');
    expect(hit).toMatchObject({ id: 'rabies', match: 'synonym' });
    expect(hit!.snippetHtml).toContain('<mark>犬伤</mark>');
    expect(search(db, '被狗啃了')[0]?.id).toBe('rabies');

    // A replayed older version changes nothing; a newer one replaces the pairs; a tombstone removes them.
    apply(db, [synonym('小狗咬人', ['小狗咬人'], ['宫颈癌'], 1)]);
    expect(search(db, '小狗咬人')[0]?.id).toBe('rabies');
    apply(db, [synonym('小狗咬人', ['小狗咬人'], ['宫颈癌'], 2)]);
    expect(search(db, '小狗咬人')[0]?.id).toBe('hpv');
    apply(db, [{ kind: 'synonym', id: '小狗咬人', version: 3, updatedAt: at, deleted: true } as KbRecordInput]);
    expect(search(db, '小狗咬人')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM kb_synonym_term').pluck().get()).toBe(0);
  });

  it('puts 接种 above an article that merely mentions 打针 (the sample list: 打针 → 接种, 疫苗)', () => {
    const top = search(sample, '打针').slice(0, 3);
    expect(top.map((h) => h.id)).not.toContain('art-a-057'); // 医美 (打针美容)
    expect(top.every((h) => /接种|疫苗/.test(h.title))).toBe(true);
    expect(search(sample, '狗咬')[0]?.id).toBe('art-a-017');
  });

  it('reads synonyms.txt from a source folder, with line-numbered errors, for kb:publish and kb:import', () => {
    const dir = tempDir('kb-synonyms-src');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'articles.jsonl'),
      `${JSON.stringify({ kind: 'article', id: 'a1', version: 1, updatedAt: at, title: '犬伤门诊', body: '处置' })}\n`,
    );
    writeFileSync(join(dir, 'synonyms.txt'), '# 来电人的说法 => 知识库的说法\n狗咬，被狗咬 => 犬伤、狂犬病暴露\n\n打针 → 接种\n坏行没有箭头\n');
    const source = readKbSource(dir);
    expect(source.errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('=>') })]);
    const parsed = parseSynonyms('狗咬，被狗咬 => 犬伤、狂犬病暴露\n', 'x', at);
    expect(parsed.records[0]?.record).toMatchObject({ kind: 'synonym', id: '狗咬', from: ['狗咬', '被狗咬'], to: ['犬伤', '狂犬病暴露'] });
    expect(parseKbRecord({ kind: 'synonym', id: 'x', version: 1, updatedAt: at, from: [], to: ['y'] })).toMatchObject({ ok: false });
  });

  it('is removed by a full snapshot that no longer has it, like any record', () => {
    const db = fixedCorpusDb();
    apply(db, [synonym('狗咬', ['狗咬'], ['犬伤'])]);
    expect(unseenCachedKeys(db)).toContainEqual({ kind: 'synonym', id: '狗咬' });
    db.prepare("INSERT INTO kb_sync_seen (kind, id) VALUES ('synonym', '狗咬')").run();
    expect(unseenCachedKeys(db)).not.toContainEqual({ kind: 'synonym', id: '狗咬' });
  });
});

describe('full pinyin', () => {
  it('finds 狂犬… by kuangquan, kuang quan, and while still typing kuangq', () => {
    const db = fixedCorpusDb();
    for (const query of ['kuangquan', 'kuang quan', 'kuangq', 'KuangQuanBing']) {
      expect(search(db, query)[0], query).toMatchObject({ id: 'rabies', match: 'pinyin' });
    }
    // Keywords too: 犬伤 is a tag of the rabies article.
    expect(search(db, 'quanshang')[0]?.id).toBe('rabies');
    expect(search(sample, 'kuangquan')[0]?.kind).toBe('article');
  });

  it('reads letters as the fewest syllables, and refuses what is not pinyin', () => {
    expect(pinyinQuery(['kuangquan'])).toEqual({ syllables: ['kuang', 'quan'], prefix: false });
    expect(pinyinQuery(['xian'])).toEqual({ syllables: ['xian'], prefix: false });
    expect(pinyinQuery(['jiankangzh'])).toEqual({ syllables: ['jian', 'kang', 'zh'], prefix: true });
    expect(pinyinQuery(['hpv'])).toBeNull();
    expect(pinyinQuery(['ma'])).toBeNull(); // one short syllable would match half the KB
    expect(toFullPinyinIndexText('狂犬病，HPV疫苗', ['犬伤'])).toBe('kuang quan bing hpv yi miao \u2063 quan shang');
  });

  it('is filled for a cache written before migration 0061, once, when the KB service starts', () => {
    const db = fixedCorpusDb();
    db.exec('DELETE FROM kb_fts_pinyin');
    db.prepare("UPDATE kb_counter SET value = 1 WHERE name = 'pinyin_backfill'").run();
    expect(search(db, 'kuangquan')).toEqual([]);
    createKbService({ db });
    expect(search(db, 'kuangquan')[0]?.id).toBe('rabies');
    expect(backfillPinyinIndex(db)).toBe(0); // asked once
  });
});

describe('results the agent can scan', () => {
  it('shows an article first for a general word, each kind in one group (心理, 狂犬)', () => {
    for (const query of ['心理', '狂犬']) {
      const hits = search(sample, query);
      expect(hits[0]?.kind, query).toBe('article');
      const kinds = hits.map((h) => h.kind);
      // Grouped: once a kind's run ends it never comes back.
      const runs = kinds.filter((k, i) => k !== kinds[i - 1]);
      expect(new Set(runs).size, query).toBe(runs.length);
      expect(kinds, query).toEqual(expect.arrayContaining(['article', 'contact']));
    }
  });

  it('gives each kind at least three places when it has them, and the best group the rest', () => {
    const hits = search(sample, '心理', { limit: 10 });
    const count = (kind: string) => hits.filter((h) => h.kind === kind).length;
    expect(hits).toHaveLength(10);
    expect(count('phrase')).toBeGreaterThanOrEqual(3);
    expect(count('contact')).toBeGreaterThanOrEqual(2);
    expect(count('article')).toBeGreaterThanOrEqual(3);
  });

  it('puts numbers first when the query asks for one (a number, or …电话)', () => {
    expect(search(sample, '12393')[0]).toMatchObject({ kind: 'contact', id: 'con-010' });
    expect(search(sample, '医保电话')[0]?.kind).toBe('contact');
  });

  it('puts a recently used article first among equally good ones', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    loadSampleKbIfEmpty(db, join(repoRoot, 'resources'));
    const before = search(db, '狂犬').filter((h) => h.kind === 'article');
    const last = before[before.length - 1]!;
    db.prepare('INSERT INTO kb_recent (article_id, used_at) VALUES (?, ?)').run(last.id, Date.now());
    expect(search(db, '狂犬')[0]?.id).toBe(last.id);
    db.close();
  });

  it('keeps the kind filter: only the kinds asked for', () => {
    expect(search(sample, '狂犬', { kinds: ['contact'] }).every((h) => h.kind === 'contact')).toBe(true);
    expect(search(sample, '挂号退费', { kinds: ['phrase'] })).toEqual([]);
  });
});

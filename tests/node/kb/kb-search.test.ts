/**
 * Search on a small fixed knowledge base: every kind of query an agent types
 * while the caller talks, answered as the agent expects.
 */
import { describe, expect, it } from 'vitest';
import { applyKbChanges } from '../../../main/core/kb/apply-kb-changes.js';
import { kbRecordSchema } from '../../../main/core/kb/kb-record.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { article, contact, fixedCorpusDb } from './support/kb-test-db.js';

const ids = (query: string, extra: Omit<Parameters<typeof searchKb>[1], 'query'> = {}) => {
  const db = fixedCorpusDb();
  return searchKb(db, { query, ...extra }).hits.map((h) => h.id);
};

describe('searchKb on a fixed corpus', () => {
  it('finds 2-character queries anywhere in a word (狂犬 in 狂犬病)', () => {
    expect(ids('狂犬')).toEqual(expect.arrayContaining(['rabies', 'vaccine-body-only']));
  });

  it('finds 3- and 4-character queries as exact substrings, not as loose words', () => {
    expect(ids('狂犬病')).toEqual(expect.arrayContaining(['rabies', 'vaccine-body-only']));
    expect(ids('犬伤门诊')).toEqual(['rabies']);
    // 门诊犬伤 contains the same bigrams in another order: not a substring anywhere,
    // so no exact hit — the record is found by its words, and says so.
    expect(searchKb(fixedCorpusDb(), { query: '门诊犬伤' }).hits.map((h) => [h.id, h.match])).toEqual([['rabies', 'words']]);
  });

  it('finds a lone character through titles and tags first, then bodies', () => {
    const hits = ids('犬');
    expect(hits[0]).toBe('rabies');
    expect(hits).toContain('vaccine-body-only');
    // 卡 appears only in a body (卡介苗, 社保卡): still found.
    expect(ids('卡')).toEqual(expect.arrayContaining(['vaccine-body-only', 'insurance']));
  });

  it('finds the last character of a run (苗 at the end of 疫苗。)', () => {
    expect(ids('苗')).toEqual(expect.arrayContaining(['hpv', 'rabies', 'vaccine-body-only']));
  });

  it('ranks title and keyword matches above body-only matches', () => {
    const hits = ids('狂犬病');
    expect(hits.indexOf('rabies')).toBeLessThan(hits.indexOf('vaccine-body-only'));
    const vaccine = ids('疫苗');
    expect(vaccine[0]).toBe('hpv');
    expect(vaccine.indexOf('hpv')).toBeLessThan(vaccine.indexOf('vaccine-body-only'));
  });

  it('matches keywords and tags (被狗咬 is only a keyword)', () => {
    expect(ids('被狗咬')[0]).toBe('rabies');
  });

  it('finds pinyin initials of titles (kqb → 狂犬病, hpvym → HPV疫苗)', () => {
    expect(ids('kqb')[0]).toBe('rabies');
    expect(ids('KQB')[0]).toBe('rabies');
    expect(ids('bl')).toContain('rabies'); // 暴露, inside the title
    expect(ids('hpvym')[0]).toBe('hpv');
    expect(ids('etjz')).toEqual(['vaccine-body-only']); // 儿童接种时间表
    expect(ids('qxzq')).toEqual([]);
  });

  it('finds a referral number by the digits the agent heard, anywhere in it', () => {
    const db = fixedCorpusDb();
    applyKbChanges(db, {
      upserts: [kbRecordSchema.parse(contact('cdc', { name: '本市疾控中心', number: '0000-5550123' }))],
      deletes: [],
    });
    const find = (query: string, extra = {}) => searchKb(db, { query, ...extra }).hits.map((h) => h.id);
    expect(find('0123')).toEqual(['cdc']);
    expect(find('5550123')).toEqual(['cdc']);
    expect(find('０１２３')).toEqual(['cdc']);
    expect(find('2333')).toEqual(['hrss']);
    expect(find('0123', { kinds: ['article'] })).toEqual([]);
    expect(find('01')).toEqual([]);
  });

  it('mixes Latin, digits and Chinese (HPV, B超, 12333)', () => {
    expect(ids('HPV')).toEqual(['hpv']);
    expect(ids('hpv疫苗')).toEqual(['hpv']);
    expect(ids('B超')).toEqual(['ultrasound']);
    expect(ids('b超')).toEqual(['ultrasound']);
    expect(ids('12333')[0]).toBe('hrss');
    expect(ids('12333')).toContain('insurance');
  });

  it('treats full-width digits and letters as their ASCII forms', () => {
    expect(ids('１２３３３')[0]).toBe('hrss');
    expect(ids('ＨＰＶ')).toEqual(['hpv']);
    // …and the other way round: the document has １２３９３, the agent types 12393.
    expect(ids('12393')).toEqual(['insurance']);
  });

  it('matches a number as it is being typed (prefix)', () => {
    expect(ids('1233')[0]).toBe('hrss');
  });

  it('ANDs the words of a multi-word query', () => {
    expect(ids('餐厅 投诉')).toEqual(['smoking']);
    expect(ids('餐厅　投诉')).toEqual(['smoking']); // ideographic space
    expect(ids('餐厅 疫苗')).toEqual([]);
  });

  it('filters by kind and by category', () => {
    expect(ids('12333', { kinds: ['contact'] })).toEqual(['hrss']);
    expect(ids('12333', { kinds: ['article'] })).toEqual(['insurance']);
    expect(ids('疫苗', { category: '预防接种' }).sort()).toEqual(['hpv', 'vaccine-body-only']);
    expect(ids('疫苗', { category: '没有这个分类' })).toEqual([]);
    expect(ids('社区', { kinds: ['phrase'] })).toEqual(['refuse']);
    expect(ids('疫苗', { kinds: [] })).toEqual([]);
  });

  it('returns phrases with their phase and contacts with their number', () => {
    const db = fixedCorpusDb();
    const [greet] = searchKb(db, { query: '问候' }).hits;
    expect(greet).toMatchObject({ kind: 'phrase', id: 'greet', phase: 'greeting' });
    const [hrss] = searchKb(db, { query: '人社', kinds: ['contact'] }).hits;
    expect(hrss).toMatchObject({ kind: 'contact', id: 'hrss', number: '12333', title: '人社服务热线' });
  });

  it('highlights the query in the title and in a snippet of the body, HTML-escaped', () => {
    const db = fixedCorpusDb();
    const [hit] = searchKb(db, { query: '犬伤门诊' }).hits;
    expect(hit?.snippetHtml).toContain('<mark>犬伤门诊</mark>');
    const [title] = searchKb(db, { query: '狂犬病' }).hits;
    expect(title?.titleHtml).toBe('<mark>狂犬病</mark>暴露后怎么处置');
    const [fullWidth] = searchKb(db, { query: '12393' }).hits;
    expect(fullWidth?.snippetHtml).toContain('<mark>１２３９３</mark>');
  });

  it('escapes article text in snippets (no markup from the data reaches the renderer)', () => {
    const db = fixedCorpusDb();
    const record = kbRecordSchema.parse(
      article('escape', { title: '转义<b>测试</b>', summary: '含有 <script>alert(1)</script> & 符号的摘要', body: '正文' }),
    );
    applyKbChanges(db, { upserts: [record], deletes: [] });
    const [hit] = searchKb(db, { query: '转义' }).hits;
    expect(hit?.titleHtml).toBe('<mark>转义</mark>&#60;b&#62;测试&#60;/b&#62;');
    const [bySummary] = searchKb(db, { query: '符号' }).hits;
    expect(bySummary?.snippetHtml).not.toContain('<script');
    expect(bySummary?.snippetHtml).toContain('&#38;');
  });

  it('honours the limit and says how long it took', () => {
    const db = fixedCorpusDb();
    const result = searchKb(db, { query: '疫苗', limit: 2 });
    expect(result.hits).toHaveLength(2);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
    expect(result.query).toBe('疫苗');
  });

  it('finds nothing for empty, blank or punctuation-only queries', () => {
    expect(ids('')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('，。！？')).toEqual([]);
    expect(ids('😀')).toEqual([]);
  });

  it('sees updates and deletes at once', () => {
    const db = fixedCorpusDb();
    const newer = kbRecordSchema.parse(article('smoking', { version: 2, title: '网吧吸烟怎么投诉', body: '网吧全面禁烟。' }));
    expect(applyKbChanges(db, { upserts: [newer], deletes: [] })).toEqual({ upserted: 1, deleted: 0 });
    expect(searchKb(db, { query: '餐厅' }).hits.map((h) => h.id)).toEqual([]);
    expect(searchKb(db, { query: '网吧' }).hits.map((h) => h.id)).toEqual(['smoking']);
    expect(applyKbChanges(db, { upserts: [], deletes: [{ kind: 'article', id: 'smoking' }] })).toEqual({ upserted: 0, deleted: 1 });
    expect(searchKb(db, { query: '网吧' }).hits).toEqual([]);
    expect(searchKb(db, { query: '吸' }).hits).toEqual([]);
  });

  it('ignores an older or equal version (replayed pages change nothing)', () => {
    const db = fixedCorpusDb();
    const v3 = kbRecordSchema.parse(article('hpv', { version: 3, title: '九价疫苗新政策' }));
    const v2 = kbRecordSchema.parse(article('hpv', { version: 2, title: '旧标题不应出现' }));
    expect(applyKbChanges(db, { upserts: [v3, v2, v3], deletes: [] }).upserted).toBe(1);
    expect(searchKb(db, { query: '旧标题' }).hits).toEqual([]);
    expect(searchKb(db, { query: '新政策' }).hits.map((h) => h.id)).toEqual(['hpv']);
  });

  it('applies several changes to one record in one batch in order (v2, v3, delete, re-create)', () => {
    const db = fixedCorpusDb();
    const v2 = kbRecordSchema.parse(article('batch', { version: 2, title: '第二版标题' }));
    const v3 = kbRecordSchema.parse(article('batch', { version: 3, title: '第三版的标题更长一些' }));
    expect(applyKbChanges(db, { upserts: [v2, v3], deletes: [] }).upserted).toBe(2);
    expect(searchKb(db, { query: '第二版' }).hits).toEqual([]);
    expect(searchKb(db, { query: '第三版' }).hits.map((h) => h.id)).toEqual(['batch']);
    const v4 = kbRecordSchema.parse(article('batch', { version: 4, title: '重新发布' }));
    const tombstone = kbRecordSchema.parse({ kind: 'article', id: 'batch', version: 5, updatedAt: '2026-11-02T00:00:00Z', deleted: true });
    expect(applyKbChanges(db, { upserts: [v4, tombstone], deletes: [] })).toEqual({ upserted: 1, deleted: 1 });
    expect(searchKb(db, { query: '重新发布' }).hits).toEqual([]);
    expect(searchKb(db, { query: '第三版' }).hits).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM kb_doc WHERE ref_id = 'batch'").pluck().get()).toBe(0);
  });

  it('treats a tombstone among the upserts as a delete', () => {
    const db = fixedCorpusDb();
    const tombstone = kbRecordSchema.parse({ kind: 'contact', id: 'citizen', version: 2, updatedAt: '2026-11-02T00:00:00Z', deleted: true });
    expect(applyKbChanges(db, { upserts: [tombstone], deletes: [] })).toEqual({ upserted: 0, deleted: 1 });
    expect(searchKb(db, { query: '12345' }).hits).toEqual([]);
  });
});

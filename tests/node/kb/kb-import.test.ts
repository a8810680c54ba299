/**
 * Knowledge-base sources (JSONL, CSV, a folder of Markdown files with front
 * matter) with line-numbered errors, and `npm run kb:import` loading them
 * into a seat's cache for real: run as a command, then searched.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { getArticle, getContact, getPhrase } from '../../../main/core/kb/kb-queries.js';
import { parseCsv } from '../../../main/core/kb/source/parse-csv.js';
import { parseJsonl } from '../../../main/core/kb/source/parse-jsonl.js';
import { readKbSource } from '../../../main/core/kb/source/read-kb-source.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const at = '2026-11-01T08:00:00Z';

/** Runs `npm run kb:import -- …` the way an admin does (through tsx). */
async function kbImport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'main/cli/kb-import.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, HOTSEAT_LOG: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('JSONL source', () => {
  it('reads one record per line, skipping blank and // lines, reporting bad lines by number', () => {
    const text = [
      '// sample',
      JSON.stringify({ kind: 'article', id: 'a1', version: 1, updatedAt: at, title: '标题', body: '正文' }),
      '',
      '{"kind":"article",',
      JSON.stringify({ kind: 'phrase', id: 'p1', version: 1, updatedAt: at, title: '问候', text: '您好', phase: 'hello' }),
      JSON.stringify({ kind: 'contact', id: 'c1', version: 0, updatedAt: at, name: '热线', number: '12345' }),
      JSON.stringify({ kind: 'faq', id: 'x' }),
      JSON.stringify({ kind: 'contact', id: 'c2', version: 1, updatedAt: at, deleted: true }),
    ].join('\n');
    const { records, errors } = parseJsonl(text, 'kb.jsonl');
    expect(records.map((r) => [r.record.id, r.line])).toEqual([
      ['a1', 2],
      ['c2', 8],
    ]);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [4, expect.stringMatching(/^not valid JSON/)],
      [5, expect.stringMatching(/^phase must be one of greeting/)],
      [6, 'version must be a whole number ≥ 1'],
      [7, 'kind must be one of article, phrase, contact, synonym (got "faq")'],
    ]);
  });
});

describe('CSV source', () => {
  it('reads quoted cells with commas, quotes and line breaks, lists and booleans; errors name the row’s first line', () => {
    const csv = [
      'kind,id,version,updatedAt,title,body,tags,keywords,text,phase,mandatory,name,number',
      `article,a1,1,${at},"狂犬病, 处置","## 步骤`,
      '- 冲洗 ""伤口""",狂犬病|犬伤,被狗咬；打针,,,,,',
      `phrase,p1,2,${at},问候,,,,您好，{seatNumber}号为您服务,greeting,是,,`,
      `contact,c1,1,${at},,,人社,,,,,人社热线,12333`,
      `phrase,p2,1,${at},坏行,,,,文本,greeting,maybe,,`,
      `article,a2,x,${at},坏版本,正文,,,,,,,`,
      `contact,c3,1,${at},,,,,,,,,`,
    ].join('\r\n');
    const { records, errors } = parseCsv(csv, 'kb.csv');
    expect(records.map((r) => [r.record.id, r.line])).toEqual([
      ['a1', 2],
      ['p1', 4],
      ['c1', 5],
    ]);
    const a1 = records[0]!.record;
    expect(a1).toMatchObject({ title: '狂犬病, 处置', body: '## 步骤\r\n- 冲洗 "伤口"', tags: ['狂犬病', '犬伤'], keywords: ['被狗咬', '打针'] });
    expect(records[1]!.record).toMatchObject({ mandatory: true, version: 2 });
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [6, 'mandatory must be true or false (got "maybe")'],
      [7, 'version must be a whole number (got "x")'],
      [8, 'name is required; number is required'],
    ]);
  });

  it('reports an unclosed quote at the line where it opened, and a missing kind column', () => {
    expect(parseCsv(`kind,id\narticle,"a1\n\n`, 'x.csv').errors[0]).toMatchObject({ line: 2, message: expect.stringContaining('never closed') });
    expect(parseCsv('id,title\n1,x\n', 'x.csv').errors[0]).toMatchObject({ line: 1, message: 'the header row has no "kind" column' });
  });
});

describe('Markdown folder source', () => {
  it('reads front matter and body, defaults id to the file name, and points errors at the field’s line', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(
      join(dir, 'rabies.md'),
      ['---', 'version: 3', `updatedAt: ${at}`, 'title: 被狗咬伤后怎么处理', 'category: 狂犬病防治', 'tags: [狂犬病, 犬伤]', 'keywords: 被狗咬, 打针', '---', '## 处置', '', '- 冲洗伤口'].join('\n'),
    );
    writeFileSync(join(dir, 'sub', 'greet.md'), ['---', 'kind: phrase', 'id: greet', 'version: 1', `updatedAt: ${at}`, 'title: 问候', 'phase: greeting', '---', '您好，{seatNumber}号为您服务。'].join('\n'));
    writeFileSync(join(dir, 'bad-version.md'), ['---', 'title: 坏', `updatedAt: ${at}`, 'version: -1', '---', '正文'].join('\n'));
    writeFileSync(join(dir, 'bad-yaml.md'), ['---', 'title: [unclosed', '---', 'x'].join('\n'));
    writeFileSync(join(dir, 'no-front.md'), '# 只有正文\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a source: refused, never silently skipped');
    const { records, errors } = readKbSource(dir);
    expect(records.map((r) => r.id).sort()).toEqual(['greet', 'rabies']);
    expect(records.find((r) => r.id === 'rabies')).toMatchObject({ version: 3, tags: ['狂犬病', '犬伤'], keywords: ['被狗咬', '打针'], body: '## 处置\n\n- 冲洗伤口' });
    expect(records.find((r) => r.id === 'greet')).toMatchObject({ kind: 'phrase', text: '您好，{seatNumber}号为您服务。' });
    expect(errors.map((e) => [e.file.split('/').pop(), e.line])).toEqual([
      ['bad-version.md', 4],
      ['bad-yaml.md', expect.any(Number)],
      ['no-front.md', 1],
      ['notes.txt', 0],
    ]);
  });
});

describe('readKbSource', () => {
  it('rejects an id used twice for the same kind, naming the first place', () => {
    const dir = tempDir();
    const line = (id: string, kind = 'article') =>
      JSON.stringify(kind === 'article' ? { kind, id, version: 1, updatedAt: at, title: 't', body: 'b' } : { kind, id, version: 1, updatedAt: at, name: 'n', number: '1' });
    writeFileSync(join(dir, 'kb.jsonl'), [line('a'), line('a', 'contact'), line('a')].join('\n'));
    const { records, errors } = readKbSource(join(dir, 'kb.jsonl'));
    expect(records).toHaveLength(2);
    expect(errors).toEqual([{ file: expect.stringContaining('kb.jsonl'), line: 3, message: expect.stringMatching(/article id "a" is used again \(first at .*kb.jsonl:1\)/) }]);
  });

  it('reports a missing file as one error instead of throwing', () => {
    expect(readKbSource('/no/such/kb.jsonl').errors[0]).toMatchObject({ line: 0, message: expect.stringContaining('cannot read') });
  });
});

describe('npm run kb:import', () => {
  it('loads a CSV into a seat cache, then the seat finds it; a second import with an older version changes nothing', async () => {
    const dataDir = tempDir();
    const src = join(tempDir(), 'kb.csv');
    writeFileSync(
      src,
      [
        'kind,id,version,updatedAt,title,summary,body,category,tags,name,number,hours,handles,area',
        `article,imp-1,2,${at},狂犬疫苗接种流程,先冲洗伤口,"## 步骤\n\n1. 冲洗\n2. 接种",防疫,狂犬病,,,,,`,
        `contact,poison,1,${at},,,,,中毒,中毒急救咨询,0571-87654321,24小时,误服农药,本市`,
      ].join('\n'),
    );
    const first = await kbImport([src, '--data-dir', dataDir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 written');

    const older = join(tempDir(), 'older.jsonl');
    writeFileSync(older, JSON.stringify({ kind: 'article', id: 'imp-1', version: 1, updatedAt: at, title: '旧版本', body: '旧' }));
    const second = await kbImport([older, '--data-dir', dataDir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 skipped');

    const db = openDatabase(join(dataDir, 'seat.sqlite'));
    try {
      expect(getArticle(db, 'imp-1')).toMatchObject({ title: '狂犬疫苗接种流程', bodyHtml: expect.stringContaining('<ol>') });
      expect(getContact(db, 'poison')).toMatchObject({ number: '0571-87654321', area: '本市' });
      expect(searchKb(db, { query: '狂犬' }).hits.map((h) => h.id)).toEqual(['imp-1']);
      expect(searchKb(db, { query: '87654321' }).hits.map((h) => h.id)).toEqual(['poison']);
      expect(searchKb(db, { query: 'kqym' }).hits.map((h) => h.id)).toEqual(['imp-1']);
    } finally {
      db.close();
    }
  });

  it('round-trips: what a JSONL export says is what the cache serves, and --replace makes it the whole KB', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const records = [
      { kind: 'phrase', id: 'close', version: 1, updatedAt: at, title: '结束语', text: '感谢来电，{agentName}祝您健康。', phase: 'closing', category: '结束', mandatory: true },
      { kind: 'article', id: 'old', version: 1, updatedAt: at, title: '将被替换', body: '旧' },
    ];
    writeFileSync(join(dir, 'a.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    expect((await kbImport([join(dir, 'a.jsonl'), '--data-dir', dataDir])).code).toBe(0);
    writeFileSync(join(dir, 'b.jsonl'), JSON.stringify(records[0]));
    const replaced = await kbImport([join(dir, 'b.jsonl'), '--data-dir', dataDir, '--replace']);
    expect(replaced.stdout).toContain('the cache now holds 1 records');
    const db = openDatabase(join(dataDir, 'seat.sqlite'));
    try {
      expect(getPhrase(db, 'close')).toEqual({ id: 'close', version: 1, title: '结束语', text: '感谢来电，{agentName}祝您健康。', phase: 'closing', category: '结束', mandatory: true });
      expect(getArticle(db, 'old')).toBeUndefined();
      expect(searchKb(db, { query: '替换' }).hits).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('lists bad rows as file:line: message, exits 1, and writes nothing', async () => {
    const dataDir = tempDir();
    const src = join(tempDir(), 'bad.jsonl');
    writeFileSync(
      src,
      [JSON.stringify({ kind: 'article', id: 'ok', version: 1, updatedAt: at, title: '好', body: '好' }), '{oops', JSON.stringify({ kind: 'article', id: 'x', version: 1, updatedAt: 'yesterday', title: 't', body: 'b' })].join('\n'),
    );
    const result = await kbImport([src, '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(result.stderr).toMatch(/bad\.jsonl:3: updatedAt must be an ISO date-time/);
    expect(result.stderr).toContain('nothing was imported');
    const db = openDatabase(join(dataDir, 'seat.sqlite'));
    try {
      expect(db.prepare('SELECT count(*) FROM kb_doc').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('prints usage for missing arguments', async () => {
    const result = await kbImport([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run kb:import -- SRC');
  });
});

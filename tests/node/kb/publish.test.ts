/**
 * kb:publish: the folder it writes, versions and tombstones across
 * publications, pruning, crash roll-forward, and the round trip — publish,
 * a seat syncs from a plain static file server, change the source, publish
 * again, the seat fetches ONLY the change page.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { publishKb } from '../../../main/cli/publish/publish-kb.js';
import { tempDir } from '../support/temp-dir.js';
import { article, articles, contact, phrase, writeJsonl } from './sync-support/kb-records.js';
import { startPythonStaticServer } from './sync-support/static-file-server.js';
import { makePublisher, openSeat } from './sync-support/sync-harness.js';

function snapshotLines(outDir: string): Record<string, unknown>[] {
  return gunzipSync(readFileSync(join(outDir, 'snapshot.ndjson.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function page(outDir: string, cursor: string): { cursor: string; next: string; more: boolean; version: number; changes: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(join(outDir, 'changes', `${cursor}.json`), 'utf8')) as ReturnType<typeof page>;
}

describe('kb:publish', () => {
  it('writes a framed snapshot, an empty head page and its manifest — nothing else', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish([...articles(3), contact('c1', '市民热线', '12345'), phrase('p1', '问候', '您好，{seatNumber}号为您服务')]);

    expect(v1).toMatchObject({ published: true, version: 1, records: 5, added: 5, changed: 0, deleted: 0, pages: 0 });
    expect(v1.cursor).toMatch(/^[a-z0-9]+-1$/);
    expect(readdirSync(pub.outDir).sort()).toEqual(['changes', 'manifest.json', 'publication.json', 'snapshot.ndjson.gz']);
    expect(readdirSync(join(pub.outDir, 'changes'))).toEqual([`${v1.cursor}.json`]);
    const lines = snapshotLines(pub.outDir);
    expect(lines[0]).toMatchObject({ type: 'snapshot', protocol: 1, cursor: v1.cursor, version: 1, count: 5 });
    expect(lines.at(-1)).toEqual({ type: 'end', count: 5, cursor: v1.cursor });
    expect(lines.slice(1, -1).map((r) => `${String(r.kind)}:${String(r.id)}`)).toEqual(['article:art-00001', 'article:art-00002', 'article:art-00003', 'contact:c1', 'phrase:p1']);
    expect(page(pub.outDir, v1.cursor)).toMatchObject({ cursor: v1.cursor, next: v1.cursor, more: false, changes: [] });
  });

  it('publishes only the differences, owns the versions, and links the old head page to them', async () => {
    const pub = makePublisher();
    const records = articles(6);
    const v1 = await pub.publish(records);
    // Edit one (without bumping its version), remove one, add one, and re-save one unchanged with another date.
    const edited = records
      .filter((r) => r.id !== 'art-00002')
      .map((r) => (r.id === 'art-00001' ? { ...r, body: '新的正文' } : r.id === 'art-00003' ? { ...r, updatedAt: '2027-01-01T00:00:00Z' } : r));
    const v2 = await pub.publish([...edited, article('art-00100')], { pageSize: 2 });

    expect(v2).toMatchObject({ version: 2, added: 1, changed: 1, deleted: 1, records: 6, pages: 2 });
    const first = page(pub.outDir, v1.cursor);
    expect(first).toMatchObject({ cursor: v1.cursor, more: true, version: 2 });
    const second = page(pub.outDir, first.next);
    expect(second).toMatchObject({ next: v2.cursor, more: false });
    const changes = [...first.changes, ...second.changes];
    expect(changes.map((c) => [c.id, c.version, c.deleted ?? false])).toEqual([
      ['art-00001', 2, false],
      ['art-00002', 2, true],
      ['art-00100', 1, false],
    ]);
    expect(page(pub.outDir, v2.cursor)).toMatchObject({ next: v2.cursor, changes: [] });
    const snapshot = snapshotLines(pub.outDir);
    expect(snapshot.find((r) => r.id === 'art-00003')).toMatchObject({ version: 1, updatedAt: '2026-01-01T00:00:00.000Z' });

    // A deleted record that comes back gets a version above its tombstone.
    const v3 = await pub.publish([...edited, article('art-00100'), article('art-00002')]);
    expect(page(pub.outDir, v2.cursor).changes).toEqual([expect.objectContaining({ id: 'art-00002', version: 3 })]);
    expect(v3.version).toBe(3);
  });

  it('leaves the folder untouched when nothing changed', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish(articles(3));
    const mtime = statSync(join(pub.outDir, 'snapshot.ndjson.gz')).mtimeMs;

    const again = await pub.publish(articles(3));

    expect(again).toMatchObject({ published: false, version: 1, cursor: v1.cursor });
    expect(statSync(join(pub.outDir, 'snapshot.ndjson.gz')).mtimeMs).toBe(mtime);
    expect(readdirSync(join(pub.outDir, 'changes'))).toEqual([`${v1.cursor}.json`]);
  });

  it('reads CSV and Markdown-folder sources', async () => {
    const dir = tempDir();
    const csv = join(dir, 'kb.csv');
    writeFileSync(csv, 'kind,id,version,updatedAt,name,number\ncontact,c-120,1,2026-01-01T00:00:00Z,急救中心,120\n');
    const md = join(dir, 'md');
    mkdirSync(md);
    writeFileSync(join(md, 'rabies.md'), '---\nversion: 1\nupdatedAt: 2026-01-01T00:00:00Z\ntitle: 被狗咬伤怎么办\n---\n先冲洗伤口。\n');

    const fromCsv = await publishKb({ source: csv, outDir: join(dir, 'out-csv') });
    const fromMd = await publishKb({ source: md, outDir: join(dir, 'out-md') });

    expect(fromCsv).toMatchObject({ ok: true, records: 1 });
    expect(fromMd).toMatchObject({ ok: true, records: 1 });
    expect(snapshotLines(join(dir, 'out-md'))[1]).toMatchObject({ kind: 'article', id: 'rabies', title: '被狗咬伤怎么办' });
  });

  it('refuses a source with bad rows and writes nothing', async () => {
    const dir = tempDir();
    const source = join(dir, 'bad.jsonl');
    writeFileSync(source, [JSON.stringify(article('a1')), '{"kind":"article",', JSON.stringify({ ...article('a2'), title: '' })].join('\n'));

    const result = await publishKb({ source, outDir: join(dir, 'out') });

    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.message])).toEqual([
      [2, expect.stringContaining('not valid JSON')],
      [3, 'title must not be empty'],
    ]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses to write into a folder that is not a publication', async () => {
    const dir = tempDir();
    const source = join(dir, 'kb.jsonl');
    writeJsonl(source, articles(1));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'important.txt'), 'keep me');

    await expect(publishKb({ source, outDir: join(dir, 'out') })).rejects.toThrow(/not empty and holds no publication/);
  });

  it('rolls a committed but unfinished publication forward, and drops an uncommitted one', async () => {
    const pub = makePublisher();
    await pub.publish(articles(2));
    const staging = join(pub.outDir, '.staging');
    mkdirSync(join(staging, 'changes'), { recursive: true });
    writeFileSync(join(staging, 'changes', 'moved.json'), '{}');
    writeFileSync(join(staging, 'COMMIT'), JSON.stringify({ moves: ['changes/moved.json'], prune: [] }));

    const recovered = await pub.publish(articles(3));

    expect(recovered).toMatchObject({ recovered: true, version: 2 });
    expect(existsSync(join(pub.outDir, 'changes', 'moved.json'))).toBe(true);
    expect(existsSync(staging)).toBe(false);

    mkdirSync(join(staging, 'changes'), { recursive: true });
    writeFileSync(join(staging, 'changes', 'half.json'), '{}');
    const next = await pub.publish(articles(4));
    expect(next).toMatchObject({ recovered: false, version: 3 });
    expect(existsSync(join(pub.outDir, 'changes', 'half.json'))).toBe(false);
  });

  it('prunes change pages beyond --keep; a seat that far behind resyncs from the snapshot', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish(articles(2));
    const seat = openSeat();
    const server = await startPythonStaticServer(pub.outDir);
    onTestFinished(() => server.stop());
    await seat.sync(server.url);
    for (let n = 3; n <= 5; n += 1) await pub.publish(articles(n), { keep: 2 });

    expect(existsSync(join(pub.outDir, 'changes', `${v1.cursor}.json`))).toBe(false);
    const result = await seat.sync(server.url);

    expect(result.mode).toBe('full');
    expect(server.requests().slice(-4)).toEqual([
      `GET /changes/${v1.cursor}.json?limit=1000 404`,
      'GET /manifest.json 200',
      'GET /snapshot.ndjson.gz 200',
      expect.stringMatching(/-4\.json\?limit=1000 200$/),
    ]);
    expect(seat.count('kb_article')).toBe(5);
  });

  it('round trip through a plain static file server: the seat fetches only the changes', async () => {
    const pub = makePublisher();
    const records = articles(200);
    const v1 = await pub.publish(records);
    const server = await startPythonStaticServer(pub.outDir);
    onTestFinished(() => server.stop());
    const seat = openSeat();
    await seat.sync(server.url);
    expect(seat.count('kb_article')).toBe(200);
    expect(server.requests()).toEqual(['GET /manifest.json 200', 'GET /snapshot.ndjson.gz 200', `GET /changes/${v1.cursor}.json?limit=1000 200`]);

    const changed = records.filter((r) => r.id !== 'art-00010').map((r) => (r.id === 'art-00020' ? { ...r, title: '更新后的标题霍乱' } : r));
    const v2 = await pub.publish([...changed, article('art-00300', { title: '新增文章登革热' })]);
    const result = await seat.sync(server.url);

    expect(result).toMatchObject({ mode: 'incremental', upserted: 2, deleted: 1, cursor: v2.cursor, version: '2' });
    expect(server.requests().slice(3)).toEqual([`GET /changes/${v1.cursor}.json?limit=1000 200`, 'GET /manifest.json 200']);
    expect(seat.find('霍乱')).toEqual(['art-00020']);
    expect(seat.find('登革热')).toEqual(['art-00300']);
    expect(seat.find('00010')).toEqual([]);
    expect(seat.count('kb_article')).toBe(200);

    // Up to date: one small request for the (empty) head page; python sends no ETag, so no 304.
    await seat.sync(server.url);
    expect(server.requests().slice(5)).toEqual([`GET /changes/${v2.cursor}.json?limit=1000 200`]);
  });
});

/**
 * A publication never wipes the seats by mistake (issue 11, item 8), on the
 * publisher's side: `kb:publish` and `kb:import` read what a folder holds
 * (JSONL, CSV, Markdown) or refuse it; publishing nothing, or removing more
 * than half of the previous publication, needs `--allow-shrink`, which the
 * manifest then carries. And `kb:keygen` + `kb:publish --sign-key` as an
 * admin runs them. Commands run for real (npm run …).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { readManifest } from '../../../main/core/kb/sync/signed-manifest.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';
import { articles, writeJsonl } from './sync-support/kb-records.js';

function npmRun(script: string, ...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, HOTSEAT_LOG: 'warn' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Records in the project's sample folder, counted independently of the reader:
 * one per JSONL line, and one per line of the centre's synonyms.txt (KB-RELEVANCE).
 */
const sampleDir = join(repoRoot, 'resources', 'kb', 'sample');
const sampleRecords = readdirSync(sampleDir)
  .filter((f) => f.endsWith('.jsonl') || f === 'synonyms.txt')
  .flatMap((f) => readFileSync(join(sampleDir, f), 'utf8').split('\n'))
  .filter((l) => l.trim() !== '' && !l.trim().startsWith('//') && !l.trim().startsWith('#')).length;

function manifestOf(outDir: string, publicKey: string | null = null) {
  const checked = readManifest(readFileSync(join(outDir, 'manifest.json')), publicKey);
  if (!checked.ok) throw new Error(checked.message);
  return checked;
}

describe('kb:publish reads what a folder holds', { timeout: 90_000 }, () => {
  it('publishes the project’s own sample folder (JSONL files): all its records, not 0', () => {
    expect(sampleRecords).toBeGreaterThanOrEqual(256);
    const out = join(tempDir(), 'site');

    const run = npmRun('kb:publish', 'resources/kb/sample', out);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${sampleRecords} records; ${sampleRecords} added`);
    expect(manifestOf(out).payload).toMatchObject({ version: 1, records: sampleRecords, shrink: null });
  });

  it('reads a folder mixing JSONL, CSV and Markdown (sub-folders too)', () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(join(src, 'articles'), { recursive: true });
    writeJsonl(join(src, 'a.jsonl'), articles(2));
    writeFileSync(join(src, 'contacts.csv'), 'kind,id,version,updatedAt,name,number\ncontact,c-120,1,2026-01-01T00:00:00Z,急救中心,120\n');
    writeFileSync(join(src, 'articles', 'rabies.md'), '---\nversion: 1\nupdatedAt: 2026-01-01T00:00:00Z\ntitle: 被狗咬伤怎么办\n---\n先冲洗伤口。\n');

    const run = npmRun('kb:publish', src, join(dir, 'site'));

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('4 records; 4 added');
  });

  it('refuses a folder holding no source, or files it cannot read as one, and writes nothing', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const odd = join(dir, 'odd');
    mkdirSync(odd);
    writeJsonl(join(odd, 'kb.jsonl'), articles(2));
    writeFileSync(join(odd, 'kb.xlsx'), 'PK…');

    const none = npmRun('kb:publish', empty, join(dir, 'site'));
    const strange = npmRun('kb:publish', odd, join(dir, 'site'));

    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/the folder holds no knowledge-base source \(\.jsonl, \.ndjson, \.csv or \.md files\)/);
    expect(strange.status).toBe(1);
    expect(strange.stderr).toMatch(/kb\.xlsx: not a knowledge-base source file/);
    expect(existsSync(join(dir, 'site'))).toBe(false);
  });

  it('kb:import reads the sample folder too (all its records), and refuses an empty source', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '// nothing yet\n');

    const sample = npmRun('kb:import', 'resources/kb/sample', '--data-dir', join(dir, 'seat'));
    const nothing = npmRun('kb:import', empty, '--data-dir', join(dir, 'seat'));

    expect(sample.status).toBe(0);
    expect(sample.stdout).toContain(`${sampleRecords} records from resources/kb/sample`);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(/refused: .* holds no records/);
    const db = openDatabase(join(dir, 'seat', 'seat.sqlite'));
    try {
      expect(db.prepare('SELECT count(*) FROM kb_doc').pluck().get()).toBeGreaterThanOrEqual(256);
    } finally {
      db.close();
    }
  });

  it('kb:import --replace refuses to shrink the cache by more than half without --allow-shrink', () => {
    const dir = tempDir();
    const few = join(dir, 'few.jsonl');
    writeJsonl(few, articles(10));
    npmRun('kb:import', 'resources/kb/sample', '--data-dir', join(dir, 'seat'));

    const refused = npmRun('kb:import', few, '--replace', '--data-dir', join(dir, 'seat'));
    const allowed = npmRun('kb:import', few, '--replace', '--allow-shrink', '--data-dir', join(dir, 'seat'));

    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--replace would shrink the cache from \d{3} to 10 records/);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('the cache now holds 10 records');
  });
});

describe('kb:publish refuses to empty or halve a publication without --allow-shrink', { timeout: 90_000 }, () => {
  it('refuses publishing nothing, and removing more than half; with the flag the manifest says so', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const source = join(dir, 'kb.jsonl');
    const out = join(dir, 'site');
    writeFileSync(source, '');
    const emptyFirst = npmRun('kb:publish', source, out);
    expect(emptyFirst.status).toBe(1);
    expect(emptyFirst.stderr).toMatch(/refused: the source holds no records/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);

    writeJsonl(source, articles(10));
    expect(npmRun('kb:publish', source, out).status).toBe(0);
    writeJsonl(source, articles(4));
    const halved = npmRun('kb:publish', source, out);
    expect(halved.status).toBe(1);
    expect(halved.stderr).toMatch(/would remove 6 of the 10 published records \(more than half\)/);
    expect(manifestOf(out).payload).toMatchObject({ version: 1, records: 10 });

    writeJsonl(source, articles(6)); // removing exactly half is not a shrink
    expect(npmRun('kb:publish', source, out).status).toBe(0);
    writeJsonl(source, articles(2));
    const allowed = npmRun('kb:publish', source, out, '--allow-shrink');
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('marked as an intended shrink');
    expect(manifestOf(out).payload).toMatchObject({ version: 3, records: 2, shrink: { version: 3, from: 6, to: 2 } });

    // Later publications keep saying which publication shrank on purpose.
    writeJsonl(source, articles(3));
    expect(npmRun('kb:publish', source, out).status).toBe(0);
    expect(manifestOf(out).payload).toMatchObject({ version: 4, shrink: { version: 3 } });
  });
});

describe('kb:keygen and kb:publish --sign-key', { timeout: 90_000 }, () => {
  it('writes a private key only its owner can read, prints the public key, and signs with it', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'centre.key');
    const source = join(dir, 'kb.jsonl');
    writeJsonl(source, articles(3));

    const keygen = npmRun('kb:keygen', keyFile);
    const again = npmRun('kb:keygen', keyFile);
    const publish = npmRun('kb:publish', source, join(dir, 'site'), '--sign-key', keyFile);

    expect(keygen.status).toBe(0);
    const publicKey = /^(ed25519:[A-Za-z0-9+/]{43}=)$/m.exec(keygen.stdout)?.[1];
    expect(publicKey).toBeDefined();
    expect(readFileSync(`${keyFile}.pub`, 'utf8').trim()).toBe(publicKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(publish.status).toBe(0);
    expect(publish.stdout).toContain('manifest signed (Ed25519)');
    expect(manifestOf(join(dir, 'site'), publicKey!)).toMatchObject({ signed: true, payload: { records: 3 } });
  });

  it('says so when the key file is not an Ed25519 private key', () => {
    const dir = tempDir();
    const source = join(dir, 'kb.jsonl');
    writeJsonl(source, articles(1));
    writeFileSync(join(dir, 'bad.key'), 'not a key');
    const run = npmRun('kb:publish', source, join(dir, 'site'), '--sign-key', join(dir, 'bad.key'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cannot use .*bad\.key as the signing key/);
    expect(existsSync(join(dir, 'site'))).toBe(false);
  });
});

/**
 * First run: a new seat has an empty cache and may never have reached the
 * centre, so the bundled sample knowledge base (resources/kb/sample/*.jsonl
 * and its synonyms.txt)
 * is loaded, in one transaction, so the agent can search at once. A later
 * full sync replaces it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createLogger } from '../base/log.js';
import { applyKbChanges, countKbRecords } from './apply-kb-changes.js';
import type { KbRecord } from './kb-record.js';
import { parseJsonl } from './source/parse-jsonl.js';
import { parseSynonyms, synonymsFileName } from './source/parse-synonyms.js';
import { formatSourceError, type KbSourceError } from './source/source-result.js';

const log = createLogger('kb-sample');

export interface SampleLoadResult {
  /** Records written (0 when the cache already had records). */
  readonly loaded: number;
  readonly skipped: 'not-empty' | 'no-sample' | null;
  /** Bad lines in the sample files (a packaging bug; the good lines still load). */
  readonly errors: readonly KbSourceError[];
  readonly tookMs: number;
}

/** Folder of the sample files inside the resources folder. */
export function sampleKbDir(resourcesDir: string): string {
  return join(resourcesDir, 'kb', 'sample');
}

/** The sample's records (synonyms included) and bad lines; null when there is no sample. */
export function readSampleKb(resourcesDir: string): { records: KbRecord[]; errors: KbSourceError[] } | null {
  const dir = sampleKbDir(resourcesDir);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    files = [];
  }
  if (files.length === 0) return null;
  const records: KbRecord[] = [];
  const errors: KbSourceError[] = [];
  for (const name of files) {
    const parsed = parseJsonl(readFileSync(join(dir, name), 'utf8'), `kb/sample/${name}`);
    records.push(...parsed.records.map((r) => r.record));
    errors.push(...parsed.errors);
  }
  if (existsSync(join(dir, synonymsFileName))) {
    const parsed = parseSynonyms(readFileSync(join(dir, synonymsFileName), 'utf8'), `kb/sample/${synonymsFileName}`, '2026-11-01T08:00:00.000Z');
    records.push(...parsed.records.map((r) => r.record));
    errors.push(...parsed.errors);
  }
  return { records, errors };
}

export function loadSampleKbIfEmpty(db: Database, resourcesDir: string): SampleLoadResult {
  const started = performance.now();
  const done = (loaded: number, skipped: SampleLoadResult['skipped'], errors: readonly KbSourceError[]): SampleLoadResult => ({
    loaded,
    skipped,
    errors,
    tookMs: Math.round(performance.now() - started),
  });
  // Cheap check first so a normal start does not read the files.
  if (countKbRecords(db) > 0) return done(0, 'not-empty', []);

  const sample = readSampleKb(resourcesDir);
  if (sample === null) {
    log.warn(`no sample knowledge base in ${sampleKbDir(resourcesDir)}`);
    return done(0, 'no-sample', []);
  }
  const { records, errors } = sample;
  for (const error of errors) log.error(`sample KB: ${formatSourceError(error)}`);

  // Re-check inside the write transaction: a sync worker on its own
  // connection may have filled the cache meanwhile, and must win.
  const loaded = db.transaction(() => {
    if (countKbRecords(db) > 0) return null;
    return applyKbChanges(db, { upserts: records, deletes: [] }).upserted;
  }).immediate();
  if (loaded === null) return done(0, 'not-empty', errors);
  log.info(`loaded the sample knowledge base: ${loaded} records`);
  return done(loaded, null, errors);
}

/**
 * Reads a knowledge-base source — a JSONL file, a CSV file, a Markdown file
 * with front matter, or a folder of any of them (sub-folders too) — into
 * records plus line-numbered errors. Shared by `kb:import` and `kb:publish`.
 *
 * A folder is read by what it holds: `.jsonl`/`.ndjson` as JSONL, `.csv` as
 * CSV, `.md`/`.markdown` as one Markdown record each. Any other file (hidden
 * ones aside) is an error, and so is a folder holding no source file at all:
 * a folder read as something it is not must never publish an empty KB.
 *
 * A record id used twice for the same kind is an error at the second place
 * (naming the first), because which one wins would otherwise be an accident
 * of file order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { parseCsv } from './parse-csv.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdownRecord } from './parse-markdown-folder.js';
import { parseSynonyms, synonymsFileName } from './parse-synonyms.js';
import type { KbSourceError, KbSourceResult, SourcedRecord } from './source-result.js';

export type { KbSourceError, KbSourceResult } from './source-result.js';
export { formatSourceError } from './source-result.js';

export type KbSourceFormat = 'jsonl' | 'csv' | 'markdown';

/** Guesses a file's format from its name: .csv is CSV, .md is Markdown, anything else JSONL. */
export function detectSourceFormat(path: string): KbSourceFormat {
  return formatOfName(path) ?? 'jsonl';
}

/** The format a file name says, or null for a file that is no KB source. */
function formatOfName(path: string): KbSourceFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

type Parsed = { records: SourcedRecord[]; errors: KbSourceError[] };

/**
 * Never throws for bad content; a missing/unreadable path is one error with
 * line 0. `format` forces the format of a file; for a folder it reads only
 * the files of that format (others are then ignored, not errors).
 */
export function readKbSource(path: string, format?: KbSourceFormat): KbSourceResult {
  const file = relative(process.cwd(), path) || path;
  let parsed: Parsed;
  try {
    parsed = statSync(path).isDirectory() ? readFolder(path, format) : readFile(path, format ?? detectSourceFormat(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file or folder (in ${dirname(path)})` : String(error);
    return { records: [], errors: [{ file, line: 0, message: `cannot read: ${reason}` }] };
  }
  return rejectDuplicates(parsed);
}

function readFile(path: string, kind: KbSourceFormat): Parsed {
  const file = relative(process.cwd(), path) || path;
  const text = readFileSync(path, 'utf8');
  switch (kind) {
    case 'csv':
      return parseCsv(text, file);
    case 'jsonl':
      return parseJsonl(text, file);
    case 'markdown': {
      const one = parseMarkdownRecord(text, file, basename(path).replace(/\.(md|markdown)$/i, ''));
      return one.ok ? { records: [one.record], errors: [] } : { records: [], errors: [one.error] };
    }
  }
}

function readFolder(folder: string, only: KbSourceFormat | undefined): Parsed {
  const shown = relative(process.cwd(), folder) || folder;
  const records: SourcedRecord[] = [];
  const errors: KbSourceError[] = [];
  const sources: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (entry.name === synonymsFileName) {
        // The centre's synonym list (parse-synonyms.ts), published with the records.
        const shownPath = relative(process.cwd(), path) || path;
        const synonyms = parseSynonyms(readFileSync(path, 'utf8'), shownPath, statSync(path).mtime.toISOString());
        records.push(...synonyms.records);
        errors.push(...synonyms.errors);
        continue;
      }
      const kind = formatOfName(path);
      if (kind === null) {
        if (only === undefined) {
          errors.push({ file: relative(process.cwd(), path) || path, line: 0, message: 'not a knowledge-base source file (expected .jsonl, .ndjson, .csv, .md or .markdown)' });
        }
      } else if (only === undefined || kind === only) {
        sources.push(path);
      }
    }
  };
  walk(folder);
  sources.sort();
  if (sources.length === 0) {
    const expected = only === undefined ? '.jsonl, .ndjson, .csv or .md files' : `${only} files`;
    errors.push({ file: shown, line: 0, message: `the folder holds no knowledge-base source (${expected})` });
  }
  for (const path of sources) {
    const one = readFile(path, formatOfName(path) as KbSourceFormat);
    records.push(...one.records);
    errors.push(...one.errors);
  }
  return { records, errors };
}

function rejectDuplicates(parsed: { records: SourcedRecord[]; errors: KbSourceError[] }): KbSourceResult {
  const firstSeen = new Map<string, SourcedRecord>();
  const errors = [...parsed.errors];
  const records: KbSourceResult['records'] = [];
  for (const sourced of parsed.records) {
    const key = `${sourced.record.kind}\u0000${sourced.record.id}`;
    const first = firstSeen.get(key);
    if (first) {
      errors.push({
        file: sourced.file,
        line: sourced.line,
        message: `${sourced.record.kind} id "${sourced.record.id}" is used again (first at ${first.file}:${first.line})`,
      });
      continue;
    }
    firstSeen.set(key, sourced);
    records.push(sourced.record);
  }
  errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { records, errors };
}

/**
 * Reads a knowledge-base source — a JSONL file, a CSV file, or a folder of
 * Markdown files with front matter (a single .md file works too) — into
 * records plus line-numbered errors. Shared by `kb:import` and `kb:publish`.
 *
 * A record id used twice for the same kind is an error at the second place
 * (naming the first), because which one wins would otherwise be an accident
 * of file order.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { parseCsv } from './parse-csv.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdownFolder, parseMarkdownRecord } from './parse-markdown-folder.js';
import { parseSynonyms, synonymsFileName } from './parse-synonyms.js';
import type { KbSourceError, KbSourceResult, SourcedRecord } from './source-result.js';

export type { KbSourceError, KbSourceResult } from './source-result.js';
export { formatSourceError } from './source-result.js';

export type KbSourceFormat = 'jsonl' | 'csv' | 'markdown';

/** Guesses the format from the path: a folder or .md is Markdown, .csv is CSV, anything else JSONL. */
export function detectSourceFormat(path: string): KbSourceFormat {
  if (statSync(path).isDirectory()) return 'markdown';
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  return 'jsonl';
}

/** Never throws for bad content; a missing/unreadable path is one error with line 0. */
export function readKbSource(path: string, format?: KbSourceFormat): KbSourceResult {
  const file = relative(process.cwd(), path) || path;
  let parsed: { records: SourcedRecord[]; errors: KbSourceError[] };
  try {
    const kind = format ?? detectSourceFormat(path);
    if (kind === 'markdown' && statSync(path).isDirectory()) {
      parsed = parseMarkdownFolder(path);
      // The folder's synonym list (parse-synonyms.ts), published with the records.
      const synonymsPath = join(path, synonymsFileName);
      if (existsSync(synonymsPath)) {
        const shownPath = relative(process.cwd(), synonymsPath) || synonymsPath;
        const synonyms = parseSynonyms(readFileSync(synonymsPath, 'utf8'), shownPath, statSync(synonymsPath).mtime.toISOString());
        parsed = { records: [...parsed.records, ...synonyms.records], errors: [...parsed.errors, ...synonyms.errors] };
      }
    } else {
      const text = readFileSync(path, 'utf8');
      switch (kind) {
        case 'csv':
          parsed = parseCsv(text, file);
          break;
        case 'jsonl':
          parsed = parseJsonl(text, file);
          break;
        case 'markdown': {
          const one = parseMarkdownRecord(text, file, basename(path).replace(/\.(md|markdown)$/i, ''));
          parsed = one.ok ? { records: [one.record], errors: [] } : { records: [], errors: [one.error] };
          break;
        }
      }
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file or folder (in ${dirname(path)})` : String(error);
    return { records: [], errors: [{ file, line: 0, message: `cannot read: ${reason}` }] };
  }
  return rejectDuplicates(parsed);
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

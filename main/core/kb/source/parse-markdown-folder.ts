/**
 * A folder of Markdown files, one record per file, with YAML front matter:
 *
 *   ---
 *   id: rabies-exposure        # default: the file name without .md
 *   kind: article              # default: article
 *   version: 3
 *   updatedAt: 2026-11-01T08:00:00Z
 *   title: 被狗咬伤后怎么处理
 *   category: 狂犬病防治
 *   tags: [狂犬病, 犬伤]
 *   keywords: [被狗咬, 打针]
 *   summary: 先冲洗伤口，再尽快到犬伤门诊。
 *   ---
 *   ## 处置步骤
 *   …Markdown body…
 *
 * The text after the front matter is the article's `body` (a phrase's
 * `text`, a contact's `handles` when those fields are not in the front
 * matter). Sub-folders are read too; files are taken in path order. Errors
 * point at the line in the file (front-matter errors at their own line).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, basename } from 'node:path';
import yaml from 'js-yaml';
import { parseKbRecord } from '../kb-record.js';
import { stripBom } from './parse-jsonl.js';
import type { KbSourceError, SourcedRecord } from './source-result.js';

export function parseMarkdownFolder(folder: string): { records: SourcedRecord[]; errors: KbSourceError[] } {
  const records: SourcedRecord[] = [];
  const errors: KbSourceError[] = [];
  for (const path of markdownFiles(folder)) {
    const file = relative(process.cwd(), path) || path;
    const result = parseMarkdownRecord(readFileSync(path, 'utf8'), file, basename(path).replace(/\.(md|markdown)$/i, ''));
    if (result.ok) records.push(result.record);
    else errors.push(result.error);
  }
  return { records, errors };
}

function markdownFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(md|markdown)$/i.test(entry.name)) files.push(path);
    }
  };
  walk(folder);
  return files.sort();
}

type MarkdownResult = { ok: true; record: SourcedRecord } | { ok: false; error: KbSourceError };

/** One Markdown file with front matter → a record. */
export function parseMarkdownRecord(text: string, file: string, defaultId: string): MarkdownResult {
  const lines = stripBom(text).split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { ok: false, error: { file, line: 1, message: 'the file must start with front matter (a line "---", fields, then "---")' } };
  }
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (end < 0) return { ok: false, error: { file, line: 1, message: 'the front matter is never closed (missing the second "---")' } };
  let front: unknown;
  try {
    front = yaml.load(lines.slice(1, end).join('\n'), { schema: yaml.JSON_SCHEMA, filename: file });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, error: { file, line: 2 + (mark?.line ?? 0), message: `front matter is not valid YAML: ${reason}` } };
  }
  if (front === null || front === undefined) front = {};
  if (typeof front !== 'object' || Array.isArray(front)) {
    return { ok: false, error: { file, line: 2, message: 'the front matter must be "field: value" lines' } };
  }
  const body = lines.slice(end + 1).join('\n').trim();
  const fields: Record<string, unknown> = { kind: 'article', id: defaultId, ...(front as Record<string, unknown>) };
  for (const list of ['tags', 'keywords']) {
    // `tags: 狂犬病, 犬伤` (a plain string) is as natural as a YAML list.
    if (typeof fields[list] === 'string') fields[list] = (fields[list] as string).split(/[,，|;；、]/).map((s) => s.trim()).filter(Boolean);
  }
  switch (fields.kind) {
    case 'phrase':
      fields.text ??= body;
      break;
    case 'contact':
      fields.handles ??= body;
      break;
    default:
      fields.body ??= body;
  }
  const parsed = parseKbRecord(fields);
  if (!parsed.ok) return { ok: false, error: { file, line: fieldLine(lines, end, parsed.message), message: parsed.message } };
  return { ok: true, record: { record: parsed.record, file, line: 1 } };
}

/** The front-matter line of the field the message names, else the first line. */
function fieldLine(lines: readonly string[], end: number, message: string): number {
  const field = /^([A-Za-z]+)/.exec(message)?.[1];
  if (!field) return 1;
  const index = lines.slice(1, end).findIndex((l) => l.startsWith(`${field}:`));
  return index < 0 ? 1 : index + 2;
}

/**
 * JSONL (NDJSON) source: one record per line; blank lines and lines starting
 * with `//` are skipped. A bad line is reported with its number and the
 * other lines still count.
 */
import { parseKbRecord } from '../kb-record.js';
import type { KbSourceError, SourcedRecord } from './source-result.js';

export function parseJsonl(text: string, file: string): { records: SourcedRecord[]; errors: KbSourceError[] } {
  const records: SourcedRecord[] = [];
  const errors: KbSourceError[] = [];
  const lines = stripBom(text).split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      errors.push({ file, line, message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    const parsed = parseKbRecord(value);
    if (parsed.ok) records.push({ record: parsed.record, file, line });
    else errors.push({ file, line, message: parsed.message });
  });
  return { records, errors };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

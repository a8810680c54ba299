/**
 * CSV source (RFC 4180: comma-separated, `"` quoting, `""` for a quote,
 * line breaks allowed inside quotes; UTF-8, BOM tolerated), as exported by a
 * spreadsheet. The first row names the columns — the record's field names:
 *
 *   kind,id,version,updatedAt,title,summary,body,category,tags,keywords
 *   article,art-1,1,2026-01-01T00:00:00Z,狂犬病暴露处置,…,"## 步骤
 *   - 冲洗",防疫,狂犬病|犬伤,被狗咬
 *
 * Rows of different kinds may share one file (unused cells stay empty).
 * List cells (tags, keywords) separate items with `|`, `;`, `；` or `、`.
 * Booleans (mandatory, deleted): true/false, 1/0, yes/no, 是/否.
 * Empty cells are absent fields, so defaults apply.
 */
import { parseKbRecord } from '../kb-record.js';
import { stripBom } from './parse-jsonl.js';
import type { KbSourceError, SourcedRecord } from './source-result.js';

const listFields = new Set(['tags', 'keywords']);
const booleanFields = new Set(['mandatory', 'deleted']);
const integerFields = new Set(['version']);

interface CsvRow {
  /** 1-based line where the row starts. */
  readonly line: number;
  readonly cells: string[];
}

export function parseCsv(text: string, file: string): { records: SourcedRecord[]; errors: KbSourceError[] } {
  const records: SourcedRecord[] = [];
  const errors: KbSourceError[] = [];
  const { rows, error } = splitCsv(stripBom(text));
  if (error) errors.push({ file, line: error.line, message: error.message });
  const header = rows[0];
  if (!header) {
    if (!error) errors.push({ file, line: 0, message: 'the file is empty (expected a header row naming the columns)' });
    return { records, errors };
  }
  const columns = header.cells.map((c) => c.trim());
  if (!columns.includes('kind')) {
    errors.push({ file, line: header.line, message: 'the header row has no "kind" column' });
    return { records, errors };
  }
  for (const row of rows.slice(1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    if (row.cells.length > columns.length) {
      errors.push({ file, line: row.line, message: `${row.cells.length} cells but the header names ${columns.length} columns` });
      continue;
    }
    const value: Record<string, unknown> = {};
    let cellError: string | null = null;
    columns.forEach((column, i) => {
      const cell = row.cells[i]?.trim() ?? '';
      if (cell === '' || column === '') return;
      const converted = convertCell(column, cell);
      if (converted.ok) value[column] = converted.value;
      else cellError ??= converted.message;
    });
    if (cellError) {
      errors.push({ file, line: row.line, message: cellError });
      continue;
    }
    const parsed = parseKbRecord(value);
    if (parsed.ok) records.push({ record: parsed.record, file, line: row.line });
    else errors.push({ file, line: row.line, message: parsed.message });
  }
  return { records, errors };
}

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

function convertCell(column: string, cell: string): Converted {
  if (listFields.has(column)) {
    return { ok: true, value: cell.split(/[|;；、]/).map((s) => s.trim()).filter((s) => s !== '') };
  }
  if (booleanFields.has(column)) {
    const lower = cell.toLowerCase();
    if (['true', '1', 'yes', 'y', '是'].includes(lower)) return { ok: true, value: true };
    if (['false', '0', 'no', 'n', '否'].includes(lower)) return { ok: true, value: false };
    return { ok: false, message: `${column} must be true or false (got "${cell.slice(0, 20)}")` };
  }
  if (integerFields.has(column)) {
    if (!/^\d{1,15}$/.test(cell)) return { ok: false, message: `${column} must be a whole number (got "${cell.slice(0, 20)}")` };
    return { ok: true, value: Number(cell) };
  }
  return { ok: true, value: cell };
}

/**
 * Splits CSV text into rows of cells, tracking the line each row starts on.
 * An unterminated quote is an error at the line where the quoted cell began.
 */
export function splitCsv(text: string): { rows: CsvRow[]; error: { line: number; message: string } | null } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      quoteLine = line;
      atCellStart = false;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      atCellStart = true;
      line++;
      rowLine = line;
    } else {
      cell += c;
      atCellStart = false;
    }
  }
  if (quoted) {
    return { rows, error: { line: quoteLine, message: 'a quoted cell is never closed (missing ")' } };
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return { rows, error: null };
}

/**
 * Export of the calls in a time range (a shift, a day, a month) with their
 * wrap-ups and work orders: CSV in UTF-8 with a BOM (so Excel on a Chinese
 * Windows reads the text right) or JSONL (one call per line). One function
 * for both hosts: the renderer turns the answer into a download, which the
 * browser saves and Electron offers with a save dialog.
 */
import type { Database } from 'better-sqlite3';
import type { RecordsExport } from '../../contract/index.js';
import { normalizeNumber } from './phone-number.js';
import { exportRows, parseJson, type ExportRow } from './record-queries.js';

const csvColumns: readonly [string, (r: ExportRow) => string | number | null][] = [
  ['呼叫编号', (r) => r.id],
  ['中心呼叫编号', (r) => r.centreCallId],
  ['方向', (r) => (r.direction === 'inbound' ? '呼入' : '呼出')],
  ['号码', (r) => normalizeNumber(r.remoteNumber).display],
  ['归属地', (r) => r.region],
  ['开始时间', (r) => localTime(r.startedAt)],
  ['接听时间', (r) => localTime(r.answeredAt)],
  ['结束时间', (r) => localTime(r.endedAt)],
  ['通话秒数', (r) => (r.answeredAt !== null && r.endedAt !== null ? Math.round((r.endedAt - r.answeredAt) / 1000) : null)],
  ['结束原因', (r) => r.endReason],
  ['坐席工号', (r) => r.agentNo],
  ['坐席姓名', (r) => r.agentName],
  ['类别', (r) => r.category],
  ['子类', (r) => r.subTopic],
  ['区域', (r) => r.area],
  ['处理结果', (r) => r.outcome],
  ['结果说明', (r) => r.outcomeDetail],
  ['备注', (r) => r.notes],
  ['小结状态', (r) => (r.wrapUpStatus === 'complete' ? '已完成' : r.wrapUpStatus === 'draft' ? '未完成' : null)],
  ['满意度', (r) => r.rating],
  ['工单', (r) => workOrders(r).map((w) => `${String(w.id)} ${String(w.department)} ${String(w.summary)}`).join('; ')],
];

export function exportRecords(db: Database, { from, to, format }: { from: number; to: number; format: 'csv' | 'jsonl' }): RecordsExport {
  const lines: string[] = [];
  let rows = 0;
  if (format === 'csv') lines.push(csvColumns.map(([name]) => csvCell(name)).join(','));
  for (const row of exportRows(db, from, to)) {
    rows += 1;
    if (format === 'csv') {
      lines.push(csvColumns.map(([, get]) => csvCell(get(row))).join(','));
    } else {
      const { contextJson, articlesJson, workOrders: _w, autoAnswered, ...rest } = row;
      lines.push(
        JSON.stringify({
          ...rest,
          autoAnswered,
          numberDisplay: normalizeNumber(row.remoteNumber).display,
          context: parseJson(contextJson, []),
          articles: articlesJson === null ? [] : parseJson(articlesJson, []),
          workOrders: workOrders(row),
        }),
      );
    }
  }
  const stamp = `${localTime(from, true)}_${localTime(to, true)}`;
  return format === 'csv'
    ? { fileName: `hotseat-records-${stamp}.csv`, mimeType: 'text/csv;charset=utf-8', content: `\uFEFF${lines.join('\r\n')}\r\n`, rows }
    : { fileName: `hotseat-records-${stamp}.jsonl`, mimeType: 'application/x-ndjson', content: lines.length ? `${lines.join('\n')}\n` : '', rows };
}

function workOrders(row: ExportRow): Record<string, unknown>[] {
  return row.workOrders === null ? [] : parseJson<Record<string, unknown>[]>(row.workOrders, []);
}

/** Quotes every cell; a cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

function localTime(ms: number | null, forFileName = false): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  if (forFileName) return `${date.replace(/-/g, '')}${p(d.getHours())}${p(d.getMinutes())}`;
  return `${date} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

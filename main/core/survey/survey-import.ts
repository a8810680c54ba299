/**
 * Results the centre's survey IVR produced, attached to this seat's calls
 * later: a CSV or JSON file (import) or the polled endpoint's JSON.
 *
 * CSV: `callId,rating[,digit]` per line, an optional header line; `callId`
 * is the seat's call id or the centre's (X-Call-Uid). JSON: an array of
 * `{ callId | centreCallId, rating }` (or `{ results: [...] }`).
 * rating: 1–5, or −1 (no response), −2 (invalid).
 */
export interface ImportedResult {
  readonly callId: string;
  readonly rating: number;
  readonly digit: string | null;
}

export interface ParsedImport {
  readonly results: ImportedResult[];
  readonly invalid: string[];
}

function validRating(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return null;
  return (n >= 1 && n <= 5) || n === -1 || n === -2 ? n : null;
}

const idPattern = /^[\x21-\x7e]{1,128}$/;

export function parseSurveyCsv(text: string): ParsedImport {
  const results: ImportedResult[] = [];
  const invalid: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (index === 0 && /call/i.test(cells[0] ?? '') && validRating(cells[1]) === null) return; // header
    const callId = cells[0] ?? '';
    const rating = validRating(cells[1]);
    if (!idPattern.test(callId) || rating === null) {
      invalid.push(`line ${index + 1}: ${line.slice(0, 80)}`);
      return;
    }
    results.push({ callId, rating, digit: cells[2] && /^[0-9*#]$/.test(cells[2]) ? cells[2] : null });
  });
  return { results, invalid };
}

export function parseSurveyJson(text: string): ParsedImport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { results: [], invalid: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null && Array.isArray((data as { results?: unknown }).results) ? (data as { results: unknown[] }).results : null;
  if (!list) return { results: [], invalid: ['expected an array of results, or { "results": [...] }'] };
  const results: ImportedResult[] = [];
  const invalid: string[] = [];
  list.forEach((item, index) => {
    const o = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const id = o.callId ?? o.centreCallId ?? o.call_id ?? o.callUid;
    const rating = validRating(o.rating);
    if (typeof id !== 'string' || !idPattern.test(id) || rating === null) {
      invalid.push(`item ${index + 1}: ${JSON.stringify(item).slice(0, 80)}`);
      return;
    }
    results.push({ callId: id, rating, digit: typeof o.digit === 'string' && /^[0-9*#]$/.test(o.digit) ? o.digit : null });
  });
  return { results, invalid };
}

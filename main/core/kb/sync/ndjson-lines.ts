/**
 * Splits decoded bytes into NDJSON lines, in batches (one per chunk) so a
 * 100k-line snapshot does not cost one await per line. UTF-8 characters cut
 * across chunks are joined by the StringDecoder; `\r\n` is accepted.
 */
import { StringDecoder } from 'node:string_decoder';
import { KbSyncError } from './kb-sync-error.js';

export interface NdjsonLine {
  /** 1-based line number in the file. */
  readonly number: number;
  readonly text: string;
}

export async function* ndjsonLines(decoded: AsyncIterable<Buffer>, what: string, maxLineChars: number): AsyncGenerator<NdjsonLine[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let number = 0;
  const cut = (text: string, final: boolean): NdjsonLine[] => {
    const lines: NdjsonLine[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end === -1) break;
      number += 1;
      lines.push({ number, text: stripCr(text.slice(start, end)) });
      start = end + 1;
    }
    carry = text.slice(start);
    if (final && carry !== '') {
      number += 1;
      lines.push({ number, text: stripCr(carry) });
      carry = '';
    }
    if (carry.length > maxLineChars) {
      throw new KbSyncError('malformed', `${what} line ${number + 1}: longer than ${maxLineChars} characters`);
    }
    return lines;
  };
  for await (const chunk of decoded) {
    const lines = cut(carry + decoder.write(chunk), false);
    if (lines.length > 0) yield lines;
  }
  const last = cut(carry + decoder.end(), true);
  if (last.length > 0) yield last;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

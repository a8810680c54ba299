/**
 * A change page's upserts, prepared (rendered, tokenized) on the helper
 * threads in blocks, one block ahead of the writer: a page of 100,000
 * changes never holds more than a few blocks of prepared records in memory,
 * and preparing block n+1 overlaps writing block n.
 *
 * Ranges must be asked for in increasing order (the page is written front to
 * back); blocks before the asked range are dropped.
 */
import type { PreparedRecord } from '../prepare-record.js';
import type { RecordPreparer } from './record-preparer.js';

export interface PreparedBlocks {
  /** Number of records (= upserts of the page). */
  readonly count: number;
  /** The prepared records [start, end), in page order. */
  range(start: number, end: number): Promise<PreparedRecord[]>;
  /** Lets blocks in flight settle (after a failure). */
  settle(): Promise<void>;
}

export function preparedBlocks(preparer: RecordPreparer, lines: readonly string[], blockSize: number): PreparedBlocks {
  const size = Math.max(1, blockSize);
  const blocks = new Map<number, Promise<PreparedRecord[]>>();
  const block = (index: number): Promise<PreparedRecord[]> | null => {
    if (index * size >= lines.length) return null;
    let prepared = blocks.get(index);
    if (!prepared) {
      prepared = preparer.prepare(lines.slice(index * size, (index + 1) * size));
      prepared.catch(() => undefined); // awaited in range(); not unhandled meanwhile
      blocks.set(index, prepared);
    }
    return prepared;
  };
  // Start at once: the first block is prepared while the previous page is written.
  block(0);
  return {
    count: lines.length,
    async range(start, end) {
      const out: PreparedRecord[] = [];
      for (let index = Math.floor(start / size); index * size < end; index += 1) {
        const prepared = block(index);
        if (!prepared) break;
        block(index + 1);
        const records = await prepared;
        const from = Math.max(0, start - index * size);
        const to = Math.min(records.length, end - index * size);
        for (let i = from; i < to; i += 1) out.push(records[i] as PreparedRecord);
      }
      for (const index of [...blocks.keys()]) if ((index + 1) * size <= end) blocks.delete(index);
      return out;
    },
    async settle() {
      await Promise.allSettled([...blocks.values()]);
    },
  };
}

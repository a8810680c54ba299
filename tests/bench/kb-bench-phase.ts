/**
 * One phase of `npm run bench:kb`, run once per corpus size, in order.
 *
 * A phase gets the corpus size and seed, a scratch folder, the product
 * database built by the earlier phases, and returns its figures as a flat
 * record (they go into the final JSON line under the size) plus the lines it
 * wants printed. To add a phase: write a file exporting a `BenchPhase` and
 * append it to `phases` in kb-bench.ts.
 */
import type { Database } from 'better-sqlite3';
import type { KbArticleRecord } from '../../main/core/kb/kb-record.js';

export interface BenchContext {
  /** Number of articles in this round's corpus. */
  readonly size: number;
  readonly seed: number;
  /** Queries per round (the search phase's `--queries`). */
  readonly queryCount: number;
  /** Scratch folder of this round (removed at the end unless --keep). */
  readonly workDir: string;
  /** Path of the product database (seat.sqlite layout, all migrations). */
  readonly dbFile: string;
  /** The open product database (the build phase fills it). */
  readonly db: Database;
  /** The corpus again, batch by batch, identical on every call. */
  corpus(batchSize?: number): Generator<KbArticleRecord[]>;
  /** Figures of the phases that ran before, by phase name. */
  readonly earlier: Readonly<Record<string, PhaseFigures>>;
  /** Progress line on stderr (kept out of the table on stdout). */
  progress(line: string): void;
}

export type PhaseFigures = Readonly<Record<string, number | string | boolean | null | Readonly<Record<string, unknown>>>>;

export interface PhaseOutcome {
  readonly figures: PhaseFigures;
  /** Lines for the human-readable report. */
  readonly lines: readonly string[];
  /** Target checks this phase is responsible for: name → passed. */
  readonly targets?: Readonly<Record<string, boolean>>;
}

export interface BenchPhase {
  readonly name: string;
  run(context: BenchContext): Promise<PhaseOutcome> | PhaseOutcome;
}

/**
 * One schema step. Files are named `NNNN-kebab-name.ts` and registered in
 * order in `migrations/index.ts`; `version` equals the file's number.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/**
 * What every source parser returns: the valid records, and one error per bad
 * row with the file and the 1-based line where the row starts, so an editor
 * can go straight to it.
 */
import type { KbRecord } from '../kb-record.js';

export interface KbSourceError {
  readonly file: string;
  /** 1-based line where the bad row starts; 0 when the problem is the whole file. */
  readonly line: number;
  readonly message: string;
}

/** A record with where it came from (for duplicate-id messages). */
export interface SourcedRecord {
  readonly record: KbRecord;
  readonly file: string;
  readonly line: number;
}

export interface KbSourceResult {
  readonly records: KbRecord[];
  readonly errors: KbSourceError[];
}

/** `file:line: message`, the form compilers use (editors jump to it). */
export function formatSourceError(error: KbSourceError): string {
  return error.line > 0 ? `${error.file}:${error.line}: ${error.message}` : `${error.file}: ${error.message}`;
}

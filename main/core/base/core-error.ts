/**
 * An error a service throws on purpose. The dispatcher turns it into
 * `{ ok: false, error: { code, message } }`; any other thrown value becomes
 * `internal` and is logged in full.
 */
import type { ErrorCode, FieldIssue } from '../../contract/index.js';

export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

/** For exhaustive switches: `default: throw missingCase(x)`. */
export function missingCase(value: never): Error {
  return new Error(`missing case: ${JSON.stringify(value)}`);
}

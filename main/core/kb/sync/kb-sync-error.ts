/**
 * Why a sync step failed, classified by what the seat should do about it:
 *
 * - `offline`   no answer (refused, reset, DNS, timeout): retry with backoff;
 *               the status bar says "offline".
 * - `http`      the centre answered with an error status. 5xx / 408 / 429 are
 *               retried (`retryable`); other codes are a setup problem.
 * - `malformed` the bytes arrived but are not a valid snapshot or change page
 *               (bad JSON line, truncated gzip, wrong framing): the whole file
 *               is rejected and the cache stays as it was.
 * - `gone`      the centre does not know our cursor (404 / 410 on a change
 *               page): not a failure, the run switches to a full resync.
 * - `untrusted` the seat holds the centre's key and the publication is not
 *               signed by it, does not match its signed digests, or is older
 *               than one already accepted: nothing of it is applied.
 * - `refused`   it would remove more than half of the cache and its manifest
 *               does not say the shrink was intended: nothing is applied.
 */
import type { KbSyncErrorKind } from '../../../contract/index.js';
import { missingCase } from '../../base/core-error.js';

export type KbSyncErrorReason = 'offline' | 'http' | 'malformed' | 'gone' | 'untrusted' | 'refused';

export class KbSyncError extends Error {
  constructor(
    readonly reason: KbSyncErrorReason,
    message: string,
    readonly options: { readonly retryable?: boolean; readonly status?: number; readonly retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = 'KbSyncError';
  }

  get retryable(): boolean {
    return this.options.retryable ?? this.reason === 'offline';
  }
}

/** The sync's retry policy (for `withRetry`): retryable KbSyncErrors, waiting at least their Retry-After. */
export function kbSyncRetryable(error: unknown): { readonly minDelayMs: number } | null {
  return error instanceof KbSyncError && error.retryable ? { minDelayMs: error.options.retryAfterMs ?? 0 } : null;
}

/** How a failure is shown in the sync state / status bar. */
export function errorKindOf(error: unknown): KbSyncErrorKind {
  if (!(error instanceof KbSyncError)) return 'internal';
  switch (error.reason) {
    case 'offline':
      return 'offline';
    case 'http':
      // The centre could not serve us right now: to the agent that is "offline" too.
      return error.retryable ? 'offline' : 'http';
    case 'malformed':
    case 'gone':
      return 'malformed';
    case 'untrusted':
      return 'untrusted';
    case 'refused':
      return 'refused';
    default:
      throw missingCase(error.reason);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

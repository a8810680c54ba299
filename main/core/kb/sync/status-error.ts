/**
 * Maps an unexpected HTTP status to a KbSyncError: 5xx, 408 and 429 are
 * worth retrying (the centre is busy or restarting), anything else is not.
 */
import { KbSyncError } from './kb-sync-error.js';

export function statusError(url: string, status: number, retryAfterMs: number | null): KbSyncError {
  const retryable = status >= 500 || status === 408 || status === 429;
  return new KbSyncError('http', `${url}: the centre answered HTTP ${status}`, { retryable, status, retryAfterMs });
}

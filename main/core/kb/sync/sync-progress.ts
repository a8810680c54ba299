/**
 * Progress of one run, reported at most every `intervalMs` (phase changes and
 * the end always go out), so a 100k-record sync posts a few hundred messages,
 * not a hundred thousand.
 */
import type { KbSyncPhase, KbSyncProgress } from '../../../contract/index.js';

export interface ProgressReporter {
  readonly current: KbSyncProgress;
  phase(phase: KbSyncPhase, total?: number): void;
  received(count: number): void;
  applied(count: number): void;
  failed(message: string): void;
}

export function createProgressReporter(emit: (progress: KbSyncProgress) => void, intervalMs = 100, now = () => Date.now()): ProgressReporter {
  let phase: KbSyncPhase = 'checking';
  let received = 0;
  let applied = 0;
  let total: number | undefined;
  let error: string | undefined;
  let lastSent = -Infinity;

  const snapshot = (): KbSyncProgress => {
    const base = { phase, received, applied, ...(error === undefined ? {} : { error }) };
    if (total === undefined || total === 0) return base;
    // Downloading counts toward the first half of the bar, applying the second.
    const done = phase === 'downloading' ? received / 2 : phase === 'applying' ? total / 2 + applied / 2 : total;
    const percent = phase === 'done' ? 100 : Math.min(100, Math.floor((done / total) * 100));
    return { ...base, total, percent };
  };
  const send = (force: boolean) => {
    const at = now();
    if (!force && at - lastSent < intervalMs) return;
    lastSent = at;
    emit(snapshot());
  };

  return {
    get current() {
      return snapshot();
    },
    phase(next, nextTotal) {
      phase = next;
      if (nextTotal !== undefined) total = nextTotal;
      send(true);
    },
    received(count) {
      received += count;
      send(false);
    },
    applied(count) {
      applied += count;
      send(false);
    },
    failed(message) {
      phase = 'failed';
      error = message;
      send(true);
    },
  };
}

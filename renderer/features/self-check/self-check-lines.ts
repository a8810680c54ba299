/**
 * The pre-Ready self-check's lines that follow from the seat status alone:
 * registration, knowledge-base freshness, records waiting for the centre.
 * Each line is green or red, with what to do when red. (Microphone and test
 * tones are measured in the page: SelfCheckPanel.tsx.)
 */
import type { SeatStatus } from '../../../main/contract/index.js';
import type { MessageKey } from '../../i18n/catalogue.js';

export interface SelfCheckLine {
  readonly id: 'registration' | 'kb' | 'records' | 'microphone' | 'tone-headset' | 'tone-ring' | 'echo';
  /** null: not measured yet. */
  readonly ok: boolean | null;
  readonly text: MessageKey;
  readonly vars?: Record<string, string | number>;
  /** What to do when red. */
  readonly fix?: MessageKey;
}

/** A KB older than this is shown red (the centre publishes at least daily). */
export const kbStaleAfterMs = 24 * 3600_000;
/** A record waiting longer than this is shown red (the centre has not had it). */
export const recordsLateAfterMs = 15 * 60_000;

export function statusLines(status: SeatStatus, now: number): SelfCheckLine[] {
  const lines: SelfCheckLine[] = [];
  const reg = status.registration;
  lines.push(
    reg.state === 'registered'
      ? { id: 'registration', ok: true, text: 'selfCheck.registration.ok', vars: { server: reg.server } }
      : reg.state === 'failed' || reg.state === 'reconnecting'
        ? { id: 'registration', ok: false, text: 'selfCheck.registration.failed', vars: { reason: reg.reason }, fix: 'selfCheck.registration.fix' }
        : reg.state === 'unconfigured'
          ? { id: 'registration', ok: false, text: 'selfCheck.registration.unconfigured', fix: 'selfCheck.registration.fixSettings' }
          : { id: 'registration', ok: null, text: 'selfCheck.registration.pending' },
  );

  const kb = status.kb;
  if (kb.state === 'unknown') {
    lines.push({ id: 'kb', ok: null, text: 'selfCheck.kb.pending' });
  } else if (kb.lastSyncedAt === null) {
    lines.push({ id: 'kb', ok: false, text: 'selfCheck.kb.never', vars: { count: kb.articleCount }, fix: 'selfCheck.kb.fix' });
  } else {
    const hours = Math.floor((now - kb.lastSyncedAt) / 3600_000);
    const stale = now - kb.lastSyncedAt > kbStaleAfterMs;
    lines.push(
      stale || kb.lastError
        ? { id: 'kb', ok: false, text: 'selfCheck.kb.stale', vars: { hours, count: kb.articleCount, error: kb.lastError ?? '' }, fix: 'selfCheck.kb.fix' }
        : { id: 'kb', ok: true, text: 'selfCheck.kb.ok', vars: { hours, count: kb.articleCount } },
    );
  }

  const records = status.records;
  if (!records) {
    lines.push({ id: 'records', ok: null, text: 'selfCheck.records.pending' });
  } else if (records.waiting === 0 && records.rejected === 0) {
    lines.push({ id: 'records', ok: true, text: records.uploadConfigured ? 'selfCheck.records.ok' : 'selfCheck.records.local' });
  } else {
    const late = records.oldestAt !== null && now - records.oldestAt > recordsLateAfterMs;
    const ok = records.rejected === 0 && !late;
    lines.push({
      id: 'records',
      ok,
      text: 'selfCheck.records.waiting',
      vars: { waiting: records.waiting, rejected: records.rejected, error: records.lastError ?? '' },
      ...(ok ? {} : { fix: 'selfCheck.records.fix' as const }),
    });
  }
  return lines;
}

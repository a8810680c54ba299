/**
 * The pre-Ready self-check's lines that follow from the seat status alone:
 * registration, knowledge-base freshness, records waiting for the centre.
 * Each line is green or red, with what to do when red; `selfCheckLines` adds
 * what the page measured (microphone, test tones, echo call: SelfCheckPanel.tsx).
 */
import type { SeatStatus } from '../../../main/contract/index.js';
import type { SelfCheckResults, ToneOutputName } from '../../store/slices/self-check-slice.js';
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

/** Every line of the self-check, in the order the panel shows them. */
export function selfCheckLines(status: SeatStatus, results: SelfCheckResults, echoNumber: string, now: number): SelfCheckLine[] {
  const mic = results.microphone;
  const fromStatus = statusLines(status, now);
  return [
    ...fromStatus.slice(0, 1),
    mic === null
      ? { id: 'microphone', ok: null, text: 'selfCheck.microphone.speak' }
      : mic.error !== null
        ? { id: 'microphone', ok: false, text: 'selfCheck.microphone.unavailable', vars: { error: mic.error }, fix: 'selfCheck.microphone.fix' }
        : mic.ok
          ? { id: 'microphone', ok: true, text: 'selfCheck.microphone.ok', vars: { db: Math.round(mic.peakDb ?? 0) } }
          : { id: 'microphone', ok: false, text: 'selfCheck.microphone.quiet', vars: { db: Math.round(mic.peakDb ?? -100) }, fix: 'selfCheck.microphone.fix' },
    toneLine('headset', results.heard.headset),
    toneLine('ring', results.heard.ring),
    ...(echoNumber ? [echoLine(results.echo, echoNumber)] : []),
    ...fromStatus.slice(1),
  ];
}

/** The red lines that keep the agent from going Ready when the centre's setting says so. */
export function blockingLines(status: SeatStatus, results: SelfCheckResults, echoNumber: string, now: number): SelfCheckLine[] {
  return selfCheckLines(status, results, echoNumber, now).filter((line) => line.ok === false);
}

function toneLine(output: ToneOutputName, heard: boolean | null): SelfCheckLine {
  const id = output === 'headset' ? 'tone-headset' : 'tone-ring';
  if (heard === null) return { id, ok: null, text: output === 'headset' ? 'selfCheck.tone.headset' : 'selfCheck.tone.ring' };
  return heard
    ? { id, ok: true, text: output === 'headset' ? 'selfCheck.tone.headsetHeard' : 'selfCheck.tone.ringHeard' }
    : { id, ok: false, text: output === 'headset' ? 'selfCheck.tone.headsetNotHeard' : 'selfCheck.tone.ringNotHeard', fix: 'selfCheck.tone.fix' };
}

function echoLine(echo: SelfCheckResults['echo'], number: string): SelfCheckLine {
  if (echo === null) return { id: 'echo', ok: null, text: 'selfCheck.echo.idle', vars: { number } };
  if (echo.phase !== 'done') return { id: 'echo', ok: null, text: echo.phase === 'calling' ? 'selfCheck.echo.calling' : 'selfCheck.echo.measuring', vars: { number } };
  if (echo.ok) return { id: 'echo', ok: true, text: 'selfCheck.echo.ok', vars: { number, db: Math.round(echo.peakDb ?? 0) } };
  return echo.reason
    ? { id: 'echo', ok: false, text: 'selfCheck.echo.failed', vars: { number, reason: echo.reason }, fix: 'selfCheck.echo.fix' }
    : { id: 'echo', ok: false, text: 'selfCheck.echo.silent', vars: { number, db: Math.round(echo.peakDb ?? -100) }, fix: 'selfCheck.echo.fix' };
}


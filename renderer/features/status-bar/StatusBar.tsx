/**
 * The bottom bar: transport, registration, agent state, KB freshness. Each
 * shows "unknown" until the feature that owns it reports — never a guess.
 */
import { useEffect, useState } from 'react';
import type { KbStatus, RegistrationStatus } from '../../../main/contract/index.js';
import type { Translate } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { formatAgo } from './format-ago.js';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function registrationText(t: Translate, r: RegistrationStatus, now: number): string {
  switch (r.state) {
    case 'unknown':
    case 'unconfigured':
    case 'registered':
      return t(`status.registration.${r.state}`);
    case 'registering':
      return t('status.registration.registering');
    case 'reconnecting':
      return t('status.registration.reconnecting', {
        seconds: Math.max(0, Math.ceil((r.nextRetryAt - now) / 1000)),
        attempt: r.attempt,
      });
    case 'failed':
      return t('status.registration.failed', { reason: r.statusCode ? `${r.statusCode} ${r.reason}` : r.reason });
  }
}

function kbText(t: Translate, kb: KbStatus, now: number): string {
  if (kb.state === 'unknown') return t('status.kb.unknown');
  if (kb.state === 'syncing') return t('status.kb.syncing');
  const ago = kb.lastSyncedAt === null ? t('status.kb.never') : formatAgo(t, kb.lastSyncedAt, now);
  if (kb.state === 'offline') return t('status.kb.offline', { ago });
  if (kb.lastSyncedAt === null) return t('status.kb.never');
  return t('status.kb.ready', { version: kb.version ?? '-', ago });
}

export function StatusBar() {
  const t = useTranslate();
  const now = useNow(1000);
  const connection = useSeat((s) => s.connection);
  const status = useSeat((s) => s.status);
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      {connection !== 'open' && <span className="status-item status-warn" data-testid="connection-state">{t(`connection.${connection}`)}</span>}
      <span className={`status-item status-reg-${status.registration.state}`} data-testid="registration-state">
        {t('status.registration')}：{registrationText(t, status.registration, now)}
      </span>
      <span className={`status-item status-agent-${status.agent.state}`} data-testid="agent-state">
        {t('status.agent')}：{t(`status.agent.${status.agent.state}`)}
      </span>
      <span className={`status-item status-kb-${status.kb.state}`} data-testid="kb-state">
        {t('status.kb')}：{kbText(t, status.kb, now)}
      </span>
    </footer>
  );
}

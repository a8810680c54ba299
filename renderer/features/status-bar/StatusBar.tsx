/**
 * The bottom bar: transport, registration, agent state, KB freshness. Each
 * shows "unknown" until the feature that owns it reports — never a guess.
 */
import { useNow } from '../../app/use-now.js';
import type { RegistrationStatus } from '../../../main/contract/index.js';
import type { Translate } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { KbSyncStatus } from '../kb-sync/KbSyncStatus.js';
// shift: who is signed in
import { AgentStatusItem } from '../agent/AgentBadge.js';
import { RecordsStatusItem } from '../records/RecordsPanel.js';

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
      <AgentStatusItem />
      <KbSyncStatus />
      <RecordsStatusItem />
    </footer>
  );
}

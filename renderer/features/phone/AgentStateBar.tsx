/**
 * The agent's own state: Ready / Not ready (with a reason) / Offline, the
 * wrap-up countdown with "extend" and "ready now", and a retry when the
 * registration failed. The core owns the state; buttons only ask.
 *
 * When the centre's setting `selfCheckBlocksReady` is on, a red line of the
 * pre-Ready self-check (renderer/features/self-check) disables Ready and says
 * why; the agent fixes it and runs the check again.
 */
import { useState } from 'react';
import type { NotReadyReason } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { usePhoneCommand } from './use-phone-command.js';
import { useNow } from '../../app/use-now.js';
import { blockingLines } from '../self-check/self-check-lines.js';

const reasons: readonly NotReadyReason[] = ['break', 'meal', 'training', 'meeting'];
const extendBySeconds = 30;

export function AgentStateBar() {
  const t = useTranslate();
  const command = usePhoneCommand();
  const agent = useSeat((s) => s.status.agent);
  const registration = useSeat((s) => s.status.registration);
  const [reason, setReason] = useState<NotReadyReason>(
    reasons.includes(agent.reason as NotReadyReason) ? (agent.reason as NotReadyReason) : 'break',
  );
  const wrapUp = agent.state === 'wrap-up';
  const now = useNow(250, wrapUp);
  const remaining = wrapUp && agent.until !== undefined ? Math.max(0, Math.ceil((agent.until - now) / 1000)) : null;
  const registered = registration.state === 'registered';
  const blocksReady = useSeat((s) => s.profile?.selfCheckBlocksReady === true);
  const status = useSeat((s) => s.status);
  const selfCheck = useSeat((s) => s.selfCheck);
  const echoNumber = useSeat((s) => s.profile?.echoNumber ?? '');
  const checkNow = useNow(30_000, blocksReady);
  const blocking = blocksReady ? blockingLines(status, selfCheck, echoNumber, checkNow) : [];
  const readyBlocked = blocking.length > 0;

  return (
    <div className="agent-bar" data-testid="agent-bar">
      <div className="agent-states" role="group" aria-label={t('phone.agent.label')}>
        <button
          type="button"
          className="agent-ready"
          aria-pressed={agent.state === 'ready'}
          disabled={readyBlocked}
          onClick={() => void command('setAgentState', { state: 'ready' })}
        >
          {t('phone.agent.ready')}
        </button>
        <button
          type="button"
          className="agent-not-ready"
          aria-pressed={agent.state === 'not-ready'}
          onClick={() => void command('setAgentState', { state: 'not-ready', reason })}
        >
          {agent.state === 'not-ready' && agent.reason
            ? t('phone.agent.notReadyWith', { reason: t(`phone.agent.reason.${agent.reason as NotReadyReason}`) })
            : t('phone.agent.notReady')}
        </button>
        <select
          aria-label={t('phone.agent.reason')}
          value={reason}
          onChange={(e) => {
            const next = e.target.value as NotReadyReason;
            setReason(next);
            if (agent.state === 'not-ready') void command('setAgentState', { state: 'not-ready', reason: next });
          }}
        >
          {reasons.map((r) => (
            <option key={r} value={r}>
              {t(`phone.agent.reason.${r}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="agent-offline"
          aria-pressed={agent.state === 'offline'}
          onClick={() => void command('setAgentState', { state: 'offline' })}
        >
          {t('phone.agent.offline')}
        </button>
      </div>
      {readyBlocked && (
        <span className="agent-hint" role="status" data-testid="ready-blocked">
          {t('phone.agent.readyBlocked', { count: blocking.length })}
        </span>
      )}
      {registration.state === 'failed' && (
        <button type="button" className="registration-retry" onClick={() => void command('retryRegistration', {})}>
          {t('phone.registration.retry')}
        </button>
      )}
      {!registered && registration.state !== 'unknown' && registration.state !== 'unconfigured' && (
        <span className="agent-hint" data-testid="agent-not-registered">
          {t('phone.agent.notRegistered')}
        </span>
      )}
      {wrapUp && (
        <div className="wrap-up" data-testid="wrap-up" role="timer" aria-live="off">
          <strong>{t('phone.wrapUp.title')}</strong>
          {remaining !== null && <span className="wrap-up-remaining">{t('phone.wrapUp.remaining', { seconds: remaining })}</span>}
          <button type="button" onClick={() => void command('extendWrapUp', { seconds: extendBySeconds })}>
            {t('phone.wrapUp.extend', { seconds: extendBySeconds })}
          </button>
          <button type="button" disabled={readyBlocked} onClick={() => void command('setAgentState', { state: 'ready' })}>
            {t('phone.wrapUp.readyNow')}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * One call past ringing: who, state (held only once the core confirmed the
 * re-INVITE), duration, and the in-call controls.
 */
import { useState } from 'react';
import type { CallSnapshot } from '../../../main/contract/index.js';
import type { Translate } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { displayNumber } from './call-roles.js';
import { endCall, toggleHold, toggleMute } from './call-actions.js';
import { ContextFields } from './ContextFields.js';
import { DtmfPad } from './DtmfPad.js';
import { formatDuration } from './format-duration.js';
import { TransferForm } from './TransferForm.js';
import { EndWithSurveyButton } from '../survey/EndWithSurveyButton.js';
import { SurveyProgress } from '../survey/SurveyProgress.js';
import { usePhoneCommand } from './use-phone-command.js';
import { useNow } from '../../app/use-now.js';

export interface CallCardProps {
  readonly call: CallSnapshot;
}

function stateText(t: Translate, call: CallSnapshot): string {
  // The window with the audio reloaded or closed: the call waits for it.
  if (call.media === 'lost') return t('phone.call.mediaLost');
  if (call.media === 'recovering') return t('phone.call.mediaRecovering');
  if (call.holdPending) return call.held ? t('phone.call.resuming') : t('phone.call.holding');
  if (call.state === 'active' && call.held) return t('phone.call.held');
  return t(`phone.call.state.${call.state}`);
}

function transferText(t: Translate, call: CallSnapshot, calls: readonly CallSnapshot[]): string | null {
  const tr = call.transfer;
  if (!tr) return null;
  if (tr.state === 'trying') return t('phone.transfer.trying');
  if (tr.state === 'failed') return t('phone.transfer.failed', { reason: tr.failure ?? '' });
  if (tr.kind === 'consult') {
    const peer = calls.find((c) => c.id === tr.peerCallId);
    const number = peer ? (displayNumber(peer) ?? '') : '';
    return tr.role === 'original' ? t('phone.transfer.consulting', { number }) : t('phone.transfer.consultOf', { number });
  }
  return null;
}

export function CallCard({ call }: CallCardProps) {
  const t = useTranslate();
  const command = usePhoneCommand();
  const calls = useSeat((s) => s.calls);
  // The transfer box is store state: the transfer shortcut opens it too.
  const transferOpen = useSeat((s) => s.transferFormFor === call.id);
  const transferFormOpened = useSeat((s) => s.transferFormOpened);
  const onTransferOpen = (open: boolean) => transferFormOpened(open ? call.id : null);
  const autoAnswered = useSeat((s) => s.lastAutoAnswer?.callId === call.id);
  const [keypad, setKeypad] = useState(false);
  const now = useNow(1000, call.answeredAt !== null);
  const active = call.state === 'active';
  const settingUp = call.state === 'dialing' || call.state === 'alerting' || call.state === 'answering';
  const number = displayNumber(call) ?? t('phone.incoming.noNumber');
  const consult = call.transfer?.kind === 'consult' && call.transfer.state === 'consulting' ? call.transfer : null;
  const transferLine = transferText(t, call, calls);
  return (
    <section
      className={`call-card call-${call.state}${call.held ? ' call-held' : ''}`}
      data-testid="call-card"
      data-call-id={call.id}
      data-state={call.state}
      data-held={String(call.held)}
      data-muted={String(call.muted)}
      aria-label={t('phone.call.label', { number })}
    >
      <header className="call-head">
        <span className="call-number">{number}</span>
        {call.remoteName && <span className="call-name">{call.remoteName}</span>}
        <span className="call-direction">{t(call.direction === 'inbound' ? 'phone.call.inbound' : 'phone.call.outbound')}</span>
      </header>
      <div className="call-status">
        <span className="call-state" data-testid="call-state">
          {stateText(t, call)}
        </span>
        {call.muted && <span className="call-badge call-badge-muted">{t('phone.call.muted')}</span>}
        {autoAnswered && <span className="call-badge">{t('phone.call.autoAnswered')}</span>}
        {call.answeredAt !== null && (
          <span className="call-duration" data-testid="call-duration">
            {formatDuration(now - call.answeredAt)}
          </span>
        )}
      </div>
      {transferLine && (
        <div className="call-transfer" data-testid="call-transfer">
          {transferLine}
        </div>
      )}
      <ContextFields fields={call.context} />
      {call.phase === 'survey' && <SurveyProgress callId={call.id} />}
      <div className="call-actions">
        {active && (
          <button type="button" aria-pressed={call.held} disabled={call.holdPending} onClick={() => void toggleHold(command, call)}>
            {call.held ? t('phone.call.resume') : t('phone.call.hold')}
          </button>
        )}
        {active && (
          <button type="button" aria-pressed={call.muted} onClick={() => void toggleMute(command, call)}>
            {call.muted ? t('phone.call.unmute') : t('phone.call.mute')}
          </button>
        )}
        {active && (
          <button type="button" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
            {t('phone.call.keypad')}
          </button>
        )}
        {active && !consult && (
          <button type="button" aria-expanded={transferOpen} onClick={() => onTransferOpen(!transferOpen)}>
            {t('phone.call.transfer')}
          </button>
        )}
        {consult && (
          <button type="button" className="transfer-complete" onClick={() => void command('completeTransfer', { callId: call.id })}>
            {t('phone.transfer.complete')}
          </button>
        )}
        <EndWithSurveyButton call={call} />
        <button type="button" className="hangup" onClick={() => void endCall(command, call)}>
          {settingUp && call.direction === 'outbound' ? t('phone.call.cancel') : t('phone.call.hangup')}
        </button>
      </div>
      {active && keypad && <DtmfPad call={call} />}
      {active && transferOpen && !consult && <TransferForm call={call} onClose={() => onTransferOpen(false)} />}
    </section>
  );
}

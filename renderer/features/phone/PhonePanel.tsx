/**
 * The phone: agent state, device notices, ringing calls (call waiting
 * included), calls in progress with their controls, the dialer, the last
 * ended calls and the shortcut keys. All call state comes from the core
 * (`callsChanged`); this panel only asks.
 */
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat, useSeatStore } from '../../store/store-context.js';
import { AgentStateBar } from './AgentStateBar.js';
import { answerCall } from './call-actions.js';
import { CallCard } from './CallCard.js';
import { callsInProgress, ringingCalls } from './call-roles.js';
import { Dialer } from './Dialer.js';
import { EndedCalls } from './EndedCalls.js';
import { IncomingCallCard } from './IncomingCallCard.js';
import { MediaNotices } from './MediaNotices.js';
import { PhoneFailure } from './PhoneFailure.js';
import { ShortcutHint } from './ShortcutHint.js';
import { usePhoneCommand } from './use-phone-command.js';
import { usePhoneShortcuts } from './use-phone-shortcuts.js';
import { useEndWithSurveyShortcut } from '../survey/EndWithSurveyButton.js';
import './phone.css';

export function PhonePanel() {
  const t = useTranslate();
  const command = usePhoneCommand();
  const store = useSeatStore();
  const calls = useSeat((s) => s.calls);
  const shortcuts = useSeat((s) => s.profile?.shortcuts);
  usePhoneShortcuts(shortcuts, command, store);
  useEndWithSurveyShortcut();

  const ringing = ringingCalls(calls);
  const inProgress = callsInProgress(calls);
  return (
    <section className="phone" aria-label={t('phone.region')} data-testid="phone-panel">
      <AgentStateBar />
      <MediaNotices />
      <PhoneFailure />
      {ringing.map((call) => (
        <IncomingCallCard
          key={call.id}
          call={call}
          waiting={inProgress.length > 0}
          onAnswer={(c) => void answerCall(command, c)}
          onReject={(c, code) => void command('rejectCall', { callId: c.id, code })}
        />
      ))}
      {inProgress.map((call) => (
        <CallCard key={call.id} call={call} />
      ))}
      <Dialer />
      <EndedCalls />
      {shortcuts && <ShortcutHint shortcuts={shortcuts} />}
    </section>
  );
}

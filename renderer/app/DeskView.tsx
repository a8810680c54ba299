/**
 * The agent's working area. Feature panels (phone, caller context, knowledge
 * base, scripts, wrap-up) mount here as they are built; until the seat is
 * configured it says so instead of showing controls that cannot work.
 */
// phone (renderer/features/phone)
import { PhonePanel } from '../features/phone/PhonePanel.js';
// knowledge base (renderer/features/kb)
import { KbPanel } from '../features/kb/KbPanel.js';
// records: caller context and wrap-up (renderer/features/records)
import { RecordsPanel } from '../features/records/RecordsPanel.js';
// shift: sign-in, the last shift's handover, callbacks due, scripts that follow the call (renderer/features/agent, shift, scripts)
import { SignInCard } from '../features/agent/SignInCard.js';
import { CallbackReminders } from '../features/shift/CallbackReminders.js';
import { HandoverNotice } from '../features/shift/HandoverNotice.js';
import { ScriptsPanel } from '../features/scripts/ScriptsPanel.js';
// pre-Ready self-check: opens at sign-in and from the top bar (renderer/features/self-check)
import { SelfCheckHost } from '../features/self-check/SelfCheckPanel.js';
import { useTranslate } from '../i18n/use-translate.js';
import { useSeat } from '../store/store-context.js';

export function DeskView() {
  const t = useTranslate();
  const profile = useSeat((s) => s.profile);
  const viewOpened = useSeat((s) => s.viewOpened);
  const configured = profile !== null && profile.agentNumber !== '' && profile.sipServers.length > 0;
  const signedOut = useSeat((s) => s.shift !== null && s.shift.agent === null);
  return (
    <section className="desk" aria-label={t('nav.desk')}>
      {!configured && profile !== null && (
        <div className="notice" data-testid="desk-unconfigured">
          <p>{t('desk.unconfigured')}</p>
          <button type="button" onClick={() => viewOpened('settings')}>
            {t('desk.openSettings')}
          </button>
        </div>
      )}
      {/* Two columns on a seat's wide screen: the call on the left, the answer on the right. */}
      <div className="desk-columns">
        <div className="desk-call">
          {/* ---- shift (renderer/features/agent, shift) ---- */}
          {configured && signedOut && <SignInCard />}
          {configured && <SelfCheckHost />}
          <HandoverNotice />
          {configured && <CallbackReminders />}
          {/* ---- phone panel (renderer/features/phone) ---- */}
          {configured && <PhonePanel />}
          {/* ---- end phone panel ---- */}
          {configured && <RecordsPanel />}
          {/* ---- scripts that follow the call (renderer/features/scripts) ---- */}
          <ScriptsPanel />
        </div>
        <div className="desk-knowledge">
          {/* ---- knowledge base (renderer/features/kb): searchable even before the seat is configured ---- */}
          <KbPanel />
        </div>
      </div>
    </section>
  );
}

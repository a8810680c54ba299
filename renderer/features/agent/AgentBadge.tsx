/**
 * Who is signed in, in the top bar, with the way to the handover and
 * sign-out; also keeps the window title saying the same (a seat's taskbar
 * entry then tells who works there).
 */
import { useEffect } from 'react';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';

export function AgentBadge() {
  const t = useTranslate();
  const agent = useSeat((s) => s.shift?.agent ?? null);
  const seat = useSeat((s) => s.profile?.agentNumber ?? '');
  const viewOpened = useSeat((s) => s.viewOpened);
  const who = agent ? t('agent.signedIn', { agentNo: agent.agentNo, name: agent.name }) : t('agent.none');
  useEffect(() => {
    document.title = [t('app.title'), seat, agent ? `${agent.agentNo} ${agent.name}` : null].filter(Boolean).join(' · ');
  }, [t, seat, agent]);
  return (
    <span className="agent-badge" data-testid="agent-badge">
      <span className={agent ? 'agent-on' : 'agent-off'}>{who}</span>
      {agent && (
        <button type="button" onClick={() => viewOpened('shift')} data-testid="open-handover">
          {t('agent.handoverAndSignOut')}
        </button>
      )}
    </span>
  );
}

/** The status bar's part: the signed-in agent, or that nobody is. */
export function AgentStatusItem() {
  const t = useTranslate();
  const known = useSeat((s) => s.shift !== null);
  const agent = useSeat((s) => s.shift?.agent ?? null);
  return (
    <span className={`status-item ${agent || !known ? '' : 'status-warn'}`} data-testid="agent-signed-in">
      {t('agent.status')}：{agent ? `${agent.agentNo} ${agent.name}` : known ? t('agent.none') : t('agent.unknown')}
    </span>
  );
}

/** The window frame: navigation, the current view, the status bar. */
import { StatusBar } from '../features/status-bar/StatusBar.js';
import { SettingsView } from '../features/settings/SettingsView.js';
import { useUnsavedSettingsWarning } from '../features/settings/use-unsaved-settings-warning.js';
import { useTranslate } from '../i18n/use-translate.js';
import { useSeat } from '../store/store-context.js';
import { DeskView } from './DeskView.js';
// shift: who is signed in, the shift view with the handover (renderer/features/agent, shift)
import { AgentBadge } from '../features/agent/AgentBadge.js';
import { ShiftView } from '../features/shift/ShiftView.js';
// knowledge base: F3 / Ctrl+K focuses its search from any view
import { useKbSearchShortcut } from '../features/kb/use-kb-search-shortcut.js';

export function App() {
  const t = useTranslate();
  const view = useSeat((s) => s.view);
  const viewOpened = useSeat((s) => s.viewOpened);
  const agentNumber = useSeat((s) => s.profile?.agentNumber);
  const selfCheckOpened = useSeat((s) => s.selfCheckOpened);
  useKbSearchShortcut();
  useUnsavedSettingsWarning();
  return (
    <div className="app">
      <header className="top-bar">
        <span className="brand">{t('app.title')}{agentNumber ? ` · ${agentNumber}` : ''}</span>
        <nav>
          <button type="button" aria-pressed={view === 'desk'} onClick={() => viewOpened('desk')}>
            {t('nav.desk')}
          </button>
          <button type="button" aria-pressed={view === 'shift'} onClick={() => viewOpened('shift')}>
            {t('nav.shift')}
          </button>
          <button type="button" aria-pressed={view === 'settings'} onClick={() => viewOpened('settings')}>
            {t('nav.settings')}
          </button>
          <button type="button" data-testid="open-self-check" onClick={() => {
              viewOpened('desk');
              selfCheckOpened();
            }}>
            {t('selfCheck.open')}
          </button>
        </nav>
        <AgentBadge />
      </header>
      <main className="view">{view === 'settings' ? <SettingsView /> : view === 'shift' ? <ShiftView /> : <DeskView />}</main>
      <StatusBar />
    </div>
  );
}

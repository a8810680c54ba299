/**
 * The agent's working area. Feature panels (phone, caller context, knowledge
 * base, scripts, wrap-up) mount here as they are built; until the seat is
 * configured it says so instead of showing controls that cannot work.
 */
import { useTranslate } from '../i18n/use-translate.js';
import { useSeat } from '../store/store-context.js';

export function DeskView() {
  const t = useTranslate();
  const profile = useSeat((s) => s.profile);
  const viewOpened = useSeat((s) => s.viewOpened);
  const configured = profile !== null && profile.agentNumber !== '' && profile.sipServers.length > 0;
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
    </section>
  );
}

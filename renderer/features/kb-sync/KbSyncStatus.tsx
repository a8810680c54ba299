/**
 * The KB part of the status bar: freshness ("版本 42 · 3 分钟前同步"), an
 * offline badge when the centre cannot be reached (the seat keeps answering
 * from its cache), a progress bar while a sync runs, the last error as a
 * tooltip, and "立即同步" when the profile has a KB URL.
 */
import { useNow } from '../../app/use-now.js';
import type { KbSyncPhase } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import { kbStatusText } from './kb-status-text.js';
import './kb-sync.css';

const activePhases: readonly KbSyncPhase[] = ['checking', 'downloading', 'applying', 'optimizing'];

export function KbSyncStatus() {
  const t = useTranslate();
  const api = useApi();
  const now = useNow(15_000);
  const kb = useSeat((s) => s.status.kb);
  const progress = useSeat((s) => s.kbSync.progress);
  const requested = useSeat((s) => s.kbSync.requested);
  const hasSource = useSeat((s) => (s.profile?.kbSourceUrl ?? '') !== '');
  const kbSyncRequested = useSeat((s) => s.kbSyncRequested);
  const kbSyncRequestEnded = useSeat((s) => s.kbSyncRequestEnded);

  const running = kb.state === 'syncing' && progress !== null && activePhases.includes(progress.phase);
  const lastError = kb.state === 'unknown' ? undefined : kb.lastError;
  const title = kb.state === 'offline' && lastError ? t('kbSync.offlineHint', { error: lastError }) : lastError;
  // The centre's publication was refused (signature, shrink): say so, not just "error".
  const errorKind = kb.state === 'unknown' ? undefined : kb.lastErrorKind;
  const rejected = errorKind === 'untrusted' || errorKind === 'refused' ? errorKind : null;

  const syncNow = () => {
    kbSyncRequested();
    void api.invoke('syncKbNow', {}).finally(kbSyncRequestEnded);
  };

  return (
    <span className="kb-sync">
      <span className={`status-item status-kb-${kb.state}`} data-testid="kb-state" title={title}>
        {t('status.kb')}：{kbStatusText(t, kb, now)}
      </span>
      {running && (
        <span className="kb-sync-progress">
          <progress
            data-testid="kb-sync-progress"
            aria-label={t('kbSync.progress')}
            max={100}
            {...(progress.percent === undefined ? {} : { value: progress.percent })}
          />
          <span className="kb-sync-phase">
            {t(`kbSync.phase.${progress.phase as Exclude<KbSyncPhase, 'done' | 'failed'>}`)}
            {progress.percent === undefined ? '' : ` ${progress.percent}%`}
          </span>
        </span>
      )}
      {kb.state === 'ready' && lastError && (
        <span className={`kb-sync-error${rejected ? ' kb-sync-rejected' : ''}`} data-testid="kb-sync-error" title={lastError}>
          ⚠ {rejected ? t(`kbSync.error.${rejected}`) : t('kbSync.error')}
        </span>
      )}
      {hasSource && (
        <button
          type="button"
          className="kb-sync-now"
          data-testid="kb-sync-now"
          title={t('kbSync.syncNow.title')}
          disabled={requested || kb.state === 'syncing'}
          onClick={syncNow}
        >
          {t('kbSync.syncNow')}
        </button>
      )}
    </span>
  );
}

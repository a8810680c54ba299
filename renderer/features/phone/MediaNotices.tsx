/** What the media engine told the agent (device fallback, microphone trouble), until dismissed. */
import type { MessageKey } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import type { MediaNotice } from '../../media/media-notice.js';
import { useSeat } from '../../store/store-context.js';

function noticeKey(n: MediaNotice): MessageKey {
  switch (n.kind) {
    case 'device-fallback':
    case 'device-restored':
      return `phone.notice.${n.kind}.${n.role}`;
    case 'microphone-unavailable':
    case 'playback-blocked':
      return `phone.notice.${n.kind}`;
    default: {
      const unknown: never = n.kind;
      throw new Error(`unknown media notice ${String(unknown)}`);
    }
  }
}

export function MediaNotices() {
  const t = useTranslate();
  const notices = useSeat((s) => s.mediaNotices);
  const dismiss = useSeat((s) => s.mediaNoticeDismissed);
  if (notices.length === 0) return null;
  return (
    <div className="media-notices">
      {notices.map((n) => (
        <div key={n.id} className={`media-notice media-notice-${n.kind}`} role="alert" data-testid="media-notice" data-kind={n.kind} data-role={n.role}>
          <span>{t(noticeKey(n))}</span>
          {n.detail && <small className="media-notice-detail">{n.detail}</small>}
          <button type="button" onClick={() => dismiss(n.id)}>
            {t('phone.notice.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}

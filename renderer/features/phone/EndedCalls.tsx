/** The last few calls that ended and why (missed, rejected, failed with its SIP code, …). */
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { displayNumber } from './call-roles.js';

export function EndedCalls() {
  const t = useTranslate();
  const ended = useSeat((s) => s.endedCalls);
  if (ended.length === 0) return null;
  return (
    <section className="ended-calls" aria-label={t('phone.ended.title')}>
      <h3>{t('phone.ended.title')}</h3>
      <ul>
        {ended.map((call) => {
          const reason = call.endReason ? t(`phone.ended.${call.endReason}`) : t('phone.call.state.ended');
          const by = call.endReason === 'completed' && call.endedBy ? ` · ${t(`phone.ended.by.${call.endedBy}`)}` : '';
          const code = call.statusCode && call.endReason !== 'completed' ? ` (${call.statusCode})` : '';
          return (
            <li key={call.id} data-testid="ended-call" data-call-id={call.id} data-reason={call.endReason ?? ''}>
              {t('phone.ended.line', { number: displayNumber(call) ?? t('phone.incoming.noNumber'), reason: reason + code + by })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

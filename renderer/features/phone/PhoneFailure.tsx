/** The last phone request the core refused, in the agent's language. */
import type { ContractError } from '../../../main/contract/index.js';
import { isMessageKey, type Translate } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';

function reasonText(t: Translate, error: ContractError): string {
  const issue = error.issues?.[0];
  if (issue) {
    const key = `validation.${issue.code}`;
    return isMessageKey(key) ? t(key) : issue.message;
  }
  const key = `phone.error.${error.code}`;
  const general = isMessageKey(key) ? t(key) : null;
  return general ? `${general}（${error.message}）` : t('phone.error.other', { message: error.message });
}

export function PhoneFailure() {
  const t = useTranslate();
  const failure = useSeat((s) => s.phoneFailure);
  const dismiss = useSeat((s) => s.phoneFailureDismissed);
  if (!failure) return null;
  const actionKey = `phone.action.${failure.action}`;
  return (
    <div className="phone-failure" role="alert" data-testid="phone-failure">
      <span>
        {t('phone.failure', {
          action: isMessageKey(actionKey) ? t(actionKey) : failure.action,
          reason: reasonText(t, failure.error),
        })}
      </span>
      <button type="button" onClick={dismiss}>
        {t('phone.failure.dismiss')}
      </button>
    </div>
  );
}

/** The centre's caller-context headers, as untrusted plain text. */
import type { ContextField } from '../../../main/contract/index.js';
import { isMessageKey } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';

export function ContextFields({ fields }: { fields: readonly ContextField[] }) {
  const t = useTranslate();
  if (fields.length === 0) return null;
  return (
    <dl className="call-context" aria-label={t('phone.incoming.context')}>
      {fields.map((field) => {
        const key = `phone.context.${field.name}`;
        return (
          <div key={field.name} className="call-context-row" data-header={field.name}>
            <dt title={field.name}>{isMessageKey(key) ? t(key) : field.name}</dt>
            <dd>{field.value}</dd>
          </div>
        );
      })}
    </dl>
  );
}

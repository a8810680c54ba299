/** The open items of a handover note: promised callbacks and work orders near their deadline. */
import type { OpenItem } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { clockTime } from './shift-format.js';

export function OpenItems({ items }: { items: readonly OpenItem[] }) {
  const t = useTranslate();
  if (items.length === 0) return <p className="hint">{t('handover.noOpenItems')}</p>;
  return (
    <ul className="open-items" data-testid="open-items">
      {items.map((item) =>
        item.kind === 'callback' ? (
          <li key={`cb-${item.id}`}>
            {t('handover.item.callback', { number: item.callerNumber, due: clockTime(item.dueAt, true) })}
            {item.title !== item.callerNumber ? ` — ${item.title}` : ''}
          </li>
        ) : (
          <li key={`wo-${item.id}`}>
            {t('handover.item.workOrder', { title: item.title, due: item.deadlineAt === null ? '—' : clockTime(item.deadlineAt, true) })}
          </li>
        ),
      )}
    </ul>
  );
}

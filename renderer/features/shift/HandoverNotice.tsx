/**
 * The last shift's handover note, shown to the agent who signed in until
 * they acknowledge it (the acknowledgement goes to the centre).
 */
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import { OpenItems } from './OpenItems.js';
import { clockTime } from './shift-format.js';
import './shift.css';

export function HandoverNotice() {
  const t = useTranslate();
  const api = useApi();
  const note = useSeat((s) => (s.shift?.agent ? s.shift.pendingHandover : null));
  const shiftChanged = useSeat((s) => s.shiftChanged);
  if (!note) return null;
  const acknowledge = async () => {
    const result = await api.invoke('acknowledgeHandover', { noteId: note.id });
    if (result.ok) shiftChanged(result.value);
  };
  return (
    <section className="handover-notice card" data-testid="handover-notice" aria-labelledby="handover-notice-title">
      <h2 id="handover-notice-title">{t('handover.pendingTitle')}</h2>
      <p className="hint">{t('handover.from', { agentNo: note.agentNo, name: note.agentName, time: clockTime(note.updatedAt, true) })}</p>
      <p className="handover-text" data-testid="handover-text">
        {note.text === '' ? t('handover.empty') : note.text}
      </p>
      <h3>{t('handover.openItems')}</h3>
      <OpenItems items={note.openItems} />
      <button type="button" onClick={() => void acknowledge()} data-testid="acknowledge-handover">
        {t('handover.acknowledge')}
      </button>
    </section>
  );
}

/**
 * The signed-in agent writes the handover note: every keystroke lands in the
 * store and is saved to the core as typed (requests in order, one per
 * change), so nothing typed is lost; sign-out waits for the last save.
 */
import { useRef, useState } from 'react';
import type { OpenItem } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { OpenItems } from './OpenItems.js';
import { clockTime } from './shift-format.js';

export function HandoverEditor() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const shift = useSeat((s) => s.shift);
  const typedText = useSeat((s) => s.handoverText);
  const handoverTyped = useSeat((s) => s.handoverTyped);
  const shiftChanged = useSeat((s) => s.shiftChanged);
  const [inFlight, setInFlight] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const saves = useRef<Promise<boolean>>(Promise.resolve(true));
  const draft = shift?.draft ?? null;
  const text = typedText ?? draft?.text ?? '';

  if (!shift?.agent) return null;
  const onType = (value: string) => {
    handoverTyped(value);
    setInFlight((n) => n + 1);
    saves.current = saves.current.then(async () => {
      const result = await api.invoke('saveHandoverNote', { text: value });
      setInFlight((n) => n - 1);
      return result.ok;
    });
  };
  const signOut = async () => {
    if (!(await saves.current)) return setFailure(t('handover.notSaved'));
    const result = await api.invoke('signOut', {});
    if (result.ok) {
      setFailure(null);
      shiftChanged(result.value);
      store.getState().viewOpened('desk');
    } else {
      setFailure(result.error.code === 'conflict' ? t('handover.onCall') : t('error.generic', { message: result.error.message }));
    }
  };
  const openItems = draft?.openItems ?? [];
  return (
    <section className="handover-editor card" aria-labelledby="handover-title" data-testid="handover-editor">
      <h2 id="handover-title">{t('handover.title')}</h2>
      <label className="handover-label">
        <span>{t('handover.write')}</span>
        <textarea rows={5} value={text} onChange={(e) => onType(e.target.value)} data-testid="handover-input" maxLength={4000} />
      </label>
      <p className="hint" data-testid="handover-saved">
        {inFlight > 0 ? t('handover.saving') : draft ? t('handover.saved', { time: clockTime(draft.updatedAt) }) : ''}
      </p>
      <h3>{t('handover.openItems')}</h3>
      <OpenItems
        items={
          openItems.length > 0
            ? openItems
            : shift.callbacks.map((c): OpenItem => ({ kind: 'callback', id: c.id, title: c.note || c.number, dueAt: c.dueAt, callerNumber: c.number }))
        }
      />
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <button type="button" onClick={() => void signOut()} data-testid="sign-out">
        {t('handover.signOut')}
      </button>
    </section>
  );
}

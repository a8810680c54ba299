/**
 * The signed-in agent writes the handover note: every keystroke lands in the
 * store, and is saved to the core half a second after typing stops (and at
 * once before signing out), so nothing typed is lost.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpenItem } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { OpenItems } from './OpenItems.js';
import { clockTime } from './shift-format.js';

const saveDelayMs = 500;

export function HandoverEditor() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const shift = useSeat((s) => s.shift);
  const typedText = useSeat((s) => s.handoverText);
  const handoverTyped = useSeat((s) => s.handoverTyped);
  const shiftChanged = useSeat((s) => s.shiftChanged);
  const [saving, setSaving] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const draft = shift?.draft ?? null;
  const text = typedText ?? draft?.text ?? '';

  const save = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const current = store.getState().handoverText;
    if (current === null) return true;
    setSaving(true);
    const result = await api.invoke('saveHandoverNote', { text: current });
    setSaving(false);
    return result.ok;
  }, [api, store]);
  useEffect(() => {
    const pending = timer;
    return () => {
      // Leaving the view saves what was typed.
      if (pending.current) void save();
    };
  }, [save]);

  if (!shift?.agent) return null;
  const onType = (value: string) => {
    handoverTyped(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), saveDelayMs);
  };
  const signOut = async () => {
    if (!(await save())) return;
    const result = await api.invoke('signOut', {});
    if (result.ok) {
      shiftChanged(result.value);
      store.getState().viewOpened('desk');
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
        {saving ? t('handover.saving') : draft ? t('handover.saved', { time: clockTime(draft.updatedAt) }) : ''}
      </p>
      <h3>{t('handover.openItems')}</h3>
      <OpenItems
        items={
          openItems.length > 0
            ? openItems
            : shift.callbacks.map((c): OpenItem => ({ kind: 'callback', id: c.id, title: c.note || c.number, dueAt: c.dueAt, callerNumber: c.number }))
        }
      />
      <button type="button" onClick={() => void signOut()} data-testid="sign-out">
        {t('handover.signOut')}
      </button>
    </section>
  );
}

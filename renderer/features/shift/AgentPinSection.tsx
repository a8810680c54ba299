/**
 * Settings: the agents who may sign in at this seat, with the PIN the centre
 * sets (4–8 digits; empty: no PIN). The core keeps only a salted hash. What
 * is typed lives in the store (`agentPinDraft`) until it is saved.
 */
import { useState } from 'react';
import type { MessageKey } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';

export function AgentPinSection() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const draft = useSeat((s) => s.agentPinDraft);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const typed = (patch: Partial<typeof draft>) => {
    setOutcome(null);
    store.getState().agentPinTyped(patch);
  };
  const save = async () => {
    const result = await api.invoke('setAgentPin', { agentNo: draft.agentNo, name: draft.name, pin: draft.pin === '' ? null : draft.pin });
    if (result.ok) {
      setOutcome({ ok: true, text: t(draft.pin === '' ? 'pin.savedNoPin' : 'pin.saved', { agentNo: draft.agentNo }) });
      store.getState().agentPinTyped(null);
    } else {
      const issue = result.error.issues?.[0];
      setOutcome({ ok: false, text: issue ? t(`validation.${issue.code}` as MessageKey) : result.error.message });
    }
  };
  return (
    <section className="settings agent-pin-settings" data-testid="agent-pin-settings" aria-label={t('pin.title')}>
      <h3>{t('pin.title')}</h3>
      <p className="hint">{t('pin.hint')}</p>
      <label>
        {t('signIn.agentNo')}
        <input data-testid="agent-pin-no" inputMode="numeric" value={draft.agentNo} onChange={(e) => typed({ agentNo: e.target.value })} />
      </label>
      <label>
        {t('signIn.name')}
        <input data-testid="agent-pin-name" value={draft.name} onChange={(e) => typed({ name: e.target.value })} />
      </label>
      <label>
        {t('pin.pin')}
        <input data-testid="agent-pin-pin" type="password" inputMode="numeric" autoComplete="new-password" value={draft.pin} onChange={(e) => typed({ pin: e.target.value })} />
      </label>
      {outcome && (
        <p className={outcome.ok ? 'form-ok' : 'form-error'} role={outcome.ok ? 'status' : 'alert'} data-testid="agent-pin-outcome">
          {outcome.text}
        </p>
      )}
      <button type="button" data-testid="agent-pin-save" onClick={() => void save()}>
        {t('pin.save')}
      </button>
    </section>
  );
}

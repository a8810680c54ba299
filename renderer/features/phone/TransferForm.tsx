/**
 * Transfer the call: blind (REFER now) or attended (consult call first; the
 * caller is held by the core; then "complete" sends REFER with Replaces).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CallSnapshot } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { usePhoneCommand } from './use-phone-command.js';

export function TransferForm({ call, onClose }: { call: CallSnapshot; onClose: () => void }) {
  const t = useTranslate();
  const command = usePhoneCommand();
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const run = async (kind: 'transferBlind' | 'startConsultTransfer') => {
    setBusy(true);
    const result = await command(kind, { callId: call.id, target });
    setBusy(false);
    if (result.ok) onClose();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run('transferBlind');
  };
  const inputId = `transfer-${call.id}`;
  return (
    <form className="transfer-form" onSubmit={onSubmit} aria-label={t('phone.transfer.label')} data-testid="transfer-form">
      <label htmlFor={inputId}>{t('phone.transfer.target')}</label>
      <input
        id={inputId}
        ref={input}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        inputMode="tel"
        autoComplete="off"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      />
      <div className="transfer-actions">
        <button type="submit" disabled={busy}>
          {t('phone.transfer.blind')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('startConsultTransfer')}>
          {t('phone.transfer.consult')}
        </button>
        <button type="button" onClick={onClose}>
          {t('phone.transfer.close')}
        </button>
      </div>
    </form>
  );
}

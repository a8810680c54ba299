/** Outgoing calls: type or paste a number or SIP address, or use the pad; redial. */
import { useState, type ClipboardEvent, type FormEvent } from 'react';
import type { FieldIssue } from '../../../main/contract/index.js';
import { isMessageKey } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { padKeys } from './DtmfPad.js';
import { tidyDialInput } from './tidy-dial-input.js';
import { usePhoneCommand } from './use-phone-command.js';

export function Dialer() {
  const t = useTranslate();
  const command = usePhoneCommand();
  const lastDialed = useSeat((s) => s.lastDialed);
  const numberDialed = useSeat((s) => s.numberDialed);
  const [target, setTarget] = useState('');
  const [issue, setIssue] = useState<FieldIssue | null>(null);
  const [busy, setBusy] = useState(false);

  const dial = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    const result = await command('dial', { target });
    setBusy(false);
    if (result.ok) {
      numberDialed(target.trim());
      setTarget('');
      setIssue(null);
    } else {
      setIssue(result.error.issues?.[0] ?? null);
    }
  };

  const redial = async () => {
    setBusy(true);
    await command('redial', {});
    setBusy(false);
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text');
    if (!pasted) return;
    event.preventDefault();
    const el = event.currentTarget;
    const start = el.selectionStart ?? target.length;
    const end = el.selectionEnd ?? target.length;
    setTarget(tidyDialInput(target.slice(0, start) + pasted + target.slice(end)));
  };

  const issueKey = issue ? `validation.${issue.code}` : null;
  return (
    <form className="dialer" onSubmit={(e) => void dial(e)} aria-label={t('phone.dialer.label')} data-testid="dialer">
      <div className="dialer-row">
        <input
          aria-label={t('phone.dialer.input')}
          placeholder={t('phone.dialer.input')}
          value={target}
          inputMode="tel"
          autoComplete="off"
          aria-invalid={issue !== null}
          onChange={(e) => {
            setTarget(e.target.value);
            setIssue(null);
          }}
          onPaste={onPaste}
        />
        <button type="submit" className="dial" disabled={busy || target.trim() === ''}>
          {t('phone.dialer.dial')}
        </button>
        <button type="button" aria-label={t('phone.dialer.backspace')} onClick={() => setTarget(target.slice(0, -1))} disabled={target === ''}>
          ⌫
        </button>
      </div>
      {issue && issueKey && (
        <div className="field-error" role="alert">
          {isMessageKey(issueKey) ? t(issueKey) : issue.message}
        </div>
      )}
      <div className="keypad-grid" role="group" aria-label={t('phone.dialer.pad')}>
        {padKeys.map((k) => (
          <button key={k} type="button" onClick={() => setTarget(target + k)}>
            {k}
          </button>
        ))}
      </div>
      {lastDialed && (
        <button type="button" className="redial" disabled={busy} onClick={() => void redial()}>
          {t('phone.dialer.redial', { number: lastDialed })}
        </button>
      )}
    </form>
  );
}

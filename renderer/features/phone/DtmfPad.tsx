/** The in-call keypad: each key is sent to the caller at once (IVR menus, extensions). */
import { useState } from 'react';
import type { CallSnapshot } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { usePhoneCommand } from './use-phone-command.js';

export const padKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function DtmfPad({ call }: { call: CallSnapshot }) {
  const t = useTranslate();
  const command = usePhoneCommand();
  const [sent, setSent] = useState('');
  const send = async (digit: string) => {
    const result = await command('sendDtmf', { callId: call.id, digits: digit });
    if (result.ok) setSent((s) => (s + digit).slice(-32));
  };
  return (
    <div className="dtmf-pad" role="group" aria-label={t('phone.keypad.label')} data-testid="dtmf-pad">
      <div className="keypad-grid">
        {padKeys.map((k) => (
          <button key={k} type="button" onClick={() => void send(k)}>
            {k}
          </button>
        ))}
      </div>
      {sent && (
        <div className="dtmf-sent" aria-live="polite">
          {t('phone.keypad.sent', { digits: sent })}
        </div>
      )}
    </div>
  );
}

/**
 * The sign-in form shown on the desk while nobody is signed in. What is
 * typed lives in the store; the core checks the PIN and says which field is
 * wrong, shown in place.
 */
import { useState, type FormEvent } from 'react';
import type { FieldIssue } from '../../../main/contract/index.js';
import { isMessageKey } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import '../shift/shift.css';

export function SignInCard() {
  const t = useTranslate();
  const api = useApi();
  const draft = useSeat((s) => s.signInDraft);
  const typed = useSeat((s) => s.signInTyped);
  const shiftChanged = useSeat((s) => s.shiftChanged);
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api.invoke('signIn', { agentNo: draft.agentNo, name: draft.name, ...(draft.pin !== '' ? { pin: draft.pin } : {}) });
    setBusy(false);
    if (result.ok) {
      setIssues([]);
      setFailure(null);
      shiftChanged(result.value);
    } else {
      setIssues(result.error.issues ?? []);
      setFailure(result.error.issues?.length ? null : result.error.code === 'conflict' ? t('signIn.onCall') : t('signIn.failed', { message: result.error.message }));
    }
  };
  const issueText = (field: string) => {
    const issue = issues.find((i) => i.path === field);
    if (!issue) return null;
    const key = `validation.${issue.code}`;
    return isMessageKey(key) ? t(key) : issue.message;
  };
  const field = (name: 'agentNo' | 'name' | 'pin', label: string, extra: { inputMode?: 'numeric'; type?: string; autoComplete?: string }) => {
    const problem = issueText(name);
    return (
      <label className="sign-in-field">
        <span>{label}</span>
        <input
          name={name}
          value={draft[name]}
          aria-invalid={problem !== null}
          onChange={(e) => typed({ [name]: e.target.value })}
          {...extra}
        />
        {problem && <span className="field-error" role="alert">{problem}</span>}
      </label>
    );
  };
  return (
    <form className="sign-in card" onSubmit={(e) => void onSubmit(e)} data-testid="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t('signIn.title')}</h2>
      <p className="hint">{t('signIn.hint')}</p>
      {field('agentNo', t('signIn.agentNo'), { inputMode: 'numeric', autoComplete: 'username' })}
      {field('name', t('signIn.name'), { autoComplete: 'name' })}
      {field('pin', t('signIn.pin'), { inputMode: 'numeric', type: 'password', autoComplete: 'current-password' })}
      {failure && <p className="field-error" role="alert">{failure}</p>}
      <button type="submit" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}

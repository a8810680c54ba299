/** One labelled setting with its hint and its validation messages in place. */
import type { ReactNode } from 'react';
import { isMessageKey, type Translate } from '../../i18n/catalogue.js';
import type { PlacedIssue } from './settings-form.js';

export function issueText(t: Translate, issue: PlacedIssue): string {
  const key = `validation.${issue.code}`;
  const vars = { line: issue.line ?? 1, message: issue.message };
  return isMessageKey(key) ? t(key, vars) : t('validation.unknown', vars);
}

export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  issues?: readonly PlacedIssue[] | undefined;
  t: Translate;
  children: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode;
}) {
  const { id, label, hint, issues, t } = props;
  const described = [hint ? `${id}-hint` : '', issues?.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${issues?.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {props.children({ id, 'aria-invalid': Boolean(issues?.length), 'aria-describedby': described })}
      {hint && (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      )}
      {issues?.length ? (
        <div id={`${id}-error`} className="field-error" role="alert">
          {issues.map((issue, i) => (
            <div key={i}>{issueText(t, issue)}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

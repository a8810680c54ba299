/**
 * Survey settings (the mode and the IVR URI are on the seat profile, above):
 * auto-start on the agent's hang-up or only through 结束并邀请评价 and its
 * shortcut, the scale (digits, labels, which count as satisfied or
 * dissatisfied), the digit timeout and retries, the centre's own prompt
 * recordings, and the IVR results endpoint. The draft lives in the store.
 */
import { useEffect } from 'react';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { surveySettingsForm, type SurveySettingsForm } from '../../store/slices/survey-slice.js';
import { saveSurveySettings } from './survey-actions.js';

export function SurveySettingsSection() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const settings = useSeat((s) => s.surveySettings);
  const draft = useSeat((s) => s.surveySettingsDraft);
  const issues = useSeat((s) => s.surveySettingsIssues);
  useEffect(() => {
    void api.invoke('getSurveySettings', {}).then((r) => {
      if (r.ok && store.getState().surveySettingsDraft === null) store.getState().surveySettingsLoaded(r.value);
    });
  }, [api, store]);
  if (!settings) return null;
  const form = draft ?? surveySettingsForm(settings);
  const type = (patch: Partial<SurveySettingsForm>) => store.getState().surveySettingsTyped(patch);
  const bad = (name: string) => (issues.some((p) => p === name || p.startsWith(`${name}.`)) ? 'invalid' : undefined);
  const text = (name: keyof SurveySettingsForm & string, label: string) => (
    <label>
      {label}
      <input data-testid={`survey-${name}`} className={bad(name)} value={String(form[name])} onChange={(e) => type({ [name]: e.target.value })} />
    </label>
  );
  return (
    <section className="settings survey-settings" data-testid="survey-settings" aria-label={t('survey.settings')}>
      <h3>{t('survey.settings')}</h3>
      <label>
        <input type="checkbox" data-testid="survey-autoStart" checked={form.autoStart} onChange={(e) => type({ autoStart: e.target.checked })} />
        {t('survey.settings.autoStart')}
      </label>
      <label>
        <input type="checkbox" data-testid="survey-holdAgent" checked={form.holdAgent} onChange={(e) => type({ holdAgent: e.target.checked })} />
        {t('survey.settings.holdAgent')}
      </label>
      {text('shortcut', t('survey.settings.shortcut'))}
      <label>
        {t('survey.settings.scale')}
        <textarea data-testid="survey-scale" className={bad('scale')} rows={5} value={form.scale} onChange={(e) => type({ scale: e.target.value })} />
      </label>
      {text('timeoutSeconds', t('survey.settings.timeout'))}
      {text('retries', t('survey.settings.retries'))}
      {text('promptInvite', t('survey.settings.promptInvite'))}
      {text('promptInvalid', t('survey.settings.promptInvalid'))}
      {text('promptThanks', t('survey.settings.promptThanks'))}
      {text('resultsUrl', t('survey.settings.resultsUrl'))}
      {text('pollSeconds', t('survey.settings.pollSeconds'))}
      {issues.length > 0 && (
        <p className="form-error" role="alert">
          {t('survey.settings.invalid', { fields: issues.join(', ') })}
        </p>
      )}
      <button type="button" data-testid="survey-settings-save" onClick={() => void saveSurveySettings(api, store, form)}>
        {t('survey.settings.save')}
      </button>
    </section>
  );
}

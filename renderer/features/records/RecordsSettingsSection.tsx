/**
 * Records settings: categories with their work-order deadlines, required
 * wrap-up fields, repeat-caller and escalation thresholds, departments, the
 * remote lookup URL and the records endpoint's token (write-only, sealed
 * like the SIP password). The draft lives in the store until saved.
 */
import { useEffect } from 'react';
import type { RecordsSettingsInput, WrapUpFieldName } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { recordsSettingsForm, type RecordsSettingsForm } from '../../store/slices/records-slice.js';

const fieldNames: readonly WrapUpFieldName[] = ['category', 'subTopic', 'notes', 'outcome'];

export function inputFromRecordsForm(form: RecordsSettingsForm): RecordsSettingsInput {
  const categories = form.categories
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', days = '', flag = ''] = line.split(/\s+/);
      return { name, deadlineDays: Number(days), escalates: flag === '!' };
    });
  return {
    categories,
    requiredFields: form.requiredFields as WrapUpFieldName[],
    repeatCallerThreshold: Number(form.repeatCallerThreshold),
    escalationThreshold: Number(form.escalationThreshold),
    departments: form.departments.split('\n').map((d) => d.trim()).filter((d) => d !== ''),
    lookupUrlTemplate: form.lookupUrlTemplate,
    ...(form.uploadToken !== '' ? { uploadToken: form.uploadToken } : {}),
    ...(form.clearUploadToken ? { clearUploadToken: true } : {}),
  };
}

export function RecordsSettingsSection() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const view = useSeat((s) => s.recordsSettings);
  const draft = useSeat((s) => s.recordsSettingsDraft);
  const issues = useSeat((s) => s.recordsSettingsIssues);
  useEffect(() => {
    void api.invoke('getRecordsSettings', {}).then((r) => {
      if (r.ok && store.getState().recordsSettingsDraft === null) store.getState().recordsSettingsLoaded(r.value);
    });
  }, [api, store]);
  if (!view) return null;
  const form = draft ?? recordsSettingsForm(view);
  const type = (patch: Partial<RecordsSettingsForm>) => store.getState().recordsSettingsTyped(patch);
  const bad = (prefix: string) => (issues.some((p) => p === prefix || p.startsWith(`${prefix}.`)) ? 'invalid' : undefined);
  const save = async () => {
    const result = await api.invoke('saveRecordsSettings', inputFromRecordsForm(form));
    if (result.ok) store.getState().recordsSettingsLoaded(result.value);
    else store.getState().recordsSettingsRefused(result.error.issues?.map((i) => i.path) ?? ['?']);
  };
  return (
    <section className="settings records-settings" data-testid="records-settings" aria-label={t('records.settings')}>
      <h3>{t('records.settings')}</h3>
      <label>
        {t('records.settings.categories')}
        <textarea data-testid="records-categories" className={bad('categories')} rows={6} value={form.categories} onChange={(e) => type({ categories: e.target.value })} />
      </label>
      <fieldset>
        <legend>{t('records.settings.required')}</legend>
        {fieldNames.map((f) => (
          <label key={f}>
            <input
              type="checkbox"
              checked={form.requiredFields.includes(f)}
              onChange={(e) => type({ requiredFields: e.target.checked ? [...form.requiredFields, f] : form.requiredFields.filter((x) => x !== f) })}
            />
            {t(`records.settings.field.${f}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('records.settings.repeat')}
        <input type="number" className={bad('repeatCallerThreshold')} value={form.repeatCallerThreshold} onChange={(e) => type({ repeatCallerThreshold: e.target.value })} />
      </label>
      <label>
        {t('records.settings.escalation')}
        <input type="number" className={bad('escalationThreshold')} value={form.escalationThreshold} onChange={(e) => type({ escalationThreshold: e.target.value })} />
      </label>
      <label>
        {t('records.settings.departments')}
        <textarea rows={3} className={bad('departments')} value={form.departments} onChange={(e) => type({ departments: e.target.value })} />
      </label>
      <label>
        {t('records.settings.lookup')}
        <input data-testid="records-lookup-url" className={bad('lookupUrlTemplate')} value={form.lookupUrlTemplate} onChange={(e) => type({ lookupUrlTemplate: e.target.value })} />
      </label>
      <label>
        {t('records.settings.token')}
        <input type="password" autoComplete="off" className={bad('uploadToken')} value={form.uploadToken} placeholder={view.hasUploadToken ? t('records.settings.tokenSaved') : ''} onChange={(e) => type({ uploadToken: e.target.value })} />
      </label>
      {view.hasUploadToken && (
        <label>
          <input type="checkbox" checked={form.clearUploadToken} onChange={(e) => type({ clearUploadToken: e.target.checked })} />
          {t('records.settings.clearToken')}
        </label>
      )}
      <button type="button" data-testid="records-settings-save" onClick={() => void save()}>
        {t('records.settings.save')}
      </button>
      {issues.length > 0 && <p className="invalid">{t('records.required')}</p>}
    </section>
  );
}

/**
 * Reads and writes the seat profile through the contract. The core
 * validates; each message appears under its field, nothing typed is lost.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import { Field } from './Field.js';
import { formFromProfile, inputFromForm, sameForm, type FieldName, type SettingsForm } from './settings-form.js';
import { useAudioDevices } from './use-audio-devices.js';
import { RecordsSettingsSection } from '../records/RecordsSettingsSection.js';
import { SurveySettingsSection } from '../survey/SurveySettingsSection.js';
import { AgentPinSection } from '../shift/AgentPinSection.js';
import { ProvisioningSection } from './ProvisioningSection.js';

export function SettingsView() {
  const t = useTranslate();
  const profile = useSeat((s) => s.profile);
  if (!profile) return <section className="settings">{t('connection.connecting')}</section>;
  return (
    <>
      <SettingsEditor profile={profile} />
      {/* records settings (renderer/features/records): their own draft and save */}
      <RecordsSettingsSection />
      {/* survey settings (renderer/features/survey): their own draft and save */}
      <SurveySettingsSection />
      {/* agents and their PINs (renderer/features/shift): the centre's roster at this seat */}
      <AgentPinSection />
      <ProvisioningSection />
    </>
  );
}

/**
 * The form shows the draft in the store (what the agent typed, kept across
 * view changes), else the profile. Profile pushes never clobber a draft.
 */
function SettingsEditor({ profile }: { profile: ProfileView }) {
  const t = useTranslate();
  const api = useApi();
  const draft = useSeat((s) => s.settingsDraft);
  const issues = useSeat((s) => s.settingsIssues);
  const save = useSeat((s) => s.settingsSave);
  const fieldEdited = useSeat((s) => s.settingsFieldEdited);
  const saveStarted = useSeat((s) => s.settingsSaveStarted);
  const saved = useSeat((s) => s.settingsSaved);
  const rejected = useSeat((s) => s.settingsRejected);
  const saveFailed = useSeat((s) => s.settingsSaveFailed);
  const discarded = useSeat((s) => s.settingsDiscarded);
  const devices = useAudioDevices();
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const base = useMemo(() => formFromProfile(profile), [profile]);
  const form = draft?.form ?? base;
  const unsaved = draft !== null && !sameForm(draft.form, base);

  const set = <K extends FieldName>(name: K, value: SettingsForm[K]) => fieldEdited(base, name, value);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const revision = draft?.revision ?? 0;
    saveStarted();
    const result = await api.invoke('saveProfile', inputFromForm(form));
    if (result.ok) saved(result.value, revision);
    else if (result.error.code === 'invalid' && result.error.issues) rejected(result.error.issues);
    else saveFailed(result.error.message);
  };

  const text = (name: FieldName, options: { hint?: boolean; type?: string; autoComplete?: string } = {}) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}` as never)} hint={options.hint ? t(`settings.${name}.hint` as never) : undefined} issues={issues[name]} t={t}>
      {(a11y) => (
        <input
          {...a11y}
          name={name}
          type={options.type ?? 'text'}
          autoComplete={options.autoComplete ?? 'off'}
          value={form[name] as string}
          onChange={(e) => set(name, e.target.value)}
        />
      )}
    </Field>
  );

  const multiline = (name: FieldName) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}` as never)} hint={t(`settings.${name}.hint` as never)} issues={issues[name]} t={t}>
      {(a11y) => <textarea {...a11y} name={name} rows={3} spellCheck={false} value={form[name] as string} onChange={(e) => set(name, e.target.value)} />}
    </Field>
  );

  const choice = (name: FieldName, options: readonly (string | number)[], label = (o: string | number) => t(`settings.${name}.${o}` as never)) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}` as never)} issues={issues[name]} t={t}>
      {(a11y) => (
        <select {...a11y} name={name} value={form[name] as string} onChange={(e) => set(name, e.target.value)}>
          {options.map((o) => (
            <option key={o} value={String(o)}>
              {label(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const device = (name: 'microphoneId' | 'speakerId' | 'ringDeviceId', list: readonly MediaDeviceInfo[]) => (
    <Field id={`settings-${name}`} label={t(`settings.${name}`)} issues={issues[name]} t={t}>
      {(a11y) => (
        <select {...a11y} name={name} value={form[name]} onChange={(e) => set(name, e.target.value)}>
          <option value="">{t('settings.device.default')}</option>
          {list.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('settings.device.unnamed', { n: i + 1 })}
            </option>
          ))}
          {form[name] !== '' && !list.some((d) => d.deviceId === form[name]) && <option value={form[name]}>{form[name]}</option>}
        </select>
      )}
    </Field>
  );

  return (
    <form className="settings" onSubmit={onSubmit} noValidate aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <fieldset>
        <legend>{t('settings.section.seat')}</legend>
        {text('agentNumber', { hint: true })}
        {choice('language', ['zh-CN', 'en'])}
      </fieldset>
      <fieldset>
        <legend>{t('settings.section.sip')}</legend>
        {multiline('sipServers')}
        {text('sipUri', { hint: true })}
        {text('authUser', { hint: true })}
        <Field id="settings-password" label={t('settings.password')} hint={t(`settings.password.protection.${profile.passwordProtection}`)} issues={issues.password} t={t}>
          {(a11y) => (
            <input
              {...a11y}
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={profile.hasPassword ? t('settings.password.stored') : t('settings.password.none')}
              value={form.password}
              onChange={(e) => set('password', e.target.value)}
            />
          )}
        </Field>
        {profile.hasPassword && (
          <label className="checkbox">
            <input type="checkbox" name="clearPassword" checked={form.clearPassword} onChange={(e) => set('clearPassword', e.target.checked)} />
            {t('settings.password.clear')}
          </label>
        )}
        {text('registerExpires', { type: 'number' })}
        {choice('dtmfMode', ['rfc4733', 'info'])}
        {multiline('iceServers')}
        {text('iceGatheringTimeoutMs', { type: 'number' })}
        {multiline('contextHeaders')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.section.calls')}</legend>
        {choice('autoAnswer', ['never', 'when-requested', 'always'])}
        {text('wrapUpSeconds', { type: 'number' })}
        {choice('notReadyRejectCode', [486, 480, 603], String)}
        {choice('surveyMode', ['in-call', 'ivr-transfer', 'agent-recorded', 'off'])}
        {text('surveyIvrUri')}
        {text('echoNumber', { hint: true })}
        <label className="checkbox">
          <input
            type="checkbox"
            name="selfCheckBlocksReady"
            checked={form.selfCheckBlocksReady}
            onChange={(e) => set('selfCheckBlocksReady', e.target.checked)}
          />
          {t('settings.selfCheckBlocksReady')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('settings.section.centre')}</legend>
        {text('kbSourceUrl', { hint: true, type: 'url' })}
        {text('kbPublicKey', { hint: true })}
        {text('recordsUploadUrl', { type: 'url' })}
        {multiline('trustedCaPem')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.section.audio')}</legend>
        {device('microphoneId', devices.inputs)}
        {device('speakerId', devices.outputs)}
        {device('ringDeviceId', devices.outputs)}
      </fieldset>
      <fieldset>
        <legend>{t('settings.section.shortcuts')}</legend>
        {text('shortcutAnswer', { hint: true })}
        {text('shortcutHangup')}
        {text('shortcutHold')}
        {text('shortcutMute')}
        {text('shortcutTransfer')}
        <label className="checkbox">
          <input type="checkbox" name="globalShortcuts" checked={form.globalShortcuts} onChange={(e) => set('globalShortcuts', e.target.checked)} />
          {t('settings.globalShortcuts')}
        </label>
      </fieldset>
      <div className="settings-actions">
        <button type="submit" disabled={save.kind === 'saving'}>
          {save.kind === 'saving' ? t('settings.saving') : t('settings.save')}
        </button>
        {unsaved && !confirmingDiscard && (
          <button type="button" className="secondary" onClick={() => setConfirmingDiscard(true)}>
            {t('settings.discard')}
          </button>
        )}
        {unsaved && confirmingDiscard && (
          <span role="alertdialog" aria-label={t('settings.discard.confirm')} className="discard-confirm">
            {t('settings.discard.confirm')}
            <button
              type="button"
              onClick={() => {
                discarded();
                setConfirmingDiscard(false);
              }}
            >
              {t('settings.discard.yes')}
            </button>
            <button type="button" onClick={() => setConfirmingDiscard(false)}>
              {t('settings.discard.no')}
            </button>
          </span>
        )}
        {unsaved && save.kind !== 'saving' && (
          <span className="unsaved" data-testid="settings-unsaved">
            {t('settings.unsaved')}
          </span>
        )}
        <span className={`save-state save-${save.kind}`} role="status" data-testid="save-state">
          {save.kind === 'saved' && t('settings.saved')}
          {save.kind === 'invalid' && t('settings.invalid', { count: save.count })}
          {save.kind === 'failed' && t('error.generic', { message: save.message })}
        </span>
      </div>
    </form>
  );
}

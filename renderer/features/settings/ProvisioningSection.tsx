/**
 * Settings: where this seat's profile comes from and moving it between seats.
 * - 集中配置 (remote provisioning, `--provision`): the source, the revision
 *   applied and the last check's outcome (why a document was not applied);
 *   the seat code typed once that picks this seat's values in the document.
 * - 导出 / 导入: this seat's settings as a file (no password, no devices),
 *   and applying such a file (checked by the same rules as the form).
 */
import { useRef } from 'react';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';

export function ProvisioningSection() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const status = useSeat((s) => s.provisioning);
  const seatCodeDraft = useSeat((s) => s.seatCodeDraft);
  const transfer = useSeat((s) => s.settingsTransfer);
  const fileInput = useRef<HTMLInputElement>(null);
  const seatCode = seatCodeDraft ?? status?.seatCode ?? '';
  const actions = store.getState();

  const saveSeatCode = async () => {
    const result = await api.invoke('setSeatCode', { code: seatCode.trim() });
    if (result.ok) {
      actions.provisioningChanged(result.value);
      actions.seatCodeTyped(null);
    } else {
      actions.settingsTransferred({ kind: 'failed', message: result.error.message });
    }
  };

  const exportSettings = async () => {
    const result = await api.invoke('exportProfile', {});
    if (!result.ok) return actions.settingsTransferred({ kind: 'failed', message: result.error.message });
    const blob = new Blob([`${JSON.stringify(result.value.document, null, 2)}\n`], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = result.value.fileName;
    link.click();
    URL.revokeObjectURL(link.href);
    actions.settingsTransferred({ kind: 'exported', fileName: result.value.fileName });
  };

  const importSettings = async (file: File) => {
    let document: unknown;
    try {
      document = JSON.parse(await file.text()) as unknown;
    } catch (error) {
      return actions.settingsTransferred({ kind: 'failed', message: t('provisioning.notJson', { error: (error as Error).message }) });
    }
    const result = await api.invoke('importProfile', { document });
    if (!result.ok) return actions.settingsTransferred({ kind: 'failed', message: result.error.message });
    actions.provisioningChanged(result.value);
    actions.settingsTransferred({ kind: 'imported' });
  };

  return (
    <section className="settings provisioning-settings" data-testid="provisioning-settings" aria-label={t('provisioning.title')}>
      <h3>{t('provisioning.title')}</h3>
      <p data-testid="provisioning-status">
        {status?.source
          ? t('provisioning.source', { source: status.source, revision: status.appliedRevision ?? '—' })
          : t('provisioning.none')}
        {status?.outcome && status.outcome !== 'applied' && status.outcome !== 'unchanged' && status.message && (
          <span className="form-error"> {t('provisioning.lastCheckFailed', { message: status.message })}</span>
        )}
      </p>
      <label>
        {t('provisioning.seatCode')}
        <input data-testid="seat-code" value={seatCode} onChange={(e) => actions.seatCodeTyped(e.target.value)} />
      </label>
      <p className="hint">{t('provisioning.seatCodeHint', { hostname: status?.hostname ?? '' })}</p>
      <button type="button" data-testid="seat-code-save" disabled={seatCodeDraft === null} onClick={() => void saveSeatCode()}>
        {t('provisioning.seatCodeSave')}
      </button>
      <div className="settings-actions">
        <button type="button" data-testid="settings-export" onClick={() => void exportSettings()}>
          {t('provisioning.export')}
        </button>
        <button type="button" data-testid="settings-import" onClick={() => fileInput.current?.click()}>
          {t('provisioning.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="settings-import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importSettings(file);
          }}
        />
      </div>
      {transfer && (
        <p className={transfer.kind === 'failed' ? 'form-error' : 'form-ok'} role={transfer.kind === 'failed' ? 'alert' : 'status'} data-testid="settings-transfer">
          {transfer.kind === 'exported'
            ? t('provisioning.exported', { fileName: transfer.fileName })
            : transfer.kind === 'imported'
              ? t('provisioning.imported')
              : t('provisioning.failed', { message: transfer.message })}
        </p>
      )}
    </section>
  );
}

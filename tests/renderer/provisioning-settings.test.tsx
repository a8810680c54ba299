/**
 * Settings → 集中配置与导出/导入 with the one fake API: where the profile came
 * from (and why the last document was not applied), the seat code typed once,
 * and one seat's settings exported to a file and imported from one.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvisioningStatus } from '../../main/contract/index.js';
import { SettingsView } from '../../renderer/features/settings/SettingsView.js';
import { createFakeApi, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

const status: ProvisioningStatus = {
  source: 'https://centre.test/seats.json',
  seatCode: null,
  hostname: 'hl-seat-07',
  appliedRevision: 6,
  appliedAt: '2026-12-06T01:00:00.000Z',
  checkedAt: '2026-12-06T03:00:00.000Z',
  outcome: 'rejected',
  message: 'revision 7 rejected: sipUri: SIP URI must look like sip:1001@example.org.; keeping the current profile',
};

describe('provisioning and settings export/import', () => {
  beforeEach(() => {
    // jsdom has no blob URLs; the download itself is the browser's.
    URL.createObjectURL = vi.fn(() => 'blob:settings');
    URL.revokeObjectURL = vi.fn();
    // jsdom's File has no text(); Chromium's has.
    if (typeof Blob.prototype.text !== 'function') {
      Blob.prototype.text = function text(this: Blob) {
        return new Promise<string>((resolve) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.readAsText(this);
        });
      };
    }
  });

  it('says where the profile came from and why the last document was not applied; saves the seat code', async () => {
    const api = createFakeApi();
    api.handle('getProvisioning', () => status);
    api.handle('setSeatCode', ({ code }) => ({ ...status, seatCode: code, outcome: 'applied', appliedRevision: 7, message: null }));
    const { store } = await renderWithSeat(<SettingsView />, api);
    await waitFor(() => expect(screen.getByTestId('provisioning-status').textContent).toContain('集中配置：https://centre.test/seats.json，已应用第 6 版。'));
    expect(screen.getByTestId('provisioning-status').textContent).toContain('上次检查未应用：revision 7 rejected: sipUri');
    expect(screen.getByText(/留空则按主机名 hl-seat-07/)).toBeTruthy();

    fireEvent.change(screen.getByTestId('seat-code'), { target: { value: ' 07 ' } });
    expect(store.getState().seatCodeDraft).toBe(' 07 ');
    fireEvent.click(screen.getByTestId('seat-code-save'));
    await waitFor(() => expect(screen.getByTestId('provisioning-status').textContent).toContain('已应用第 7 版'));
    expect(api.sent('setSeatCode')).toEqual([{ code: '07' }]);
    expect(store.getState().seatCodeDraft).toBeNull();
  });

  it('exports this seat’s settings as a file and imports one, saying what went wrong with a bad file', async () => {
    const api = createFakeApi();
    api.handle('getProvisioning', () => ({ ...status, source: null, outcome: null, message: null }));
    const document = { hotseat: 'provisioning/1' as const, revision: 0, profile: { wrapUpSeconds: 45 }, seats: {} };
    api.handle('exportProfile', () => ({ document, fileName: 'hotseat-settings-20261206.json' }));
    api.handle('importProfile', () => ({ ...status, source: null, outcome: null, message: null }));
    await renderWithSeat(<SettingsView />, api);
    await screen.findByText(/本座席未使用集中配置/);

    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByTestId('settings-export'));
    await waitFor(() => expect(screen.getByTestId('settings-transfer').textContent).toBe('已导出 hotseat-settings-20261206.json（不含密码和音频设备）。'));
    expect(clicked).toHaveBeenCalledOnce();

    const good = new File([JSON.stringify(document)], 'seat.json', { type: 'application/json' });
    fireEvent.change(screen.getByTestId('settings-import-file'), { target: { files: [good] } });
    await waitFor(() => expect(screen.getByTestId('settings-transfer').textContent).toBe('已导入设置文件。'));
    expect(api.sent('importProfile')).toEqual([{ document }]);

    const bad = new File(['{"hotseat": '], 'broken.json', { type: 'application/json' });
    fireEvent.change(screen.getByTestId('settings-import-file'), { target: { files: [bad] } });
    await waitFor(() => expect(screen.getByTestId('settings-transfer').textContent).toMatch(/^未能导出\/导入：文件不是 JSON：/));
    expect(api.sent('importProfile')).toHaveLength(1);
  });
});

/**
 * The trusted-CA setting in the settings form: pasted PEM is sent as typed
 * (the contract trims it in the core), and the core's reason for refusing a
 * certificate shows under the field in the agent's language.
 */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, type ProfileView, type SeatStatus, type ValidProfileInput } from '../../main/contract/index.js';
import { createFakeApi } from './support/fake-api.js';
import { renderSeat } from './support/render-seat.js';

afterEach(cleanup);

// A fresh seat (as the settings-view tests open it): the seat's SIP fields are typed in the form.
const view: ProfileView = { ...defaultProfile, hasPassword: false, passwordProtection: 'key-file', updatedAt: null };
const status: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };
const pem = `-----BEGIN CERTIFICATE-----\n${'MIIB'.repeat(16)}\n${'AbCd'.repeat(8)}\n-----END CERTIFICATE-----`;

async function openSettings() {
  fireEvent.click(await screen.findByRole('button', { name: '打开设置' }));
  await screen.findByRole('heading', { name: '坐席设置' });
  const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  type('座席号', '1007');
  type('SIP 服务器', 'wss://sip.centre.test/ws');
  type('SIP 地址', 'sip:1007@sip.test');
}

describe('trusted CA setting', () => {
  it('sends the pasted certificate and shows it again after saving', async () => {
    let stored = view;
    const api = createFakeApi({
      getProfile: () => stored,
      getStatus: () => status,
      saveProfile: (input) => {
        const { password: _p, clearPassword: _c, ...profile } = input as ValidProfileInput;
        stored = { ...stored, ...profile, updatedAt: '2026-12-06T04:00:00Z' };
        return stored;
      },
    });
    renderSeat(api);
    await openSettings();
    fireEvent.change(screen.getByLabelText('信任的 CA 证书（PEM）'), { target: { value: `\n${pem}\n\n` } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('已保存');
    const sent = api.calls.find((c) => c.method === 'saveProfile')!.params as Record<string, unknown>;
    expect(String(sent.trustedCaPem).trim()).toBe(pem);
    expect((screen.getByLabelText('信任的 CA 证书（PEM）') as HTMLTextAreaElement).value.trim()).toBe(pem);
  });

  it('shows why the core refused a certificate, under the field', async () => {
    const api = createFakeApi({
      getProfile: () => view,
      getStatus: () => status,
      saveProfile: () => ({
        ok: false,
        error: {
          code: 'invalid',
          message: 'Certificate 1 (CN=sip.centre.test) is not a CA certificate.',
          issues: [{ path: 'trustedCaPem', code: 'trustedCaPem.notCa', message: 'Certificate 1 (CN=sip.centre.test) is not a CA certificate.' }],
        },
      }),
    });
    renderSeat(api);
    await openSettings();
    fireEvent.change(screen.getByLabelText('信任的 CA 证书（PEM）'), { target: { value: pem } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('有一张证书不是 CA 证书：请粘贴中心的 CA 证书，而不是服务器证书。')).toBeTruthy();
    expect(screen.getByLabelText('信任的 CA 证书（PEM）').getAttribute('aria-invalid')).toBe('true');
  });
});

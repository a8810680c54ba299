import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, type ProfileView, type SeatStatus, type ValidProfileInput } from '../../main/contract/index.js';
import { createFakeApi } from './support/fake-api.js';
import { renderSeat } from './support/render-seat.js';

afterEach(cleanup);

const freshView: ProfileView = { ...defaultProfile, hasPassword: false, passwordProtection: 'key-file', updatedAt: null };
const unknownStatus: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };

function seat() {
  let stored: ProfileView = freshView;
  const api = createFakeApi({
    getProfile: () => stored,
    getStatus: () => unknownStatus,
    saveProfile: (input) => {
      const { password, clearPassword: _c, ...profile } = input as ValidProfileInput;
      stored = { ...profile, hasPassword: stored.hasPassword || Boolean(password), passwordProtection: 'key-file', updatedAt: '2026-11-23T08:00:00Z' };
      return stored;
    },
  });
  return { api, ...renderSeat(api) };
}

async function openSettings() {
  fireEvent.click(await screen.findByRole('button', { name: '打开设置' }));
  await screen.findByRole('heading', { name: '坐席设置' });
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('settings view', () => {
  it('shows each validation message under its field and keeps what was typed', async () => {
    const { api } = seat();
    await openSettings();
    type('座席号', '12ab');
    type('SIP 服务器', 'ws://sip.test/ws\nhttp://wrong.test');
    type('SIP 地址', 'sip:1007@sip.test');
    type('注册有效期（秒）', '10');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('座席号应为 1–8 位数字。')).toBeTruthy();
    expect(screen.getByText('第 2 行不是有效的 ws:// 或 wss:// 地址（不能包含用户名密码）。')).toBeTruthy();
    expect(screen.getByText('注册有效期应为 60–3600 之间的整数秒。')).toBeTruthy();
    expect(screen.getByLabelText('座席号').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('SIP 地址').getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByTestId('save-state').textContent).toBe('有 3 项需要修改，见下方红字提示。');
    expect((screen.getByLabelText('座席号') as HTMLInputElement).value).toBe('12ab');
    expect(api.calls.filter((c) => c.method === 'saveProfile')).toHaveLength(1);
  });

  it('sends numbers as numbers and lines as lists, and never sends an empty password', async () => {
    const { api, store } = seat();
    await openSettings();
    type('座席号', '1007');
    type('SIP 服务器', ' ws://a.test/ws \n\nwss://b.test/ws');
    type('SIP 地址', 'sip:1007@sip.test');
    type('话后处理时长（秒）', '45');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await screen.findByText('已保存');
    const sent = api.calls.find((c) => c.method === 'saveProfile')!.params as Record<string, unknown>;
    expect(sent).toMatchObject({ sipServers: ['ws://a.test/ws', 'wss://b.test/ws'], wrapUpSeconds: 45, registerExpires: 300 });
    expect(sent).not.toHaveProperty('password');
    expect(store.getState().profile?.agentNumber).toBe('1007');
    expect(screen.getByText('Hotseat 坐席 · 1007')).toBeTruthy();
  });

  it('says when saving failed for another reason', async () => {
    const api = createFakeApi({
      getProfile: () => freshView,
      getStatus: () => unknownStatus,
      saveProfile: () => ({ ok: false, error: { code: 'unavailable', message: 'the core is restarting' } }),
    });
    renderSeat(api);
    await openSettings();
    type('座席号', '1007');
    type('SIP 服务器', 'ws://a.test/ws');
    type('SIP 地址', 'sip:1007@sip.test');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.getByTestId('save-state').textContent).toBe('操作失败：the core is restarting'));
  });

  it('switches the whole frame to English when the profile says so', async () => {
    const api = createFakeApi({ getProfile: () => ({ ...freshView, language: 'en' }), getStatus: () => unknownStatus });
    renderSeat(api);
    expect(await screen.findByRole('button', { name: 'Open settings' })).toBeTruthy();
    expect(screen.getByTestId('registration-state').textContent).toBe('Registration：unknown');
  });
});

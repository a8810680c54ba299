/**
 * What the agent types in the settings survives until it is saved or
 * discarded: leaving the view (the Desk button, Ctrl+K, F3) keeps it,
 * discarding asks first, and the answer to a save never overwrites what was
 * typed while that save was in flight.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, type ProfileView, type SeatStatus, type ValidProfileInput } from '../../main/contract/index.js';
import { call } from './phone-support.js';
import { createFakeApi } from './support/fake-api.js';
import { renderSeat } from './support/render-seat.js';

afterEach(cleanup);

const freshView: ProfileView = { ...defaultProfile, hasPassword: false, passwordProtection: 'key-file', updatedAt: null };
const unknownStatus: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };

function seat() {
  let stored: ProfileView = freshView;
  let release: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  const api = createFakeApi({
    getProfile: () => stored,
    getStatus: () => unknownStatus,
    saveProfile: (input) => {
      const { password: _p, clearPassword: _c, ...profile } = input as ValidProfileInput;
      stored = { ...profile, hasPassword: false, passwordProtection: 'key-file', updatedAt: '2026-12-06T08:00:00Z' };
      return stored;
    },
  });
  const invoke = api.invoke.bind(api);
  (api as { invoke: typeof api.invoke }).invoke = async (method, params) => {
    if (method === 'saveProfile' && gate) await gate;
    return invoke(method, params);
  };
  const holdSaves = () => {
    gate = new Promise<void>((resolve) => (release = resolve));
  };
  return { api, holdSaves, release: () => release(), ...renderSeat(api) };
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });

async function openSettings() {
  fireEvent.click(await screen.findByRole('button', { name: '设置' }));
  await screen.findByLabelText('座席号');
}

function fillRequired() {
  type('座席号', '1007');
  type('SIP 服务器', 'ws://a.test/ws');
  type('SIP 地址', 'sip:1007@sip.test');
}

describe('settings draft', () => {
  it('keeps typed changes when the view changes (Desk button, Ctrl+K, F3) and comes back', async () => {
    seat();
    await openSettings();
    fillRequired();
    type('话后处理时长（秒）', '45');
    expect(screen.getByTestId('settings-unsaved').textContent).toBe('有未保存的修改');

    fireEvent.click(screen.getByRole('button', { name: '工作台' }));
    expect(screen.queryByLabelText('座席号')).toBeNull();
    await openSettings();
    expect(field('座席号').value).toBe('1007');
    expect(field('话后处理时长（秒）').value).toBe('45');

    fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
    await waitFor(() => expect(screen.queryByLabelText('座席号')).toBeNull());
    await openSettings();
    expect(field('SIP 地址').value).toBe('sip:1007@sip.test');

    fireEvent.keyDown(window, { key: 'F3', code: 'F3' });
    await waitFor(() => expect(screen.queryByLabelText('座席号')).toBeNull());
    await openSettings();
    expect(field('SIP 服务器').value).toBe('ws://a.test/ws');
    expect(field('话后处理时长（秒）').value).toBe('45');
  });

  it('keeps typed changes when the transfer shortcut takes the agent to the desk', async () => {
    const { api, store } = seat();
    await openSettings();
    type('座席号', '1007');
    act(() => api.emit('callsChanged', { calls: [call({ state: 'active', answeredAt: Date.now() })] }));
    act(() => api.emit('shortcutPressed', { action: 'transfer' }));
    expect(store.getState().view).toBe('desk');
    await waitFor(() => expect(screen.queryByLabelText('座席号')).toBeNull());
    await openSettings();
    expect(field('座席号').value).toBe('1007');
  });

  it('asks before discarding, and discards only when confirmed', async () => {
    seat();
    await openSettings();
    type('座席号', '1007');
    fireEvent.click(screen.getByRole('button', { name: '放弃修改' }));
    expect(screen.getByRole('alertdialog', { name: '放弃未保存的修改？' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '继续编辑' }));
    expect(field('座席号').value).toBe('1007');

    fireEvent.click(screen.getByRole('button', { name: '放弃修改' }));
    fireEvent.click(screen.getByRole('button', { name: '放弃' }));
    expect(field('座席号').value).toBe(freshView.agentNumber);
    expect(screen.queryByTestId('settings-unsaved')).toBeNull();
  });

  it('never overwrites what was typed while a save was in flight with that save’s answer', async () => {
    const { api, holdSaves, release, store } = seat();
    await openSettings();
    fillRequired();
    holdSaves();
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByRole('button', { name: '正在保存…' });
    // Typed after the save was sent, then the view changed and came back.
    type('话后处理时长（秒）', '45');
    fireEvent.click(screen.getByRole('button', { name: '工作台' }));
    await act(async () => release());
    await waitFor(() => expect(store.getState().settingsSave.kind).toBe('saved'));
    await openSettings();

    const sent = api.calls.find((c) => c.method === 'saveProfile')!.params as Record<string, unknown>;
    expect(sent).toMatchObject({ agentNumber: '1007', wrapUpSeconds: defaultProfile.wrapUpSeconds });
    expect(store.getState().profile?.agentNumber).toBe('1007');
    expect(field('座席号').value).toBe('1007');
    expect(field('话后处理时长（秒）').value).toBe('45');
    expect(screen.getByTestId('settings-unsaved').textContent).toBe('有未保存的修改');

    // Saving again sends the newer typing; then nothing is left unsaved.
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('已保存');
    expect(api.calls.filter((c) => c.method === 'saveProfile').at(-1)!.params).toMatchObject({ wrapUpSeconds: 45 });
    expect(screen.queryByTestId('settings-unsaved')).toBeNull();
    expect(field('话后处理时长（秒）').value).toBe('45');
  });

  it('asks before the page is closed or reloaded while settings are unsaved (browser mode)', async () => {
    seat();
    await openSettings();
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    type('座席号', '1007');
    fireEvent.click(screen.getByRole('button', { name: '工作台' }));
    expect(unload()).toBe(true);
    await openSettings();
    type('座席号', freshView.agentNumber);
    expect(unload()).toBe(false);
  });
});

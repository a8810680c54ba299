/**
 * Call-control shortcuts from the profile (F5 answer, F6 hang up, F7 hold,
 * F8 mute, F9 transfer by default): function keys work even while typing in
 * a text box, a bare letter never steals typing, and a global shortcut
 * forwarded by the Electron host (`shortcutPressed`) does the same thing.
 */
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PhonePanel } from '../../renderer/features/phone/PhonePanel.js';
import { call, createFakeApi, phoneRequests, profile, push, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

const settle = () => act(async () => {});
const press = (key: string, target: Element | Window = window, extra: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(target, { key, code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key, ...extra });

describe('phone shortcuts', () => {
  it('F5 answers the ringing call and the browser does not reload', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call();
    push(api, 'callsChanged', { calls: [a] });
    const notPrevented = press('F5');
    await settle();
    expect(notPrevented).toBe(false);
    expect(api.sent('answerCall')).toEqual([{ callId: a.id }]);
    expect(screen.getByTestId('shortcut-hint').textContent).toContain('F5 接听');
  });

  it('function keys work while the agent types in a text box', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call();
    push(api, 'callsChanged', { calls: [a] });
    const input = screen.getByLabelText('号码或 SIP 地址');
    input.focus();
    press('F5', input);
    await settle();
    expect(api.sent('answerCall')).toEqual([{ callId: a.id }]);
  });

  it('F6 hangs up the call being talked on, or rejects a ringing one', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const ringing = call();
    push(api, 'callsChanged', { calls: [ringing] });
    press('F6');
    await settle();
    expect(api.sent('rejectCall')).toEqual([{ callId: ringing.id, code: 486 }]);

    const active = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [active] });
    press('F6');
    await settle();
    expect(api.sent('hangupCall')).toEqual([{ callId: active.id }]);
  });

  it('F7 holds and resumes, F8 mutes, F9 opens the transfer box', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [a] });
    press('F7');
    await settle();
    expect(api.sent('holdCall')).toEqual([{ callId: a.id }]);
    push(api, 'callsChanged', { calls: [{ ...a, held: true }] });
    press('F7');
    await settle();
    expect(api.sent('resumeCall')).toEqual([{ callId: a.id }]);
    push(api, 'callsChanged', { calls: [a] });

    press('F8');
    await settle();
    expect(api.sent('setMuted')).toEqual([{ callId: a.id, muted: true }]);

    press('F9');
    await settle();
    const target = within(screen.getByTestId('transfer-form')).getByLabelText('转接到（号码或 SIP 地址）');
    expect(document.activeElement).toBe(target);
  });

  it('does nothing without a call to act on', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    for (const key of ['F5', 'F6', 'F7', 'F8', 'F9']) press(key);
    await settle();
    const sent = api.requests.filter((r) => phoneRequests.has(r.method) && r.method !== 'getPhoneState');
    expect(sent).toEqual([]);
  });

  it('follows the profile: a bare letter never fires inside a text box, a Ctrl combination does', async () => {
    const api = createFakeApi();
    api.handle('getProfile', () => ({ ...profile, shortcuts: { answer: 'A', hangup: 'Ctrl+Shift+H', hold: '', mute: 'F8', transfer: 'F9' } }));
    await renderWithSeat(<PhonePanel />, api);
    const a = call();
    push(api, 'callsChanged', { calls: [a] });
    const input = screen.getByLabelText('号码或 SIP 地址');
    press('a', input);
    press('F5');
    await settle();
    expect(api.sent('answerCall')).toEqual([]);
    press('a', document.body);
    await settle();
    expect(api.sent('answerCall')).toEqual([{ callId: a.id }]);

    const active = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [active] });
    press('H', input, { ctrlKey: true, shiftKey: true });
    await settle();
    expect(api.sent('hangupCall')).toEqual([{ callId: active.id }]);
  });

  it('acts on a global shortcut forwarded by the host, even from the settings view', async () => {
    const { api, store } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [a] });
    push(api, 'shortcutPressed', { action: 'mute' });
    await settle();
    expect(api.sent('setMuted')).toEqual([{ callId: a.id, muted: true }]);
    act(() => store.getState().viewOpened('settings'));
    push(api, 'shortcutPressed', { action: 'transfer' });
    expect(store.getState().view).toBe('desk');
    expect(store.getState().transferFormFor).toBe(a.id);
  });
});

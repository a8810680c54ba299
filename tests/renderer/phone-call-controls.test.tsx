/**
 * In-call controls, the dialer and the agent bar against a fake core: the
 * requests each button sends, and that the screen only changes when the
 * core reports the change (held only after the re-INVITE succeeded).
 */
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PhonePanel } from '../../renderer/features/phone/PhonePanel.js';
import { call, push, readyStatus, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

const settle = () => act(async () => {});

describe('a call in progress', () => {
  it('shows held only after the core confirms, then offers resume', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now() - 65_000 });
    push(api, 'callsChanged', { calls: [a] });
    const card = screen.getByTestId('call-card');
    expect(within(card).getByTestId('call-duration').textContent).toMatch(/^1:0[5-6]$/);

    fireEvent.click(within(card).getByRole('button', { name: '保持' }));
    await settle();
    expect(api.sent('holdCall')).toEqual([{ callId: a.id }]);
    // Nothing changes on screen until the core says so.
    expect(within(card).getByTestId('call-state').textContent).toBe('通话中');

    push(api, 'callsChanged', { calls: [{ ...a, holdPending: true }] });
    expect(within(card).getByTestId('call-state').textContent).toBe('正在保持…');
    expect((within(card).getByRole('button', { name: '保持' }) as HTMLButtonElement).disabled).toBe(true);

    push(api, 'callsChanged', { calls: [{ ...a, held: true }] });
    expect(within(card).getByTestId('call-state').textContent).toBe('已保持');
    fireEvent.click(within(card).getByRole('button', { name: '恢复' }));
    await settle();
    expect(api.sent('resumeCall')).toEqual([{ callId: a.id }]);
  });

  it('tells the agent when the call’s audio is lost and being restored (window reloaded)', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [{ ...a, media: 'lost' }] });
    const card = screen.getByTestId('call-card');
    expect(within(card).getByTestId('call-state').textContent).toBe('音频中断，等待座席窗口…');
    push(api, 'callsChanged', { calls: [{ ...a, media: 'recovering' }] });
    expect(within(card).getByTestId('call-state').textContent).toBe('正在恢复音频…');
    push(api, 'callsChanged', { calls: [a] });
    expect(within(card).getByTestId('call-state').textContent).toBe('通话中');
  });

  it('mutes, sends keypad digits, and hangs up', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [a] });
    const card = screen.getByTestId('call-card');

    fireEvent.click(within(card).getByRole('button', { name: '静音' }));
    await settle();
    expect(api.sent('setMuted')).toEqual([{ callId: a.id, muted: true }]);
    push(api, 'callsChanged', { calls: [{ ...a, muted: true }] });
    expect(within(card).getByText('已静音')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: '取消静音' }));
    await settle();
    expect(api.sent('setMuted').at(-1)).toEqual({ callId: a.id, muted: false });

    fireEvent.click(within(card).getByRole('button', { name: '按键' }));
    const pad = within(card).getByTestId('dtmf-pad');
    fireEvent.click(within(pad).getByRole('button', { name: '5' }));
    fireEvent.click(within(pad).getByRole('button', { name: '#' }));
    await settle();
    expect(api.sent('sendDtmf')).toEqual([
      { callId: a.id, digits: '5' },
      { callId: a.id, digits: '#' },
    ]);
    expect(within(pad).getByText('已发送：5#')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: '挂断' }));
    await settle();
    expect(api.sent('hangupCall')).toEqual([{ callId: a.id }]);
  });

  it('lists the call as ended with the reason and who hung up', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now(), remoteNumber: '13500000000' });
    push(api, 'callsChanged', { calls: [a] });
    push(api, 'callEnded', { call: { ...a, state: 'ended', endedAt: Date.now(), endReason: 'completed', endedBy: 'remote' } });
    push(api, 'callsChanged', { calls: [] });
    expect(screen.queryByTestId('call-card')).toBeNull();
    expect(screen.getByTestId('ended-call').textContent).toBe('13500000000：通话结束 · 对方挂断');
  });
});

describe('transfer', () => {
  it('transfers blind to the typed number', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [a] });
    api.handle('transferBlind', () => ({ ...a, transfer: { kind: 'blind', state: 'trying', target: '1002' } }));
    fireEvent.click(screen.getByRole('button', { name: '转接' }));
    const form = screen.getByTestId('transfer-form');
    fireEvent.change(within(form).getByLabelText('转接到（号码或 SIP 地址）'), { target: { value: '1002' } });
    fireEvent.click(within(form).getByRole('button', { name: '直接转接' }));
    await settle();
    expect(api.sent('transferBlind')).toEqual([{ callId: a.id, target: '1002' }]);
    expect(screen.queryByTestId('transfer-form')).toBeNull();
  });

  it('consults first, then completes the transfer from either leg', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const original = call({ state: 'active', answeredAt: Date.now(), remoteNumber: '13800138000' });
    push(api, 'callsChanged', { calls: [original] });
    fireEvent.click(screen.getByRole('button', { name: '转接' }));
    fireEvent.change(screen.getByLabelText('转接到（号码或 SIP 地址）'), { target: { value: '1003' } });
    fireEvent.click(screen.getByRole('button', { name: '先咨询再转' }));
    await settle();
    expect(api.sent('startConsultTransfer')).toEqual([{ callId: original.id, target: '1003' }]);

    const consult = call({ direction: 'outbound', state: 'active', answeredAt: Date.now(), remoteNumber: '1003' });
    push(api, 'callsChanged', {
      calls: [
        { ...original, held: true, transfer: { kind: 'consult', role: 'original', peerCallId: consult.id, state: 'consulting' } },
        { ...consult, transfer: { kind: 'consult', role: 'consult', peerCallId: original.id, state: 'consulting' } },
      ],
    });
    const [first, second] = screen.getAllByTestId('call-card');
    expect(within(first!).getByTestId('call-transfer').textContent).toBe('咨询通话：1003');
    expect(within(second!).getByTestId('call-transfer').textContent).toBe('来电 13800138000 正在等待转接');
    fireEvent.click(within(second!).getByRole('button', { name: '完成转接' }));
    await settle();
    expect(api.sent('completeTransfer')).toEqual([{ callId: consult.id }]);
  });

  it('shows the core refusing a transfer', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    api.handle('transferBlind', () => ({ ok: false, error: { code: 'conflict', message: 'REFER rejected with 403' } }));
    const a = call({ state: 'active', answeredAt: Date.now() });
    push(api, 'callsChanged', { calls: [a] });
    fireEvent.click(screen.getByRole('button', { name: '转接' }));
    fireEvent.change(screen.getByLabelText('转接到（号码或 SIP 地址）'), { target: { value: '1002' } });
    fireEvent.click(screen.getByRole('button', { name: '直接转接' }));
    await settle();
    expect(screen.getByTestId('phone-failure').textContent).toContain('转接未成功：当前状态不允许此操作（REFER rejected with 403）');
    // The form stays open with what was typed.
    expect((screen.getByLabelText('转接到（号码或 SIP 地址）') as HTMLInputElement).value).toBe('1002');
  });
});

describe('dialer', () => {
  it('tidies a pasted number, dials it, and offers redial', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    api.handle('dial', (p) => call({ direction: 'outbound', state: 'dialing', remoteNumber: (p as { target: string }).target }));
    const input = screen.getByLabelText('号码或 SIP 地址') as HTMLInputElement;
    fireEvent.paste(input, { clipboardData: { getData: () => '（０１０）１２３４－５６７８' } });
    expect(input.value).toBe('01012345678');
    fireEvent.click(screen.getByRole('button', { name: '呼叫' }));
    await settle();
    expect(api.sent('dial')).toEqual([{ target: '01012345678' }]);
    expect(input.value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: '重拨 01012345678' }));
    await settle();
    expect(api.sent('redial')).toEqual([{}]);
  });

  it('builds a number on the pad and shows the core rejecting a bad target in place', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    api.handle('dial', () => ({
      ok: false,
      error: { code: 'invalid', message: 'invalid', issues: [{ path: 'target', code: 'dialTarget.format', message: 'x' }] },
    }));
    const pad = screen.getByRole('group', { name: '拨号盘' });
    for (const k of ['1', '2', '*']) fireEvent.click(within(pad).getByRole('button', { name: k }));
    const input = screen.getByLabelText('号码或 SIP 地址') as HTMLInputElement;
    expect(input.value).toBe('12*');
    fireEvent.change(input, { target: { value: 'abc def' } });
    fireEvent.click(screen.getByRole('button', { name: '呼叫' }));
    await settle();
    expect(screen.getByTestId('dialer').querySelector('[role="alert"]')?.textContent).toBe(
      '请输入数字（可含 +、*、#）或 SIP 地址，如 sip:1002@example.org。',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.value).toBe('abc def');
  });
});

describe('agent state', () => {
  it('goes not ready with the chosen reason, ready, offline', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    fireEvent.change(screen.getByLabelText('未就绪原因'), { target: { value: 'meal' } });
    fireEvent.click(screen.getByRole('button', { name: '未就绪' }));
    await settle();
    expect(api.sent('setAgentState')).toEqual([{ state: 'not-ready', reason: 'meal' }]);
    push(api, 'statusChanged', { ...readyStatus, agent: { state: 'not-ready', reason: 'meal', since: Date.now() } });
    expect(screen.getByRole('button', { name: '未就绪（用餐）' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '就绪' }));
    fireEvent.click(screen.getByRole('button', { name: '离线' }));
    await settle();
    expect(api.sent('setAgentState').slice(1)).toEqual([{ state: 'ready' }, { state: 'offline' }]);
  });

  it('counts the wrap-up down and extends it', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    push(api, 'statusChanged', { ...readyStatus, agent: { state: 'wrap-up', since: Date.now(), until: Date.now() + 20_000 } });
    await settle();
    const wrap = screen.getByTestId('wrap-up');
    expect(wrap.textContent).toMatch(/(19|20) 秒后自动就绪/);
    fireEvent.click(within(wrap).getByRole('button', { name: '延长 30 秒' }));
    fireEvent.click(within(wrap).getByRole('button', { name: '立即就绪' }));
    await settle();
    expect(api.sent('extendWrapUp')).toEqual([{ seconds: 30 }]);
    expect(api.sent('setAgentState')).toEqual([{ state: 'ready' }]);
  });

  it('offers a retry after a failed registration and says the seat cannot be ready', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    push(api, 'statusChanged', { ...readyStatus, registration: { state: 'failed', reason: 'Forbidden', statusCode: 403 }, agent: { state: 'offline' } });
    expect(screen.getByTestId('agent-not-registered').textContent).toBe('未注册到服务器，暂时不能就绪。');
    fireEvent.click(screen.getByRole('button', { name: '重新注册' }));
    await settle();
    expect(api.sent('retryRegistration')).toEqual([{}]);
  });
});

describe('media notices', () => {
  it('shows a device fallback until dismissed; a restore replaces it', async () => {
    const { store } = await renderWithSeat(<PhonePanel />);
    act(() => store.getState().mediaNoticed({ kind: 'device-fallback', role: 'speaker', detail: 'unplugged' }));
    const notice = screen.getByTestId('media-notice');
    expect(notice.textContent).toContain('耳机（听筒）已断开，通话声音已改由系统默认设备播放。');
    act(() => store.getState().mediaNoticed({ kind: 'device-restored', role: 'speaker' }));
    expect(screen.getAllByTestId('media-notice').map((n) => n.dataset.kind)).toEqual(['device-restored']);
    fireEvent.click(screen.getByRole('button', { name: '知道了' }));
    expect(screen.queryByTestId('media-notice')).toBeNull();
  });
});

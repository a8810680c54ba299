/**
 * The shift on the desk: an agent signs in (the core checks the PIN and the
 * form says what is wrong in place), the status bar and the title say who is
 * signed in, the last shift's handover note waits for acknowledgement, and
 * the scripts follow the call with the agent's number filled in.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandoverNote, KbPhraseView, ShiftState } from '../../main/contract/index.js';
import { App } from '../../renderer/app/App.js';
import { call, createFakeApi, push, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

const signedOut: ShiftState = { agent: null, draft: null, pendingHandover: null, callbacks: [], pinnedPhraseIds: [] };
const signedIn = (over: Partial<ShiftState> = {}): ShiftState => ({
  ...signedOut,
  agent: { agentNo: '1059', name: '张三', shiftId: 's-2', since: Date.now() },
  ...over,
});
const note: HandoverNote = {
  id: 'n-1',
  shiftId: 's-1',
  agentNo: '1058',
  agentName: '李四',
  text: '13800138000 问的疫苗明早回访',
  openItems: [{ kind: 'callback', id: 'c-9', title: '疫苗到货', dueAt: Date.now() + 3_600_000, callerNumber: '13800138000' }],
  writtenAt: Date.now() - 60_000,
  updatedAt: Date.now() - 60_000,
  acknowledgedAt: null,
  acknowledgedBy: null,
};
const phrase = (id: string, phase: KbPhraseView['phase'], text: string, mandatory = false): KbPhraseView => ({
  id,
  version: 1,
  title: `${phase}-${id}`,
  text,
  phase,
  category: '',
  mandatory,
});
const phrases = [
  phrase('g1', 'greeting', '您好，{agentNo}号为您服务，请问有什么可以帮您？', true),
  phrase('g2', 'greeting', '{callerName}您好，{timeOfDay}好。'),
  phrase('c1', 'closing', '感谢来电，{agentName}祝您健康。', true),
];

describe('agent sign-in at the seat', () => {
  it('signs in with 工号, name and PIN, shows a wrong PIN in place, then shows who is signed in', async () => {
    const api = createFakeApi();
    api.handle('getShiftState', () => signedOut);
    let attempts = 0;
    api.handle('signIn', () =>
      ++attempts === 1
        ? { ok: false, error: { code: 'invalid', message: 'bad', issues: [{ path: 'pin', code: 'pin.wrong', message: 'The PIN is not right.' }] } }
        : signedIn(),
    );
    await renderWithSeat(<App />, api);
    const form = await screen.findByTestId('sign-in');
    fireEvent.change(within(form).getByLabelText('工号'), { target: { value: '1059' } });
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '张三' } });
    fireEvent.change(within(form).getByLabelText('PIN（如中心已设置）'), { target: { value: '9999' } });
    fireEvent.click(within(form).getByRole('button', { name: '签入' }));
    expect(await within(form).findByText('PIN 不正确。')).toBeTruthy();
    expect(api.sent('signIn')).toEqual([{ agentNo: '1059', name: '张三', pin: '9999' }]);

    fireEvent.click(within(form).getByRole('button', { name: '签入' }));
    await waitFor(() => expect(screen.queryByTestId('sign-in')).toBeNull());
    expect(screen.getByTestId('agent-signed-in').textContent).toBe('话务员：1059 张三');
    expect(screen.getByTestId('agent-badge').textContent).toContain('话务员 1059 张三');
    expect(document.title).toBe('Hotseat 坐席 · 1001 · 1059 张三');
  });

  it("shows the last shift's note and open items until the agent acknowledges it", async () => {
    const api = createFakeApi();
    api.handle('getShiftState', () => signedIn({ pendingHandover: note }));
    api.handle('acknowledgeHandover', () => signedIn());
    await renderWithSeat(<App />, api);
    const notice = await screen.findByTestId('handover-notice');
    expect(within(notice).getByTestId('handover-text').textContent).toBe('13800138000 问的疫苗明早回访');
    expect(within(notice).getByTestId('open-items').textContent).toContain('回访 13800138000');
    fireEvent.click(within(notice).getByRole('button', { name: '已阅，接班' }));
    await waitFor(() => expect(screen.queryByTestId('handover-notice')).toBeNull());
    expect(api.sent('acknowledgeHandover')).toEqual([{ noteId: 'n-1' }]);
  });
});

describe('scripts that follow the call', () => {
  it('opens at the greeting while a call rings, fills the agent number, labels unknown variables, and ticks the checklist by key', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const api = createFakeApi();
    api.handle('getShiftState', () => signedIn());
    api.handle('listKbPhrases', () => phrases);
    api.handle('recordPhraseUse', () => null);
    await renderWithSeat(<App />, api);
    const ringing = call({ state: 'ringing' });
    push(api, 'callsChanged', { calls: [ringing] });
    const list = await screen.findByTestId('script-list');
    expect(list.getAttribute('data-phase')).toBe('greeting');
    const texts = within(list).getAllByTestId('script-text').map((e) => e.textContent);
    expect(texts[0]).toBe('您好，1059号为您服务，请问有什么可以帮您？');
    expect(texts[1]).toMatch(/^〔来电人称呼〕您好，(上午|中午|下午|晚上)好。$/);
    expect(texts.join('')).not.toMatch(/[{}]/);

    const checklist = screen.getByTestId('script-checklist');
    const boxes = within(checklist).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([false, false]);
    act(() => void fireEvent.keyDown(window, { key: 'm', altKey: true }));
    await waitFor(() => expect(boxes[0]!.checked).toBe(true));
    expect(api.sent('recordPhraseUse')).toEqual([{ callId: ringing.id, phraseId: 'g1', use: 'ticked' }]);

    act(() => void fireEvent.keyDown(window, { key: '2', altKey: true }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(String((writeText.mock.calls[0] as unknown[])[0])).toMatch(/^〔来电人称呼〕您好/);

    // In wrap-up the panel turns to the closing phrases.
    push(api, 'statusChanged', { registration: { state: 'unknown' }, agent: { state: 'wrap-up' }, kb: { state: 'unknown' } });
    push(api, 'callsChanged', { calls: [] });
    await waitFor(() => expect(screen.getByTestId('script-list').getAttribute('data-phase')).toBe('closing'));
    expect(screen.getByTestId('script-list').textContent).toContain('感谢来电，张三祝您健康。');
  });
});

describe('promised callbacks', () => {
  it('reminds whoever is signed in when a callback is due; Alt+B dials it; the outcome is recorded', async () => {
    const api = createFakeApi();
    const dueNow = { id: 'c-7', callId: 'c-7', number: '13800138000', callerName: null, note: '疫苗到货后回电', dueAt: Date.now() - 60_000, promisedBy: '1058', outcome: null, outcomeAt: null };
    const later = { ...dueNow, id: 'c-8', callId: 'c-8', number: '13900139000', note: '明天再联系', dueAt: Date.now() + 86_400_000 };
    api.handle('getShiftState', () => signedIn({ callbacks: [dueNow, later] }));
    api.handle('dial', () => call({ direction: 'outbound', state: 'dialing', remoteNumber: '13800138000' }));
    api.handle('setCallbackOutcome', () => signedIn({ callbacks: [later] }));
    await renderWithSeat(<App />, api);
    const items = await screen.findAllByTestId('callback');
    expect(items.map((i) => i.className)).toEqual(['callback-due', 'callback-later']);
    expect(items[0]!.textContent).toContain('已到时间');
    expect(within(items[1]!).queryByRole('button', { name: '已回访' })).toBeNull();

    act(() => void fireEvent.keyDown(window, { key: 'b', altKey: true }));
    await waitFor(() => expect(api.sent('dial')).toEqual([{ target: '13800138000' }]));
    fireEvent.click(within(items[0]!).getByRole('button', { name: '已回访' }));
    await waitFor(() => expect(screen.getAllByTestId('callback')).toHaveLength(1));
    expect(api.sent('setCallbackOutcome')).toEqual([{ callbackId: 'c-7', outcome: 'done' }]);
  });
});

describe('handover and the shift view', () => {
  it('saves the note as typed, refuses to sign out during a call, then signs out; the view shows the figures', async () => {
    // jsdom has no canvas; ECharts only measures text with it (the charts draw SVG).
    const measure = { font: '', measureText: (text: string) => ({ width: text.length * 12 }) };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(measure as never);
    const api = createFakeApi();
    let onCall = true;
    const summary = {
      shift: { id: 's-2', agentNo: '1059', agentName: '张三', seatNumber: '1001', startedAt: Date.now() - 3_600_000, endedAt: null },
      from: Date.now() - 3_600_000,
      to: Date.now(),
      calls: 3,
      answered: 2,
      missed: 1,
      rejected: 0,
      averageHandleMs: 95_000,
      averageWrapUpMs: null,
      categories: [{ name: '咨询', count: 2 }],
      callsPerHour: [{ hourStart: Date.now() - 3_600_000, count: 3 }],
      workOrders: 1,
      satisfactionRate: null,
      responseRate: 0.5,
      agents: [{ name: '1059 张三', count: 3 }],
    };
    api.handle('getShiftState', () => signedIn());
    api.handle('getShiftSummary', () => summary);
    api.handle('listShifts', () => [summary.shift]);
    api.handle('saveHandoverNote', ({ text }) => ({ ...note, id: 'n-2', shiftId: 's-2', text }));
    api.handle('signOut', () => (onCall ? { ok: false, error: { code: 'conflict', message: 'Sign out after the call ends.' } } : signedOut));
    await renderWithSeat(<App />, api);
    fireEvent.click(await screen.findByTestId('open-handover'));
    const input = await screen.findByTestId('handover-input');
    fireEvent.change(input, { target: { value: '交' } });
    fireEvent.change(input, { target: { value: '交班' } });
    await waitFor(() => expect(api.sent('saveHandoverNote')).toEqual([{ text: '交' }, { text: '交班' }]));
    expect(screen.getByTestId('figure-calls').textContent).toBe('来电3');
    expect(screen.getByTestId('figure-handle').textContent).toBe('平均通话时长1:35');
    expect(screen.getByTestId('figure-wrap-up').textContent).toBe('平均话后时长—');
    expect(screen.getByTestId('figure-satisfaction').textContent).toBe('满意率—');
    expect(screen.getByTestId('figure-response').textContent).toBe('参评率50%');

    fireEvent.click(screen.getByTestId('sign-out'));
    expect(await screen.findByText('通话结束后才能签出。')).toBeTruthy();
    onCall = false;
    fireEvent.click(screen.getByTestId('sign-out'));
    await screen.findByTestId('sign-in');
    expect(screen.getByTestId('agent-signed-in').textContent).toBe('话务员：未签入');
    vi.restoreAllMocks();
  });
});

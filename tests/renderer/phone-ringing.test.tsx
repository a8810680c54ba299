/**
 * The ringing screen and call waiting, rendered from the core's call
 * snapshots with a fake ApiClient: what the agent sees and what the buttons
 * ask of the core.
 */
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PhonePanel } from '../../renderer/features/phone/PhonePanel.js';
import { call, push, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

describe('incoming call', () => {
  it('shows number, name and the centre context headers, as text', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const ringing = call({
      remoteNumber: '13912345678',
      remoteName: '李先生',
      centreCallId: 'UID-7',
      context: [
        { name: 'X-Call-Uid', value: 'UID-7' },
        { name: 'X-Queue', value: '医保咨询' },
        { name: 'X-Custom-Thing', value: '<img src=x onerror=alert(1)>' },
      ],
    });
    push(api, 'callsChanged', { calls: [ringing] });

    const card = await screen.findByTestId('incoming-call');
    expect(within(card).getByRole('heading').textContent).toBe('来电');
    expect(within(card).getByTestId('incoming-number').textContent).toBe('13912345678');
    expect(within(card).getByTestId('incoming-name').textContent).toBe('李先生');
    // Known headers get a label; unknown ones keep their name; values stay plain text.
    expect(within(card).getByText('呼叫编号').nextSibling?.textContent).toBe('UID-7');
    expect(within(card).getByText('队列').nextSibling?.textContent).toBe('医保咨询');
    expect(within(card).getByText('X-Custom-Thing').nextSibling?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(card.querySelector('img')).toBeNull();
  });

  it('answers, rejects busy (486) or declines (603) the call it belongs to', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call();
    push(api, 'callsChanged', { calls: [a] });
    fireEvent.click(await screen.findByRole('button', { name: '接听' }));
    fireEvent.click(screen.getByRole('button', { name: '拒接（忙）' }));
    fireEvent.click(screen.getByRole('button', { name: '拒绝' }));
    await act(async () => {});
    expect(api.sent('answerCall')).toEqual([{ callId: a.id }]);
    expect(api.sent('rejectCall')).toEqual([
      { callId: a.id, code: 486 },
      { callId: a.id, code: 603 },
    ]);
  });

  it('counts down a delayed auto-answer', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    push(api, 'callsChanged', { calls: [call({ autoAnswer: { at: Date.now() + 5_000, trigger: 'call-info' } })] });
    expect((await screen.findByTestId('incoming-auto')).textContent).toMatch(/^[45] 秒后自动接听$/);
  });

  it('leaves the ringing screen when the core says the call was answered, and shows the call', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const a = call();
    push(api, 'callsChanged', { calls: [a] });
    await screen.findByTestId('incoming-call');
    push(api, 'callsChanged', { calls: [{ ...a, state: 'active', answeredAt: Date.now() }] });
    expect(screen.queryByTestId('incoming-call')).toBeNull();
    const card = screen.getByTestId('call-card');
    expect(card.dataset.callId).toBe(a.id);
    expect(within(card).getByTestId('call-state').textContent).toBe('通话中');
  });
});

describe('call waiting', () => {
  it('shows the second call beside the first and answers it (the core holds the first)', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const first = call({ state: 'active', answeredAt: Date.now(), remoteNumber: '01088886666' });
    const second = call({ remoteNumber: '13700001111', context: [{ name: 'X-Queue', value: '投诉' }] });
    push(api, 'callsChanged', { calls: [first, second] });

    const waiting = await screen.findByTestId('incoming-call');
    expect(within(waiting).getByRole('heading').textContent).toBe('通话等待：新来电');
    expect(within(waiting).getByTestId('incoming-number').textContent).toBe('13700001111');
    expect(screen.getByTestId('call-card').dataset.callId).toBe(first.id);

    fireEvent.click(within(waiting).getByRole('button', { name: '接听（保持当前通话）' }));
    await act(async () => {});
    expect(api.sent('answerCall')).toEqual([{ callId: second.id }]);

    // The core held the first call and connected the second: both cards, first one held.
    push(api, 'callsChanged', {
      calls: [
        { ...first, held: true },
        { ...second, state: 'active', answeredAt: Date.now() },
      ],
    });
    const cards = screen.getAllByTestId('call-card');
    expect(cards.map((c) => [c.dataset.callId, c.dataset.held])).toEqual([
      [first.id, 'true'],
      [second.id, 'false'],
    ]);
    expect(within(cards[0]!).getByTestId('call-state').textContent).toBe('已保持');
  });

  it('rejects the waiting call without touching the first', async () => {
    const { api } = await renderWithSeat(<PhonePanel />);
    const first = call({ state: 'active', answeredAt: Date.now() });
    const second = call();
    push(api, 'callsChanged', { calls: [first, second] });
    fireEvent.click(within(await screen.findByTestId('incoming-call')).getByRole('button', { name: '拒接（忙）' }));
    await act(async () => {});
    expect(api.sent('rejectCall')).toEqual([{ callId: second.id, code: 486 }]);
    expect(api.sent('holdCall')).toEqual([]);
    expect(api.sent('hangupCall')).toEqual([]);
  });
});

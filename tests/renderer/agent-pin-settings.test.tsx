/**
 * Settings → 话务员 PIN: the centre sets an agent's PIN at the seat (the core
 * keeps a salted hash). What is typed stays in the store while the view
 * changes; a bad PIN is refused in place with the contract's message.
 */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsView } from '../../renderer/features/settings/SettingsView.js';
import { createFakeApi, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

describe('agent PIN settings', () => {
  it('sends 工号, name and PIN to the core, then starts over', async () => {
    const api = createFakeApi();
    api.handle('setAgentPin', () => null);
    const { store } = await renderWithSeat(<SettingsView />, api);
    fireEvent.change(await screen.findByTestId('agent-pin-no'), { target: { value: '1059' } });
    fireEvent.change(screen.getByTestId('agent-pin-name'), { target: { value: '张三' } });
    fireEvent.change(screen.getByTestId('agent-pin-pin'), { target: { value: '2468' } });
    expect(store.getState().agentPinDraft).toEqual({ agentNo: '1059', name: '张三', pin: '2468' });
    fireEvent.click(screen.getByTestId('agent-pin-save'));
    expect((await screen.findByTestId('agent-pin-outcome')).textContent).toBe('已保存：工号 1059 签入需要 PIN。');
    expect(api.sent('setAgentPin')).toEqual([{ agentNo: '1059', name: '张三', pin: '2468' }]);
    expect(store.getState().agentPinDraft).toEqual({ agentNo: '', name: '', pin: '' });
  });

  it('refuses a PIN that is not 4–8 digits, keeping what was typed', async () => {
    const api = createFakeApi();
    api.handle('setAgentPin', () => null);
    const { store } = await renderWithSeat(<SettingsView />, api);
    fireEvent.change(await screen.findByTestId('agent-pin-no'), { target: { value: '1059' } });
    fireEvent.change(screen.getByTestId('agent-pin-name'), { target: { value: '张三' } });
    fireEvent.change(screen.getByTestId('agent-pin-pin'), { target: { value: '12' } });
    fireEvent.click(screen.getByTestId('agent-pin-save'));
    expect((await screen.findByTestId('agent-pin-outcome')).textContent).toBe('PIN 为 4–8 位数字。');
    expect(store.getState().agentPinDraft.pin).toBe('12');
  });
});

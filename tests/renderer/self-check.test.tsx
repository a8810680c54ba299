/**
 * The pre-Ready self-check (issue 12, item 6) in the renderer, with the one
 * fake API: it opens when an agent signs in and from the top bar; each line
 * is green or red with what to do; the agent's tone answers are kept in the
 * store; in a page with no microphone the microphone line is red and says so.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeatStatus, ShiftState } from '../../main/contract/index.js';
import { App } from '../../renderer/app/App.js';
import { createFakeApi, profile, push, readyStatus, renderWithSeat } from './phone-support.js';

afterEach(cleanup);

const signedOut: ShiftState = { agent: null, draft: null, pendingHandover: null, callbacks: [], pinnedPhraseIds: [] };
const signedIn: ShiftState = { ...signedOut, agent: { agentNo: '1059', name: '张三', shiftId: 's-2', since: Date.now() } };
const hour = 3600_000;

const line = (id: string) => screen.getByTestId(`self-check-${id}`);

describe('pre-Ready self-check', () => {
  it('opens when an agent signs in; registration, KB and records green; no microphone here is red with what to do', async () => {
    const api = createFakeApi();
    api.handle('getShiftState', () => signedOut);
    const status: SeatStatus = {
      ...readyStatus,
      kb: { state: 'ready', version: '7', lastSyncedAt: Date.now() - 2 * hour, articleCount: 256 },
      records: { waiting: 0, oldestAt: null, rejected: 0, callLogBacklog: 0, lastError: null, uploadConfigured: true },
    };
    api.handle('getStatus', () => status);
    await renderWithSeat(<App />, api);
    expect(screen.queryByTestId('self-check')).toBeNull();

    push(api, 'shiftChanged', signedIn);
    expect(await screen.findByTestId('self-check')).toBeTruthy();
    expect(line('registration').dataset.ok).toBe('true');
    expect(line('registration').textContent).toContain('已注册到 ws://127.0.0.1:8088');
    expect(line('kb').dataset.ok).toBe('true');
    expect(line('kb').textContent).toContain('知识库 2 小时内已更新（256 篇）');
    expect(line('records').dataset.ok).toBe('true');
    expect(line('records').textContent).toContain('没有待上传的记录');
    // jsdom has no getUserMedia: the line says the microphone cannot be used and what to check.
    expect(line('microphone').dataset.ok).toBe('false');
    expect(line('microphone').textContent).toContain('无法使用麦克风（NotSupportedError）');
    expect(line('microphone').textContent).toContain('检查耳麦是否插好');
    expect(screen.getByTestId('self-check-summary').textContent).toBe('1 项需要处理');
    expect(screen.getByText('有红色项目时仍可就绪接听；请尽快按提示处理。')).toBeTruthy();
  });

  it('a red line keeps Ready disabled only when the centre says so', async () => {
    for (const blocks of [false, true]) {
      const api = createFakeApi();
      api.handle('getProfile', () => ({ ...profile, selfCheckBlocksReady: blocks }));
      api.handle('getShiftState', () => signedOut);
      await renderWithSeat(<App />, api);
      push(api, 'shiftChanged', signedIn);
      await screen.findByTestId('self-check');
      // jsdom has no microphone: one red line.
      expect(line('microphone').dataset.ok).toBe('false');
      const ready = screen.getByRole('button', { name: '就绪' }) as HTMLButtonElement;
      expect(ready.disabled).toBe(blocks);
      if (blocks) {
        expect(screen.getByTestId('ready-blocked').textContent).toContain('自检有 1 项未通过');
        expect(screen.getByText('中心要求：红色项目处理好之前不能就绪。')).toBeTruthy();
      } else {
        expect(screen.queryByTestId('ready-blocked')).toBeNull();
      }
      cleanup();
    }
  });

  it('red lines say what to do: registration failing, a stale KB, records the centre has not had', async () => {
    const api = createFakeApi();
    api.handle('getShiftState', () => signedIn);
    api.handle('getStatus', () => ({
      registration: { state: 'reconnecting', nextRetryAt: Date.now() + 2000, attempt: 3, reason: 'certificate problem: its certificate is signed by a CA this seat does not trust' },
      agent: { state: 'offline', reason: 'not-registered' },
      kb: { state: 'offline', version: '7', lastSyncedAt: Date.now() - 30 * hour, articleCount: 256, lastError: '离线' },
      records: { waiting: 4, oldestAt: Date.now() - 20 * 60_000, rejected: 1, callLogBacklog: 0, lastError: 'HTTP 503', uploadConfigured: true },
    }));
    await renderWithSeat(<App />, api);
    // Already signed in when the page loaded: not opened by itself; the top bar opens it.
    expect(screen.queryByTestId('self-check')).toBeNull();
    fireEvent.click(screen.getByTestId('open-self-check'));
    await screen.findByTestId('self-check');

    expect(line('registration').dataset.ok).toBe('false');
    expect(line('registration').textContent).toContain('未注册：certificate problem');
    expect(line('registration').textContent).toContain('证书问题请在设置中填写中心 CA');
    expect(line('kb').dataset.ok).toBe('false');
    expect(line('kb').textContent).toContain('知识库 30 小时未更新（256 篇）离线');
    expect(line('kb').textContent).toContain('立即同步');
    expect(line('records').dataset.ok).toBe('false');
    expect(line('records').textContent).toContain('4 条记录待上传，1 条被中心拒收 HTTP 503');
    expect(screen.getByTestId('self-check-summary').textContent).toBe('4 项需要处理');
  });

  it('test tones: the agent says whether each output played it; closing and reopening starts over', async () => {
    const api = createFakeApi();
    api.handle('getShiftState', () => signedIn);
    const { store } = await renderWithSeat(<App />, api);
    fireEvent.click(screen.getByTestId('open-self-check'));
    await screen.findByTestId('self-check');
    expect(line('tone-headset').dataset.ok).toBe('pending');

    fireEvent.click(within(line('tone-headset')).getByRole('button', { name: '播放' }));
    fireEvent.click(await within(line('tone-headset')).findByRole('button', { name: '听到了' }));
    expect(line('tone-headset').dataset.ok).toBe('true');
    expect(line('tone-headset').textContent).toContain('耳麦能听到测试音');

    fireEvent.click(within(line('tone-ring')).getByRole('button', { name: '播放' }));
    fireEvent.click(await within(line('tone-ring')).findByRole('button', { name: '没听到' }));
    expect(line('tone-ring').dataset.ok).toBe('false');
    expect(line('tone-ring').textContent).toContain('在“设置”中选择正确的输出设备');
    expect(store.getState().selfCheck.heard).toEqual({ headset: true, ring: false });

    fireEvent.click(screen.getByRole('button', { name: '关闭自检' }));
    expect(screen.queryByTestId('self-check')).toBeNull();
    fireEvent.click(screen.getByTestId('open-self-check'));
    expect(screen.getByTestId('self-check-tone-headset').dataset.ok).toBe('pending');
  });
});

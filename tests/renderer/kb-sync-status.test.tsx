/**
 * The KB part of the status bar: the progress bar driven by kbSyncProgressed,
 * the offline badge, the error tooltip and "立即同步".
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, type KbStatus, type KbSyncOutcome, type SeatStatus } from '../../main/contract/index.js';
import { createFakeApi } from './support/fake-api.js';
import { renderSeat } from './support/render-seat.js';

afterEach(cleanup);

const base: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };

function seat(kbSourceUrl = 'http://127.0.0.1:8080/kb/', onSync?: () => void) {
  let release: (() => void) | null = null;
  const api = createFakeApi({
    getProfile: () => ({ ...defaultProfile, kbSourceUrl, hasPassword: false, passwordProtection: 'key-file', updatedAt: null }),
    getStatus: () => base,
    syncKbNow: () => {
      onSync?.();
      return new Promise<KbSyncOutcome>((done) => {
        release = () => done({ ok: true, mode: 'unchanged', upserted: 0, deleted: 0, state: {} as KbSyncOutcome['state'] });
      });
    },
  });
  const view = renderSeat(api);
  const kb = (status: KbStatus) => act(() => api.emit('statusChanged', { ...base, kb: status }));
  return { api, ...view, kb, release: () => act(() => release?.()) };
}

describe('KB sync status', () => {
  it('shows a progress bar while a sync runs, with the phase and percentage, and hides it when done', async () => {
    const { api, kb } = seat();
    await screen.findByTestId('kb-state');
    kb({ state: 'syncing', version: null, lastSyncedAt: null, articleCount: 150 });
    act(() => api.emit('kbSyncProgressed', { phase: 'downloading', received: 20_000, applied: 0, total: 100_000, percent: 10 }));

    const bar = screen.getByTestId('kb-sync-progress') as HTMLProgressElement;
    expect(bar.value).toBe(10);
    expect(bar.getAttribute('aria-label')).toBe('知识库同步进度');
    expect(screen.getByText('下载 10%')).toBeTruthy();

    act(() => api.emit('kbSyncProgressed', { phase: 'applying', received: 100_000, applied: 60_000, total: 100_000, percent: 80 }));
    expect((screen.getByTestId('kb-sync-progress') as HTMLProgressElement).value).toBe(80);
    expect(screen.getByText('写入 80%')).toBeTruthy();

    act(() => api.emit('kbSyncProgressed', { phase: 'done', received: 100_000, applied: 100_000, total: 100_000, percent: 100 }));
    kb({ state: 'ready', version: '42', lastSyncedAt: Date.now(), articleCount: 100_000 });
    expect(screen.queryByTestId('kb-sync-progress')).toBeNull();
    expect(screen.getByTestId('kb-state').textContent).toBe('知识库：版本 42 · 刚刚同步');
  });

  it('marks offline as a badge and explains it on hover', async () => {
    const { kb } = seat();
    await screen.findByTestId('kb-state');
    kb({ state: 'offline', version: '42', lastSyncedAt: Date.now() - 2.5 * 3600_000, articleCount: 150, lastError: 'connect ECONNREFUSED' });

    const state = screen.getByTestId('kb-state');
    expect(state.className).toContain('status-kb-offline');
    expect(state.textContent).toBe('知识库：离线 · 上次同步 2 小时前');
    expect(state.getAttribute('title')).toBe('无法连接知识库中心，正在使用本机缓存：connect ECONNREFUSED');
  });

  it('flags a failed sync that was not a connection problem', async () => {
    const { kb } = seat();
    await screen.findByTestId('kb-state');
    kb({ state: 'ready', version: '7', lastSyncedAt: Date.now(), articleCount: 3, lastError: 'snapshot line 4: not valid JSON' });

    expect(screen.getByTestId('kb-sync-error').getAttribute('title')).toBe('snapshot line 4: not valid JSON');
  });

  it('says why a publication was refused (signature, shrink) and that the seat keeps its own KB', async () => {
    const { kb } = seat();
    await screen.findByTestId('kb-state');
    kb({ state: 'ready', version: '7', lastSyncedAt: Date.now(), articleCount: 256, lastError: 'the publication is signed with another key', lastErrorKind: 'untrusted' });
    expect(screen.getByTestId('kb-sync-error').textContent).toBe('⚠ 知识库签名不符，已拒收，仍用本机知识库');
    expect(screen.getByTestId('kb-sync-error').getAttribute('title')).toBe('the publication is signed with another key');

    kb({ state: 'ready', version: '7', lastSyncedAt: Date.now(), articleCount: 256, lastError: 'would remove 256 of the 256 records', lastErrorKind: 'refused' });
    expect(screen.getByTestId('kb-sync-error').textContent).toBe('⚠ 中心发布会删去大半知识库，已拒收，仍用本机知识库');
    expect(screen.getByTestId('kb-state').textContent).toBe('知识库：版本 7 · 刚刚同步');
  });

  it('"立即同步" asks the core to sync and is disabled until it answers', async () => {
    let asked = 0;
    const { release } = seat(undefined, () => (asked += 1));
    const button = (await screen.findByTestId('kb-sync-now')) as HTMLButtonElement;

    fireEvent.click(button);

    expect(asked).toBe(1);
    expect(button.disabled).toBe(true);
    release();
    await act(async () => undefined);
    expect(button.disabled).toBe(false);
  });

  it('offers no sync button without a KB URL', async () => {
    seat('');
    await screen.findByTestId('kb-state');
    await act(async () => undefined);
    expect(screen.queryByTestId('kb-sync-now')).toBeNull();
  });
});

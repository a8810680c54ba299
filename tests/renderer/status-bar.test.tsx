import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, type SeatStatus } from '../../main/contract/index.js';
import { createFakeApi } from './support/fake-api.js';
import { renderSeat } from './support/render-seat.js';

afterEach(cleanup);

const unknownStatus: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };

function seat() {
  const api = createFakeApi({
    getProfile: () => ({ ...defaultProfile, hasPassword: false, passwordProtection: 'key-file', updatedAt: null }),
    getStatus: () => unknownStatus,
  });
  return { api, ...renderSeat(api) };
}

describe('status bar', () => {
  it('shows every part as unknown until its owner reports', async () => {
    seat();
    expect((await screen.findByTestId('registration-state')).textContent).toBe('注册：未知');
    expect(screen.getByTestId('agent-state').textContent).toBe('坐席状态：未知');
    expect(screen.getByTestId('kb-state').textContent).toBe('知识库：未知');
  });

  it('follows the core’s status events', async () => {
    const { api } = seat();
    await screen.findByTestId('registration-state');
    const now = Date.now();
    act(() =>
      api.emit('statusChanged', {
        registration: { state: 'reconnecting', nextRetryAt: now + 4_200, attempt: 3, reason: 'connection refused' },
        agent: { state: 'wrap-up', since: now },
        kb: { state: 'offline', version: '42', lastSyncedAt: now - 5.5 * 60_000, articleCount: 152 },
      } satisfies SeatStatus),
    );
    expect(screen.getByTestId('registration-state').textContent).toBe('注册：重连中（5 秒后第 3 次重试）');
    expect(screen.getByTestId('agent-state').textContent).toBe('坐席状态：话后处理');
    expect(screen.getByTestId('kb-state').textContent).toBe('知识库：离线 · 上次同步 5 分钟前');

    act(() => api.emit('statusChanged', { ...unknownStatus, registration: { state: 'failed', reason: 'Forbidden', statusCode: 403 } }));
    expect(screen.getByTestId('registration-state').textContent).toBe('注册：注册失败：403 Forbidden');
  });

  it('says when the connection to the seat service is lost', async () => {
    const { api } = seat();
    await screen.findByTestId('registration-state');
    act(() => api.setConnection('reconnecting'));
    expect(screen.getByTestId('connection-state').textContent).toBe('与坐席服务的连接已断开，正在重连…');
    act(() => api.setConnection('open'));
    expect(screen.queryByTestId('connection-state')).toBeNull();
  });
});

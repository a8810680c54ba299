import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRecordsSettings, type CallerContextView, type SeatStatus, type WrapUpView } from '../../main/contract/index.js';
import { RecordsPanel, RecordsStatusItem } from '../../renderer/features/records/RecordsPanel.js';
import { inputFromRecordsForm } from '../../renderer/features/records/RecordsSettingsSection.js';
import { bindEvents } from '../../renderer/store/bind-events.js';
import { createSeatStore } from '../../renderer/store/create-seat-store.js';
import { recordsSettingsForm } from '../../renderer/store/slices/records-slice.js';
import { SeatProvider } from '../../renderer/store/store-context.js';
import { createFakeApi } from './support/fake-api.js';

afterEach(cleanup);

const context: CallerContextView = {
  callId: 'c-2',
  number: { raw: '+8613800138000', normalized: '+8613800138000', display: '138 0013 8000', region: '北京' },
  name: null,
  headers: [{ name: 'X-Queue', value: '<b>疫苗</b>' }],
  history: [
    { callId: 'c-1', startedAt: Date.UTC(2026, 11, 1), direction: 'inbound', agentNo: '1001', agentName: '王芳', category: '咨询', notesLine: '问接种点', rating: 5, endReason: 'completed' },
  ],
  callsLast24h: 2,
  repeatCaller: true,
  openWorkOrders: [],
  remote: { state: 'off', fields: [] },
};

const draft: WrapUpView = {
  callId: 'c-2',
  category: '',
  subTopic: '',
  area: '北京',
  notes: '',
  articles: [],
  outcome: '',
  outcomeDetail: '',
  workOrder: null,
  status: 'draft',
  updatedAt: 1,
  completedAt: null,
  escalation: { count: 0, threshold: 5, reached: false },
  callerNumber: '138 0013 8000',
  callStartedAt: 1,
};

function mount() {
  const api = createFakeApi({
    // No getProfile: the fake answers `unavailable`, as a core that has not answered yet would.
    getStatus: () => ({ registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } }),
    getWrapUp: () => draft,
    getCallerContext: () => null,
    listCallRecords: () => [],
    saveWrapUpDraft: () => ({ savedAt: 2 }),
    getRecordsSettings: () => ({ ...defaultRecordsSettings, hasUploadToken: false }),
    listRecentArticles: () => [
      { id: 'a-old', title: '昨天看的文章', category: '疫苗', usedAt: 0 },
      { id: 'a-1', title: '狂犬疫苗接种程序', category: '疫苗', usedAt: 5 },
    ],
  });
  const store = createSeatStore('web');
  bindEvents(store, api);
  render(
    <SeatProvider store={store} api={api}>
      <RecordsPanel />
      <RecordsStatusItem />
    </SeatProvider>,
  );
  return { api, store };
}

describe('records panel', () => {
  it('shows the caller context the core pushes on ring, as plain text', async () => {
    const { api, store } = mount();
    act(() => {
      api.setConnection('open');
      store.getState().wrapUpOpened('c-2');
      api.emit('callerContextChanged', context);
    });
    expect((await screen.findByTestId('caller-number')).textContent).toBe('138 0013 8000');
    expect(screen.getByTestId('caller-region').textContent).toContain('北京');
    expect(screen.getByTestId('repeat-caller').textContent).toContain('2');
    expect(screen.getByTestId('caller-history').textContent).toContain('问接种点');
    expect(screen.getByText('<b>疫苗</b>')).toBeTruthy();
  });

  it('sends every keystroke of the notes to the core at once', async () => {
    const { api, store } = mount();
    act(() => {
      api.setConnection('open');
      store.getState().wrapUpOpened('c-2');
    });
    const notes = await screen.findByTestId('wrap-up-notes');
    for (const value of ['问', '问疫', '问疫苗']) fireEvent.change(notes, { target: { value } });
    const saves = api.calls.filter((c) => c.method === 'saveWrapUpDraft').map((c) => c.params);
    expect(saves).toEqual([
      { callId: 'c-2', patch: { notes: '问' } },
      { callId: 'c-2', patch: { notes: '问疫' } },
      { callId: 'c-2', patch: { notes: '问疫苗' } },
    ]);
    // The form shows the store's copy: what was typed stays when the panel re-renders.
    expect((notes as HTMLTextAreaElement).value).toBe('问疫苗');
    expect(store.getState().wrapUps['c-2']!.notes).toBe('问疫苗');
  });

  it('shows how many records wait for the centre and since when', async () => {
    const { api } = mount();
    const status: SeatStatus = {
      registration: { state: 'unknown' },
      agent: { state: 'unknown' },
      kb: { state: 'unknown' },
      records: { waiting: 12, oldestAt: Date.UTC(2026, 11, 1, 1, 2, 3), rejected: 1, callLogBacklog: 0, lastError: 'ECONNREFUSED', uploadConfigured: true },
    };
    act(() => api.emit('statusChanged', status));
    const item = await screen.findByTestId('records-waiting');
    expect(item.textContent).toMatch(/^待上传记录 12 条（自 .+）.*被中心拒收 1 条$/);
  });
});

describe('articles used', () => {
  it('offers the articles opened during the call; one click links one', async () => {
    const { api, store } = mount();
    act(() => {
      api.setConnection('open');
      store.getState().wrapUpOpened('c-2');
    });
    const offered = await screen.findAllByTestId('offered-article');
    expect(offered.map((b) => b.textContent)).toEqual(['+ 狂犬疫苗接种程序']);
    fireEvent.click(offered[0]!);
    expect(api.calls.filter((c) => c.method === 'saveWrapUpDraft').at(-1)!.params).toEqual({
      callId: 'c-2',
      patch: { articles: [{ id: 'a-1', title: '狂犬疫苗接种程序' }] },
    });
    expect(screen.queryAllByTestId('offered-article')).toHaveLength(0);
  });
});

describe('records settings form', () => {
  it('round-trips the categories, thresholds and departments', () => {
    const form = recordsSettingsForm({ ...defaultRecordsSettings, departments: ['区疾控中心', '卫健委'], hasUploadToken: true });
    expect(form.categories.split('\n')[1]).toBe('投诉 7 !');
    const input = inputFromRecordsForm({ ...form, uploadToken: 'abc' });
    expect(input).toMatchObject({ categories: defaultRecordsSettings.categories, departments: ['区疾控中心', '卫健委'], repeatCallerThreshold: 2, uploadToken: 'abc' });
  });
});

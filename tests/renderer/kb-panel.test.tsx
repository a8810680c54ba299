/**
 * The knowledge-base panel, keyboard first: F3 / Ctrl+K focuses the search
 * from anywhere, results follow the typing (debounced, stale answers
 * dropped), ↑↓ Enter open, Esc returns, F4 copies a referral number, the
 * article body shows only safe HTML and links open nothing, recently used
 * articles are listed, phrases are filled from the profile.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  KbArticleView,
  KbPhraseView,
  KbRecentArticle,
  KbSearchHit,
  KbSearchResult,
  ProfileView,
  RequestName,
  Result,
  SeatStatus,
} from '../../main/contract/index.js';
import { defaultProfile } from '../../main/contract/index.js';
import { createFakeApi, type FakeApi } from './support/fake-api.js';
import { renderSeat } from './support/render-seat.js';

const unknownStatus: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };
const profile: ProfileView = {
  ...defaultProfile,
  agentNumber: '1024',
  hasPassword: false,
  passwordProtection: 'key-file',
  updatedAt: null,
};

const hit = (kind: KbSearchHit['kind'], id: string, title: string, extra: Partial<KbSearchHit> = {}): KbSearchHit => ({
  kind,
  match: 'exact',
  id,
  title,
  titleHtml: title,
  snippetHtml: `${title}的摘要`,
  category: '',
  ...extra,
});

const rabies: KbArticleView = {
  id: 'rabies',
  version: 1,
  updatedAt: '2026-11-01T08:00:00Z',
  title: '狂犬病暴露后怎么处置',
  summary: '先冲洗伤口。',
  // As if a compromised cache held hostile HTML: the renderer's own wall must hold.
  bodyHtml:
    '<h2>步骤</h2><p onclick="alert(1)">冲洗伤口</p><img src="https://tracker.example/p.gif" onerror="alert(2)"><script>alert(3)</script>' +
    '<a href="https://example.org/guide">指南</a> <a href="javascript:alert(4)">坏链接</a> <a href="tel:12320">12320</a>',
  category: '狂犬病防治',
  tags: ['狂犬病'],
  keywords: [],
};

const greeting: KbPhraseView = {
  id: 'greet',
  version: 1,
  title: '标准开场白',
  text: '您好，{seatNumber}号话务员{agentName}为您服务，{callerName}您好。',
  phase: 'greeting',
  category: '开场',
  mandatory: true,
};

interface PendingSearch {
  readonly params: { query: string };
  resolve(result: KbSearchResult): void;
}

/** A fake core whose searches answer only when the test says so. */
function seat() {
  const recent: KbRecentArticle[] = [];
  const searches: PendingSearch[] = [];
  const base = createFakeApi({
    getProfile: () => profile,
    getStatus: () => unknownStatus,
    // phrases are filled with the signed-in agent's number and name
    getShiftState: () => ({ agent: { agentNo: '1024', name: '李华', shiftId: 's-1', since: 0 }, draft: null, pendingHandover: null, callbacks: [], pinnedPhraseIds: [] }),
    getKbArticle: (p) => {
      if ((p as { id: string }).id !== 'rabies') throw new Error('not found');
      return rabies;
    },
    getKbPhrase: () => greeting,
    getKbContact: () => ({ id: 'hrss', version: 1, name: '人社服务热线', number: '12333', hours: '工作日', handles: '社保', tags: [], area: '全国' }),
    markArticleUsed: (p) => {
      recent.unshift({ id: (p as { id: string }).id, title: rabies.title, category: rabies.category, usedAt: Date.now() });
      return null;
    },
    listRecentArticles: () => [...recent],
    listKbPhrases: () => [greeting],
  });
  const api: FakeApi = {
    ...base,
    invoke: ((method: RequestName, params: never) => {
      if (method !== 'searchKb') return base.invoke(method, params);
      base.calls.push({ method, params });
      return new Promise<Result<KbSearchResult>>((resolve) => {
        searches.push({ params: params as { query: string }, resolve: (value) => resolve({ ok: true, value }) });
      });
    }) as FakeApi['invoke'],
  };
  const view = renderSeat(api);
  const answer = (index: number, hits: KbSearchHit[]) =>
    act(async () => searches[index]!.resolve({ query: searches[index]!.params.query, hits, tookMs: 0.4 }));
  return { api, searches, answer, ...view };
}

const searchBox = () => screen.getByTestId('kb-search') as HTMLInputElement;
const type = (text: string) => fireEvent.change(searchBox(), { target: { value: text } });
const key = (key: string, target: Element | Window = document.activeElement ?? window, extra: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(target, { key, code: key, ...extra });

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  writeText = vi.fn(async () => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(cleanup);

describe('knowledge-base panel', () => {
  it('F3 and Ctrl+K put the cursor in the search box from anywhere, even from settings', async () => {
    const { store } = seat();
    await screen.findByTestId('kb-panel');
    const settingsButton = screen.getByRole('button', { name: '设置' });
    settingsButton.focus();
    expect(key('F3', settingsButton)).toBe(false); // default (find next) prevented
    await waitFor(() => expect(document.activeElement).toBe(searchBox()));

    act(() => store.getState().viewOpened('settings'));
    expect(screen.queryByTestId('kb-panel')).toBeNull();
    key('k', window, { code: 'KeyK', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(searchBox()));
  });

  it('searches once the agent pauses, and never shows an answer to an older query', async () => {
    const { searches, answer } = seat();
    await screen.findByTestId('kb-panel');
    type('狂');
    type('狂犬');
    await waitFor(() => expect(searches).toHaveLength(1), { timeout: 1000 });
    expect(searches[0]!.params.query).toBe('狂犬'); // one request for the pause, not one per key
    type('狂犬病');
    await waitFor(() => expect(searches).toHaveLength(2));
    // The newer answer arrives first, then the older one: the older one is dropped.
    await answer(1, [hit('article', 'rabies', '狂犬病暴露后怎么处置', { titleHtml: '<mark>狂犬病</mark>暴露后怎么处置' })]);
    await answer(0, [hit('article', 'old', '过期的答案')]);
    const results = screen.getByTestId('kb-results');
    expect(within(results).getAllByTestId('kb-hit').map((h) => h.textContent)).toEqual([expect.stringContaining('狂犬病暴露后怎么处置')]);
    expect(results.querySelector('mark')?.textContent).toBe('狂犬病');
    expect(screen.queryByText('过期的答案')).toBeNull();
  });

  it('↑ ↓ move through the results, Enter opens an article, Esc returns to the search box', async () => {
    const { searches, answer, api } = seat();
    await screen.findByTestId('kb-panel');
    searchBox().focus();
    type('狂犬');
    await waitFor(() => expect(searches).toHaveLength(1));
    await answer(0, [hit('phrase', 'greet', '标准开场白'), hit('article', 'rabies', '狂犬病暴露后怎么处置')]);
    const options = screen.getAllByRole('option');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    key('ArrowDown', searchBox());
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    expect(searchBox().getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    key('ArrowDown', searchBox()); // stays on the last
    key('ArrowUp', searchBox());
    key('ArrowDown', searchBox());
    key('Enter', searchBox());
    expect(await screen.findByTestId('kb-item-title')).toHaveProperty('textContent', '狂犬病暴露后怎么处置');
    await waitFor(() => expect(api.calls.some((c) => c.method === 'markArticleUsed')).toBe(true));

    key('Escape', screen.getByTestId('kb-item'));
    await waitFor(() => expect(document.activeElement).toBe(searchBox()));
    expect(screen.queryByTestId('kb-item')).toBeNull();
    expect(screen.getAllByRole('option')).toHaveLength(2); // the results are still there

    key('Escape', searchBox()); // clears the search: back to recent articles
    expect(searchBox().value).toBe('');
    const recent = await screen.findByTestId('kb-recent');
    expect(recent.textContent).toContain('狂犬病暴露后怎么处置');
  });

  it('groups the hits by kind under headings, says how a loose hit matched, and ↑ ↓ walk across the groups', async () => {
    const { searches, answer } = seat();
    await screen.findByTestId('kb-panel');
    searchBox().focus();
    type('狗咬');
    await waitFor(() => expect(searches).toHaveLength(1));
    await answer(0, [
      hit('article', 'rabies', '狂犬病暴露后怎么处置', { match: 'synonym', titleHtml: '<mark>狂犬病暴露</mark>后怎么处置' }),
      hit('article', 'wash', '被咬伤后伤口怎么冲洗'),
      hit('contact', 'clinic', '东城区犬伤门诊', { number: '0000-1234' }),
    ]);
    const groups = screen.getAllByTestId('kb-group');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['文章', '电话']);
    expect(groups[0]!.textContent).toContain('文章 · 2');
    expect(within(groups[1]!).getAllByRole('option')).toHaveLength(1);
    // Only the hit found through a synonym is labelled; exact ones are not.
    expect(screen.getAllByTestId('kb-match').map((m) => m.textContent)).toEqual(['同义词']);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.id)).toEqual(['kb-hit-0', 'kb-hit-1', 'kb-hit-2']);
    key('ArrowDown', searchBox());
    key('ArrowDown', searchBox());
    expect(options[2]!.getAttribute('aria-selected')).toBe('true'); // into the contacts group
    expect(searchBox().getAttribute('aria-activedescendant')).toBe('kb-hit-2');
    key('ArrowUp', searchBox());
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
  });

  it('shows no group heading when every hit is of one kind', async () => {
    const { searches, answer } = seat();
    await screen.findByTestId('kb-panel');
    type('狂犬');
    await waitFor(() => expect(searches).toHaveLength(1));
    await answer(0, [hit('article', 'rabies', '狂犬病暴露后怎么处置'), hit('article', 'wash', '被咬伤后伤口怎么冲洗')]);
    expect(screen.getAllByTestId('kb-group')).toHaveLength(1);
    expect(screen.getByTestId('kb-results').textContent).not.toContain('文章 · 2');
  });

  it('shows only safe HTML in an article, and its links open nothing', async () => {
    const { searches, answer } = seat();
    await screen.findByTestId('kb-panel');
    type('狂犬');
    await waitFor(() => expect(searches).toHaveLength(1));
    await answer(0, [hit('article', 'rabies', '狂犬病暴露后怎么处置')]);
    key('Enter', searchBox());
    const body = await screen.findByTestId('kb-article-body');
    expect(body.innerHTML).not.toMatch(/<script|<img|onerror|onclick|javascript:|tracker/i);
    expect(body.textContent).toContain('冲洗伤口');

    const link = within(body).getByText('指南');
    const notPrevented = fireEvent.click(link);
    expect(notPrevented).toBe(false); // navigation cancelled
    expect(screen.getByTestId('kb-notice').textContent).toContain('坐席内不打开外部链接：https://example.org/guide');
    expect(within(body).getByText('坏链接').getAttribute('href')).toBeNull();

    fireEvent.click(within(body).getByText('12320'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('12320'));
  });

  it('F4 copies the highlighted contact’s number, and the open contact’s', async () => {
    const { searches, answer } = seat();
    await screen.findByTestId('kb-panel');
    searchBox().focus();
    type('12333');
    await waitFor(() => expect(searches).toHaveLength(1));
    await answer(0, [hit('contact', 'hrss', '人社服务热线', { number: '12333' })]);
    expect(key('F4', searchBox())).toBe(false);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('12333'));
    expect(await screen.findByTestId('kb-notice')).toHaveProperty('textContent', expect.stringContaining('已复制'));

    key('Enter', searchBox());
    expect(await screen.findByTestId('kb-contact-number')).toHaveProperty('textContent', '12333');
    writeText.mockClear();
    key('F4', screen.getByTestId('kb-item'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('12333'));
  });

  it('fills a phrase with the seat number and the agent’s name, leaving call-specific variables visible', async () => {
    seat();
    const phrases = await screen.findByTestId('kb-phrases');
    await waitFor(() => expect(phrases.textContent).toContain('您好，1024号话务员李华为您服务，{callerName}您好。'));
    fireEvent.click(within(phrases).getByRole('button', { name: '复制' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('您好，1024号话务员李华为您服务，{callerName}您好。'));
  });

  it('says when nothing matched', async () => {
    const { searches, answer } = seat();
    await screen.findByTestId('kb-panel');
    type('龘');
    await waitFor(() => expect(searches).toHaveLength(1));
    await answer(0, []);
    expect(screen.getByTestId('kb-no-results').textContent).toBe('没有找到“龘”');
  });
});

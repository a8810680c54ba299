/**
 * Test helpers for the phone UI: the shared fake API with a Ready seat's
 * answers, call snapshots, a render helper and event pushing.
 */
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { defaultProfile, phoneRequestSchemas, type CallSnapshot, type EventMap, type EventName, type ProfileView, type SeatStatus } from '../../main/contract/index.js';
import { bindEvents } from '../../renderer/store/bind-events.js';
import { createSeatStore, type SeatStore } from '../../renderer/store/create-seat-store.js';
import { SeatProvider } from '../../renderer/store/store-context.js';
import { createFakeApi as createContractFake, type FakeApi, type FakeHandlers } from './support/fake-api.js';

/** Requests of the phone contract (see main/contract/phone.ts). */
export const phoneRequests: ReadonlySet<string> = new Set(Object.keys(phoneRequestSchemas));

export type { FakeApi } from './support/fake-api.js';

/** The one fake API (support/fake-api.ts) answering as a Ready seat with no calls, unless the test says otherwise. */
export function createFakeApi(handlers: FakeHandlers = {}): FakeApi {
  return createContractFake({
    getProfile: () => profile,
    getStatus: () => readyStatus,
    getPhoneState: () => ({ calls: [], lastDialed: null }),
    ...handlers,
  });
}

export const profile: ProfileView = {
  ...defaultProfile,
  agentNumber: '1001',
  sipServers: ['ws://127.0.0.1:8088'],
  sipUri: 'sip:1001@sip.test',
  hasPassword: true,
  passwordProtection: 'key-file',
  updatedAt: null,
};

let seq = 0;

/** A call snapshot with sensible defaults. */
export function call(over: Partial<CallSnapshot> = {}): CallSnapshot {
  seq += 1;
  return {
    id: `c-${seq}`,
    direction: 'inbound',
    state: 'ringing',
    phase: 'call',
    media: 'ok',
    remoteNumber: '13800138000',
    remoteName: null,
    remoteUri: 'sip:13800138000@sip.test',
    centreCallId: null,
    context: [],
    startedAt: Date.now(),
    answeredAt: null,
    endedAt: null,
    held: false,
    holdPending: false,
    muted: false,
    autoAnswer: null,
    transfer: null,
    endReason: null,
    endedBy: null,
    statusCode: null,
    ...over,
  };
}

export const readyStatus: SeatStatus = {
  registration: { state: 'registered', server: 'ws://127.0.0.1:8088', expiresAt: Date.now() + 300_000 },
  agent: { state: 'ready', since: Date.now() },
  kb: { state: 'unknown' },
};

/** Renders `ui` with a fresh store bound to `api` (events flow as in the app), after the first reload settled. */
export async function renderWithSeat(ui: ReactNode, api: FakeApi = createFakeApi()): Promise<{ api: FakeApi; store: SeatStore }> {
  const store = createSeatStore('web');
  bindEvents(store, api);
  render(
    <SeatProvider store={store} api={api}>
      {ui}
    </SeatProvider>,
  );
  await act(async () => {});
  return { api, store };
}

/** Pushes a core event inside act(). */
export function push<E extends EventName>(api: FakeApi, name: E, payload: EventMap[E]): void {
  act(() => api.emit(name, payload));
}

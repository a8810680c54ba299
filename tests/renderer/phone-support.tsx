/**
 * Test helpers for the phone UI: a fake ApiClient that records requests and
 * lets a test push core events, call snapshots, and a render helper.
 */
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { defaultProfile, phoneRequestSchemas, type CallSnapshot, type EventMap, type EventName, type ProfileView, type RequestName, type Result, type SeatStatus } from '../../main/contract/index.js';
import type { ApiClient, ConnectionState } from '../../renderer/api/api-client.js';
import { bindEvents } from '../../renderer/store/bind-events.js';
import { createSeatStore, type SeatStore } from '../../renderer/store/create-seat-store.js';
import { SeatProvider } from '../../renderer/store/store-context.js';
import { createFakeEvents } from './support/fake-events.js';

type Handler = (params: unknown) => Result<unknown> | unknown;

/** Requests of the phone contract (see main/contract/phone.ts). */
export const phoneRequests: ReadonlySet<string> = new Set(Object.keys(phoneRequestSchemas));

export interface FakeApi extends ApiClient {
  readonly requests: { method: string; params: unknown }[];
  /** Requests of one method, params only. */
  sent(method: RequestName): unknown[];
  handle(method: RequestName, handler: Handler): void;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  setConnection(state: ConnectionState): void;
}

export function createFakeApi(): FakeApi {
  const requests: { method: string; params: unknown }[] = [];
  const handlers = new Map<string, Handler>([
    ['getProfile', () => profile],
    ['getStatus', () => readyStatus],
    ['getPhoneState', () => ({ calls: [], lastDialed: null })],
  ]);
  return {
    ...createFakeEvents(),
    host: 'web',
    requests,
    sent: (method) => requests.filter((r) => r.method === method).map((r) => r.params),
    handle: (method, handler) => handlers.set(method, handler),
    async invoke(method, params) {
      requests.push({ method, params });
      const handler = handlers.get(method);
      // Phone requests succeed by default; anything else (other features'
      // reloads) is "unavailable", which their code handles.
      if (!handler) {
        return (phoneRequests.has(method) ? { ok: true, value: null } : { ok: false, error: { code: 'unavailable', message: `fake api: ${method}` } }) as never;
      }
      const out = handler(params);
      if (out && typeof out === 'object' && 'ok' in out) return out as never;
      return { ok: true, value: out } as never;
    },
  };
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

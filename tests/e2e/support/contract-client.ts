/**
 * A Node client of the browser-mode host's contract WebSocket (token and
 * Origin like the page), for test set-up that is not what the test is
 * about — saving the seat profile, reading the seat status — and for
 * watching the events the core pushes.
 */
import WebSocket from 'ws';
import type { EventEnvelope, RequestName, RequestParams, RequestResult, ResponseEnvelope } from '../../../main/contract/index.js';
import type { WebHostProcess } from './web-host-process.js';

export interface RecordedEvent {
  readonly at: number;
  readonly name: string;
  readonly payload: unknown;
}

export interface ContractClient {
  call<K extends RequestName>(method: K, params: RequestParams<K>): Promise<RequestResult<K>>;
  readonly events: RecordedEvent[];
  /** First event `name` (from index `from`) whose payload matches. */
  waitForEvent<T = unknown>(name: string, match?: (payload: T) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<T>;
  close(): void;
}

export async function connectContract(host: Pick<WebHostProcess, 'url' | 'origin' | 'port'>): Promise<ContractClient> {
  const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/hotseat-ws?token=${encodeURIComponent(token)}`, { origin: host.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (r: ResponseEnvelope) => void>();
  const events: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  ws.on('message', (data) => {
    const envelope = JSON.parse(String(data)) as ResponseEnvelope | EventEnvelope;
    if (envelope.t === 'res') {
      pending.get(envelope.id)?.(envelope);
      pending.delete(envelope.id);
    } else {
      events.push({ at: Date.now(), name: envelope.name, payload: envelope.payload });
      for (const w of [...waiters]) w();
    }
  });
  return {
    events,
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (r) => (r.ok ? resolve(r.value as never) : reject(new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues ?? [])}`))));
        ws.send(JSON.stringify({ t: 'req', id, method, params }));
      });
    },
    waitForEvent<T>(name: string, match: (payload: T) => boolean = () => true, options: { timeoutMs?: number; from?: number } = {}) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = events.slice(options.from ?? 0).find((e) => e.name === name && match(e.payload as T));
          if (!found) return;
          done();
          resolve(found.payload as T);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${name} event matched within ${options.timeoutMs ?? 10_000} ms; last: ${JSON.stringify(events.filter((e) => e.name === name).at(-1)?.payload ?? null).slice(0, 600)}`));
        }, options.timeoutMs ?? 10_000);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
}

/**
 * The one fake ApiClient of the renderer tests: requests go to the handlers a
 * test gives, checked against the contract on both sides —
 *
 * - params by the contract's zod schemas, exactly as the dispatcher does (a
 *   request the core would reject gets the same `invalid` answer and issues);
 * - results by the contract's types (a handler must return `RequestResult<K>`,
 *   or a failure), and at run time: a request whose contract result is `null`
 *   answers `null`, any other never answers `null`/`undefined`, and every
 *   value crosses a JSON round trip as it would over the wire. A broken
 *   result rejects the request, so the test fails on it.
 *
 * A request without a handler answers `null` if its contract result is
 * `null` (what the core answers when it succeeds), else `unavailable` — never
 * a made-up value.
 */
import type { ApiClient, ConnectionState } from '../../../renderer/api/api-client.js';
import { createFakeEvents } from './fake-events.js';
import {
  requestSchemas,
  type ContractError,
  type EventMap,
  type EventName,
  type RequestName,
  type RequestResult,
  type Result,
  type ValidatedParams,
} from '../../../main/contract/index.js';
import { toFieldIssues } from '../../../main/core/base/field-issues.js';

/** A handler's way to answer with an error (as the core would). */
export interface FakeFailure {
  readonly ok: false;
  readonly error: ContractError;
}

type FakeAnswer<K extends RequestName> = RequestResult<K> | FakeFailure;
export type FakeHandler<K extends RequestName> = (params: ValidatedParams<K>) => FakeAnswer<K> | Promise<FakeAnswer<K>>;
export type FakeHandlers = { readonly [K in RequestName]?: FakeHandler<K> };

/** Requests whose contract result is exactly `null`. */
type NullResultRequest = { [K in RequestName]: [RequestResult<K>] extends [null] ? K : never }[RequestName];

/**
 * The same list at run time. The type checker keeps it complete: a new
 * request whose result is `null` must be added here (and nothing else may be).
 */
const nullResults = [
  'systemEvent',
  'rejectCall',
  'hangupCall',
  'sendDtmf',
  'completeTransfer',
  'setAgentState',
  'extendWrapUp',
  'retryRegistration',
  'claimMedia',
  'mediaReply',
  'markArticleUsed',
  'surveyDigitDetected',
  'setAgentPin',
  'recordPhraseUse',
  'uploadRecordsNow',
] as const satisfies readonly NullResultRequest[];
type Unlisted = Exclude<NullResultRequest, (typeof nullResults)[number]>;
/** Fails to compile while a null-result request is missing from `nullResults` (the error names it). */
const nullResultsComplete: [Unlisted] extends [never] ? true : { missing: Unlisted } = true;
const nullResultRequests: ReadonlySet<string> = nullResultsComplete && new Set<string>(nullResults);

/** Requests whose contract result may be `null` besides a value (`X | null`). */
type NullableResultRequest = { [K in RequestName]: null extends RequestResult<K> ? ([RequestResult<K>] extends [null] ? never : K) : never }[RequestName];

/** The same list at run time, kept complete by the type checker like `nullResults`. */
const nullableResults = ['getCallerContext', 'endWithSurvey', 'getSurvey'] as const satisfies readonly NullableResultRequest[];
type UnlistedNullable = Exclude<NullableResultRequest, (typeof nullableResults)[number]>;
/** Fails to compile while a request that may answer null is missing from `nullableResults`. */
const nullableResultsComplete: [UnlistedNullable] extends [never] ? true : { missing: UnlistedNullable } = true;
const nullableResultRequests: ReadonlySet<string> = nullableResultsComplete && new Set<string>(nullableResults);

export interface FakeApi extends ApiClient {
  /** Every request sent, in order. */
  readonly calls: { method: string; params: unknown }[];
  /** Same list as `calls`. */
  readonly requests: { method: string; params: unknown }[];
  /** The params of every request of one method. */
  sent(method: RequestName): unknown[];
  /** Answers `method` with `handler` from now on. */
  handle<K extends RequestName>(method: K, handler: FakeHandler<K>): void;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  setConnection(state: ConnectionState): void;
}

export function createFakeApi(initial: FakeHandlers = {}): FakeApi {
  const calls: { method: string; params: unknown }[] = [];
  const handlers = new Map<string, (params: unknown) => unknown>(Object.entries(initial) as [string, (params: unknown) => unknown][]);
  const events = createFakeEvents();
  return {
    ...events,
    emit: (name, payload) => events.emit(name, payload),
    host: 'web',
    calls,
    requests: calls,
    sent: (method) => calls.filter((c) => c.method === method).map((c) => c.params),
    handle: (method, handler) => void handlers.set(method, handler as (params: unknown) => unknown),
    async invoke(method, params) {
      calls.push({ method, params });
      const parsed = requestSchemas[method].safeParse(params ?? {});
      if (!parsed.success) {
        const issues = toFieldIssues(parsed.error.issues);
        return { ok: false, error: { code: 'invalid', message: issues[0]?.message ?? 'invalid', issues } } as Result<never>;
      }
      const handler = handlers.get(method);
      if (!handler) {
        return (nullResultRequests.has(method) ? { ok: true, value: null } : { ok: false, error: { code: 'unavailable', message: `fake api: no handler for ${method}` } }) as never;
      }
      let answer: unknown;
      try {
        answer = await handler(parsed.data);
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: (error as Error).message } } as Result<never>;
      }
      if (isFailure(answer)) return answer as never;
      return { ok: true, value: checkedResult(method, answer) } as never;
    },
  };
}

function isFailure(value: unknown): value is FakeFailure {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'error' in value;
}

/** The value as the wire would carry it; throws (failing the test) when it breaks the contract. */
function checkedResult(method: string, value: unknown): unknown {
  if (value === undefined) throw new Error(`fake api: the ${method} handler returned undefined`);
  if (nullResultRequests.has(method) && value !== null) throw new Error(`fake api: ${method} answers null in the contract, the handler returned ${JSON.stringify(value)}`);
  if (!nullResultRequests.has(method) && !nullableResultRequests.has(method) && value === null) {
    throw new Error(`fake api: ${method} does not answer null in the contract`);
  }
  return JSON.parse(JSON.stringify(value)) as unknown;
}

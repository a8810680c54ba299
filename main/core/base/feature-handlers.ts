/**
 * How a request reaches a service: every feature of the core exports one
 * handler map, `<feature>Handlers(service)`, typed by its contract's request
 * schemas, and `create-core.ts` spreads them into the dispatcher's handlers.
 *
 * ```ts
 * // main/core/kb/kb-service.ts
 * export function kbHandlers(kb: KbService): FeatureHandlers<typeof kbRequestSchemas> {
 *   return { searchKb: (params) => kb.searchKb(params), … };
 * }
 * ```
 *
 * The map's keys are exactly the schema object's keys: a request of the
 * contract without a handler, or a handler for no request, fails to compile
 * (tests/node/base/feature-handlers.test.ts proves both). Each handler gets
 * the params as validated by its schema and must return the contract's result
 * type for that request.
 */
import type { RequestName, RequestResult, requestSchemas, ValidatedParams } from '../../contract/index.js';

/** Who is asking: lets a service answer a specific client (e.g. the media engine). */
export interface RequestContext {
  readonly clientId: string;
}

/** The handler of request K: validated params in, the contract's result out. */
export type RequestHandler<K extends RequestName> = (
  params: ValidatedParams<K>,
  context: RequestContext,
) => RequestResult<K> | Promise<RequestResult<K>>;

/**
 * One feature's handlers, keyed by its contract request schemas `S`
 * (e.g. `typeof phoneRequestSchemas`): one handler per request, no more.
 */
export type FeatureHandlers<S> = { readonly [K in keyof S & RequestName]: RequestHandler<K> };

/** Every request of the contract: what the dispatcher is built from. */
export type Handlers = FeatureHandlers<typeof requestSchemas>;

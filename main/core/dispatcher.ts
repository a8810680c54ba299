/**
 * The one dispatcher from request envelopes to service methods. Both hosts
 * (Electron IPC and the browser-mode WebSocket) hand every request here.
 *
 * It validates params against the contract's schema, runs the handler, and
 * always resolves to a `Result` — never throws across the boundary.
 */
import type { z } from 'zod';
import {
  isRequestName,
  requestSchemas,
  type FieldIssue,
  type Result,
} from '../contract/index.js';
import { CoreError } from './base/core-error.js';
import { toFieldIssues } from './base/field-issues.js';
import type { Handlers, RequestContext } from './base/feature-handlers.js';
import { createLogger } from './base/log.js';

export type { Handlers, RequestContext } from './base/feature-handlers.js';

const log = createLogger('dispatcher');

export interface Dispatcher {
  dispatch(method: unknown, params: unknown, context: RequestContext): Promise<Result<unknown>>;
}

export function createDispatcher(handlers: Handlers): Dispatcher {
  return {
    async dispatch(method, params, context) {
      if (!isRequestName(method)) {
        const shown = typeof method === 'string' ? `"${method.slice(0, 64)}"` : `a ${typeof method}`;
        return fail('unknown-method', `${shown} is not a Hotseat request`);
      }
      // Bad input is told as such first, whatever the core can do with it.
      const parsed = (requestSchemas[method] as z.ZodType).safeParse(params ?? {});
      if (!parsed.success) {
        const issues = toFieldIssues(parsed.error.issues);
        return { ok: false, error: { code: 'invalid', message: summarise(issues), issues } };
      }
      // The types make every handler present; a map built around them (a cast) must not crash the request.
      const handler = Object.hasOwn(handlers, method) ? (handlers[method] as (p: unknown, c: RequestContext) => unknown) : undefined;
      if (typeof handler !== 'function') return fail('internal', `${method} has no handler in this core`);
      try {
        const value = await handler(parsed.data, context);
        return { ok: true, value: value ?? null };
      } catch (error) {
        if (error instanceof CoreError) {
          return { ok: false, error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
        }
        log.error(`${method} failed`, error);
        return fail('internal', `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function fail(code: 'unknown-method' | 'internal', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Maps zod issues to the contract's field issues (kept here for existing importers). */
export { toFieldIssues };

function summarise(issues: readonly FieldIssue[]): string {
  const first = issues[0];
  if (!first) return 'invalid request';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path || 'params'}: ${first.message}${more}`;
}

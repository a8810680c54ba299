/**
 * The call log's part of the contract: the calls the seat has written to its
 * database (the rows themselves are `CallLogEntry`, in phone.ts).
 */
import { z } from 'zod';
import type { CallLogEntry } from './phone.js';

export const callsRequestSchemas = {
  listRecentCalls: z.strictObject({
    limit: z.int({ error: 'limit.range' }).min(1, { error: 'limit.range' }).max(500, { error: 'limit.range' }).default(50),
    /** Only calls with this remote number (repeat-caller view). */
    remoteNumber: z.string().max(64, { error: 'remoteNumber.tooLong' }).optional(),
  }),
};

export interface CallsRequestResults {
  listRecentCalls: readonly CallLogEntry[];
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the call log pushes no events of its own yet
export interface CallsEvents {}

export const callsEventNames = [] as const satisfies readonly (keyof CallsEvents)[];

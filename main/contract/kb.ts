/**
 * Knowledge-base part of the contract: search, articles, sync. Filled by the
 * knowledge-base work.
 */
import type { z } from 'zod';

export const kbRequestSchemas = {} satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KbRequestResults {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KbEvents {}

export const kbEventNames = [] as const satisfies readonly (keyof KbEvents)[];

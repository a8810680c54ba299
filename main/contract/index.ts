/**
 * The one contract between core and renderer: every request with its
 * validation schema and result type, every event with its payload type.
 *
 * Request names are flat verbs (`saveProfile`, `answer`); event names say what
 * happened (`profileChanged`). Feature parts live in their own files and are
 * joined here; nothing else of the project is imported.
 */
import type { z } from 'zod';
import { seatEventNames, seatRequestSchemas, type SeatEvents, type SeatRequestResults } from './seat.js';
import { phoneEventNames, phoneRequestSchemas, type PhoneEvents, type PhoneRequestResults } from './phone.js';
import { kbEventNames, kbRequestSchemas, type KbEvents, type KbRequestResults } from './kb.js';
import { kbSyncRequestSchemas, type KbSyncRequestResults } from './kb-sync.js';
import { callsEventNames, callsRequestSchemas, type CallsEvents, type CallsRequestResults } from './calls.js';
import { recordsEventNames, recordsRequestSchemas, type RecordsEvents, type RecordsRequestResults } from './records.js';
import { shiftEventNames, shiftRequestSchemas, type ShiftEvents, type ShiftRequestResults } from './shift.js';
import { provisioningEventNames, provisioningRequestSchemas, type ProvisioningEvents, type ProvisioningRequestResults } from './provisioning.js';
import { surveyEventNames, surveyRequestSchemas, type SurveyEvents, type SurveyRequestResults } from './survey.js';

export * from './constants.js';
export * from './errors.js';
export * from './envelope.js';
export * from './profile.js';
export * from './status.js';
export * from './seat.js';
export * from './phone.js';
export * from './calls.js';
export * from './media.js';
export * from './kb.js';
export * from './records.js';
export * from './shift.js';
export * from './provisioning.js';
export * from './survey.js';

export const requestSchemas = {
  ...seatRequestSchemas,
  ...phoneRequestSchemas,
  ...callsRequestSchemas,
  ...kbRequestSchemas,
  ...kbSyncRequestSchemas,
  ...recordsRequestSchemas,
  ...shiftRequestSchemas,
  ...provisioningRequestSchemas,
  ...surveyRequestSchemas,
};

export type RequestName = keyof typeof requestSchemas;

/** What the caller passes (before defaults and trimming). */
export type RequestParams<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
/** What a handler receives (after validation). */
export type ValidatedParams<K extends RequestName> = z.output<(typeof requestSchemas)[K]>;

export interface RequestResults extends SeatRequestResults, PhoneRequestResults, CallsRequestResults, KbRequestResults, KbSyncRequestResults, RecordsRequestResults, ShiftRequestResults, ProvisioningRequestResults, SurveyRequestResults {}
export type RequestResult<K extends RequestName> = K extends keyof RequestResults ? RequestResults[K] : never;

export interface EventMap extends SeatEvents, PhoneEvents, CallsEvents, KbEvents, RecordsEvents, ShiftEvents, ProvisioningEvents, SurveyEvents {}
export type EventName = keyof EventMap;

/** Runtime allow-lists (the preload and the WebSocket bridge check against them). */
export const requestNames: readonly RequestName[] = Object.keys(requestSchemas) as RequestName[];
export const eventNames: readonly EventName[] = [...seatEventNames, ...phoneEventNames, ...callsEventNames, ...kbEventNames, ...recordsEventNames, ...shiftEventNames, ...provisioningEventNames, ...surveyEventNames];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}

/**
 * Records: what every call leaves behind, and its delivery to the centre.
 *
 * ```
 *  call log (calls/) ──enrich──▶ normalized number + region on the call row
 *                   ──withinEnd─▶ wrap-up draft row + `call` record, same transaction
 *  callRang(call) ──▶ caller context (history 30 d, open work orders, repeat badge)
 *                     emitted at once; the remote lookup merges in later
 *  saveWrapUpDraft ─▶ one UPDATE per keystroke (the row is the draft)
 *  completeWrapUp ──▶ required fields checked; `wrap-up` (+ `work-order`) record
 *                     and outbox rows in one transaction; uploader kicked
 *  enqueue(record)  ▶ any other feature's record (survey) + outbox row, one transaction
 * ```
 *
 * Every write is local first; the uploader delivers when the centre answers.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type {
  CallerContextView,
  CallRecordRow,
  ContextField,
  NumberView,
  RecordsExport,
  RecordsSettings,
  RecordsSettingsView,
  RecordsStatus,
  RejectedRecord,
  RemoteLookupView,
  ValidatedParams,
  WrapUpPatch,
  WrapUpView,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import { exportRecords } from './export-records.js';
import { normalizeNumber } from './phone-number.js';
import type { RegionLookup } from './number-region.js';
import { enqueueRecord, outboxCounts, recordSchema, rejectedRecords, type RecordEnvelope, type RecordKind } from './outbox-queries.js';
import {
  callCountSince,
  callHistory,
  callsWithoutNumberNorm,
  dayMs,
  endedCallsWithoutWrapUp,
  ensureWrapUp,
  getCallSource,
  getWrapUpRow,
  insertWorkOrder,
  listCalls,
  markWrapUpComplete,
  openWorkOrders,
  parseJson,
  patchWrapUp,
  setCallNumber,
  setCallRating,
  similarComplaints,
  workOrderOfCall,
  type CallRecordSource,
  type WrapUpRow,
} from './record-queries.js';
import type { RecordsSettingsStore } from './records-settings.js';
import type { Uploader } from './uploader.js';

const log = createLogger('records');

export interface AgentOnSeat {
  readonly no: string;
  readonly name: string;
}

export interface RecordsServiceOptions {
  readonly db: Database;
  readonly regions: RegionLookup;
  readonly settings: RecordsSettingsStore;
  readonly uploader: Uploader;
  /** The seat's identity for record envelopes. */
  readonly seat: () => { readonly number: string; readonly sipUri: string };
  /**
   * The agent signed in at the seat, or null. Stamped on wrap-ups, work
   * orders and every record envelope. create-core passes the shift feature's
   * signed-in agent (or the profile's seat number/name until there is one).
   */
  readonly currentAgent: () => AgentOnSeat | null;
  readonly emitContext: (context: CallerContextView) => void;
  readonly emitWrapUpCompleted: (view: WrapUpView) => void;
  /** A wrap-up was completed: the phone may close the call's wrap-up phase. */
  readonly onWrapUpCompleted?: (callId: string) => void;
  readonly onStatus: (status: RecordsStatus) => void;
  readonly uploadConfigured: () => boolean;
  readonly now?: () => number;
  /** Remote lookup budget, ms (default 300). */
  readonly lookupBudgetMs?: number;
}

export interface NewRecordInput {
  readonly kind: RecordKind;
  readonly id: string;
  readonly callId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface RecordsService {
  /** For the call log: normalized number and region of a new row. */
  enrich(call: { remoteNumber: string }): { numberNorm: string | null; region: string | null };
  /** For the call log, inside the transaction that closes the call. */
  withinEnd(callId: string): void;
  /** A call rang in or was dialled (after its row is written). */
  callRang(call: { id: string; remoteNumber: string; remoteName: string | null; context: readonly ContextField[] }): void;
  callerContext(callId: string): CallerContextView | null;
  wrapUp(callId: string): WrapUpView;
  saveDraft(callId: string, patch: WrapUpPatch): { savedAt: number };
  complete(callId: string): WrapUpView;
  listCalls(limit: number, incompleteOnly: boolean): CallRecordRow[];
  settingsView(): RecordsSettingsView;
  saveSettings(input: ValidatedParams<'saveRecordsSettings'>): RecordsSettingsView;
  exportRange(from: number, to: number, format: 'csv' | 'jsonl'): RecordsExport;
  /**
   * Stores another feature's record (the survey result) with its outbox row
   * in one transaction; `within` writes that feature's own rows in it.
   */
  enqueue(record: NewRecordInput, within?: () => void): void;
  /** The survey's rating on the call row (history shows it) + its record, one transaction. */
  recordSurveyResult(result: { id: string; callId: string; rating: number | null; data: Readonly<Record<string, unknown>> }, within?: () => void): void;
  uploadNow(): void;
  rejected(): RejectedRecord[];
  /** Call-log write backlog (from the call log's queue). */
  callLogBacklog(waiting: number): void;
  refreshStatus(): void;
  number(raw: string): NumberView;
  close(): Promise<void>;
}

const historyDays = 30;
const contextsKept = 32;

export function createRecordsService(options: RecordsServiceOptions): RecordsService {
  const { db, regions, settings, uploader } = options;
  const now = options.now ?? Date.now;
  const contexts = new Map<string, CallerContextView>();
  let backlog = 0;
  let closed = false;

  const numberView = (raw: string, stored?: { numberNorm: string | null; region: string | null }): NumberView => {
    const n = normalizeNumber(raw);
    return {
      raw,
      normalized: stored?.numberNorm ?? n.normalized,
      display: n.display,
      region: stored?.region ?? regions.regionOf(n.national),
    };
  };

  const envelope = (kind: RecordKind, id: string, callId: string | null, data: Readonly<Record<string, unknown>>, at: number): RecordEnvelope => {
    const agent = options.currentAgent();
    return {
      schema: recordSchema,
      id,
      kind,
      callId,
      createdAt: new Date(at).toISOString(),
      seat: options.seat(),
      agent: agent ? { no: agent.no, name: agent.name } : null,
      data,
    };
  };

  const put = (kind: RecordKind, id: string, callId: string | null, data: Readonly<Record<string, unknown>>, at: number) =>
    enqueueRecord(db, { kind, id, callId, body: envelope(kind, id, callId, data, at), createdAt: at });

  const refreshStatus = () => {
    if (closed || !db.open) return;
    const counts = outboxCounts(db);
    options.onStatus({
      waiting: counts.waiting,
      oldestAt: counts.oldestAt,
      rejected: counts.rejected,
      callLogBacklog: backlog,
      lastError: uploader.lastError,
      uploadConfigured: options.uploadConfigured(),
    });
  };

  const afterEnqueue = () => {
    refreshStatus();
    uploader.kick();
  };

  const callData = (c: CallRecordSource): Record<string, unknown> => ({
    direction: c.direction,
    sipCallId: c.sipCallId,
    centreCallId: c.centreCallId,
    localNumber: c.localNumber,
    remoteNumber: c.remoteNumber,
    number: c.numberNorm ?? normalizeNumber(c.remoteNumber).normalized,
    region: c.region,
    remoteName: c.remoteName,
    context: parseJson(c.contextJson, []),
    startedAt: iso(c.startedAt),
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    endReason: c.endReason,
    endedBy: c.endedBy,
    statusCode: c.statusCode,
    autoAnswered: c.autoAnswered,
  });

  /** The call's record and its wrap-up draft; inside the transaction that closed the call. */
  const withinEnd = (callId: string): void => {
    const call = getCallSource(db, callId);
    if (!call) return;
    const at = call.endedAt ?? now();
    ensureWrapUp(db, callId, at, options.currentAgent());
    put('call', `call-${callId}`, callId, callData(call), at);
  };

  // Rows from before migration 0030, and calls whose end the records feature did not see (a crash).
  const catchUp = () => {
    for (let rows = callsWithoutNumberNorm(db, 500); rows.length > 0; rows = callsWithoutNumberNorm(db, 500)) {
      db.transaction(() => {
        for (const row of rows) {
          const n = normalizeNumber(row.remoteNumber);
          setCallNumber(db, row.id, n.normalized, regions.regionOf(n.national));
        }
      })();
    }
    const missing = endedCallsWithoutWrapUp(db, now() - 90 * dayMs);
    for (const callId of missing) db.transaction(() => withinEnd(callId))();
    if (missing.length > 0) log.info(`queued the records of ${missing.length} call(s) closed before the records feature saw them`);
  };
  catchUp();

  const escalationOf = (w: WrapUpRow, s: RecordsSettings) => {
    const categories = s.categories.filter((c) => c.escalates).map((c) => c.name);
    const counts = categories.includes(w.category) && w.subTopic !== '';
    const count = counts ? similarComplaints(db, categories, w.subTopic, w.area, now() - dayMs) : 0;
    return { count, threshold: s.escalationThreshold, reached: counts && count >= s.escalationThreshold };
  };

  const toView = (w: WrapUpRow): WrapUpView => {
    const call = getCallSource(db, w.callId);
    return {
      callId: w.callId,
      category: w.category,
      subTopic: w.subTopic,
      area: w.area,
      notes: w.notes,
      articles: w.articles,
      outcome: w.outcome,
      outcomeDetail: w.outcomeDetail,
      workOrder: w.workOrder,
      status: w.status,
      updatedAt: w.updatedAt,
      completedAt: w.completedAt,
      escalation: escalationOf(w, settings.current()),
      callerNumber: call ? normalizeNumber(call.remoteNumber).display : '',
      callStartedAt: call?.startedAt ?? w.updatedAt,
    };
  };

  const wrapUpRow = (callId: string): WrapUpRow => {
    let row = getWrapUpRow(db, callId);
    if (!row) {
      if (!getCallSource(db, callId)) throw new CoreError('not-found', `no call ${callId}`);
      ensureWrapUp(db, callId, now(), options.currentAgent());
      row = getWrapUpRow(db, callId)!;
    }
    return row;
  };

  const remoteLookup = (callId: string, normalized: string) => {
    const template = settings.current().lookupUrlTemplate;
    if (template === '') return;
    const budget = options.lookupBudgetMs ?? 300;
    const update = (remote: RemoteLookupView) => {
      const current = contexts.get(callId);
      if (!current || closed) return;
      const next = { ...current, remote };
      contexts.set(callId, next);
      options.emitContext(next);
    };
    const url = template.replace('{number}', encodeURIComponent(normalized));
    void fetch(url, { signal: AbortSignal.timeout(budget), headers: { accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        update({ state: 'answered', fields: lookupFields(await response.json()) });
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer in ${budget} ms` : error.message) : String(error);
        update({ state: 'failed', fields: [], error: reason.slice(0, 200) });
      });
  };

  const service: RecordsService = {
    enrich(call) {
      const n = normalizeNumber(call.remoteNumber);
      return { numberNorm: n.normalized, region: regions.regionOf(n.national) };
    },
    withinEnd(callId) {
      withinEnd(callId);
      // Status and upload after the transaction commits.
      setImmediate(afterEnqueue);
    },
    callRang(call) {
      const s = settings.current();
      const stored = getCallSource(db, call.id);
      const number = numberView(call.remoteNumber, stored ?? undefined);
      const at = now();
      const searchable = /^\+?[0-9]{3,}$/.test(number.normalized);
      const last24h = searchable ? callCountSince(db, number.normalized, at - dayMs) + (stored ? 0 : 1) : 1;
      const context: CallerContextView = {
        callId: call.id,
        number,
        name: call.remoteName,
        headers: call.context.map((f) => ({ name: f.name, value: f.value })),
        history: searchable ? callHistory(db, number.normalized, at - historyDays * dayMs, call.id) : [],
        callsLast24h: last24h,
        repeatCaller: last24h >= s.repeatCallerThreshold,
        openWorkOrders: searchable ? openWorkOrders(db, number.normalized) : [],
        remote: { state: s.lookupUrlTemplate === '' ? 'off' : 'pending', fields: [] },
      };
      contexts.set(call.id, context);
      while (contexts.size > contextsKept) contexts.delete(contexts.keys().next().value!);
      options.emitContext(context);
      if (searchable) remoteLookup(call.id, number.normalized);
    },
    callerContext: (callId) => contexts.get(callId) ?? null,
    wrapUp: (callId) => toView(wrapUpRow(callId)),
    saveDraft(callId, patch) {
      const at = now();
      if (!patchWrapUp(db, callId, patch, at)) {
        wrapUpRow(callId);
        patchWrapUp(db, callId, patch, at);
      }
      return { savedAt: at };
    },
    complete(callId) {
      const s = settings.current();
      const row = wrapUpRow(callId);
      const issues = missingFields(row, s);
      if (issues.length > 0) {
        throw new CoreError(
          'invalid',
          'the wrap-up misses required fields',
          issues.map((path) => ({ path, code: 'wrapUp.required', message: 'This field is required.' })),
        );
      }
      const call = getCallSource(db, callId)!;
      const at = now();
      db.transaction(() => {
        const revision = markWrapUpComplete(db, callId, at);
        const done = getWrapUpRow(db, callId)!;
        put('wrap-up', `wrapup-${callId}-${revision}`, callId, wrapUpData(done, revision), at);
        if (done.outcome === 'work-order' && done.workOrder && workOrderOfCall(db, callId) === undefined) {
          const category = s.categories.find((c) => c.name === done.category);
          const days = done.workOrder.deadlineDays ?? category?.deadlineDays ?? 30;
          const agent = options.currentAgent();
          const order = {
            id: `wo-${randomUUID()}`,
            callId,
            numberNorm: call.numberNorm ?? normalizeNumber(call.remoteNumber).normalized,
            department: done.workOrder.department,
            summary: done.workOrder.summary,
            callbackNumber: done.workOrder.callbackNumber || call.remoteNumber,
            category: done.category,
            subTopic: done.subTopic,
            area: done.area,
            priority: done.workOrder.priority,
            escalate: done.workOrder.escalate,
            deadlineAt: at + days * dayMs,
            agentNo: agent?.no ?? null,
            agentName: agent?.name ?? null,
            createdAt: at,
          };
          insertWorkOrder(db, order);
          put('work-order', order.id, callId, { ...order, deadlineAt: iso(order.deadlineAt), createdAt: iso(order.createdAt) }, at);
        }
      })();
      afterEnqueue();
      const view = toView(getWrapUpRow(db, callId)!);
      options.emitWrapUpCompleted(view);
      try {
        options.onWrapUpCompleted?.(callId);
      } catch (error) {
        log.error('closing the wrap-up phase failed', error);
      }
      return view;
    },
    listCalls(limit, incompleteOnly) {
      return listCalls(db, limit, incompleteOnly).map((r) => ({
        callId: r.callId,
        direction: r.direction,
        number: numberView(r.remoteNumber, r),
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        endReason: r.endReason,
        category: r.category,
        wrapUp: r.wrapUp ?? 'none',
        // A missed inbound call has nothing to wrap up; answered and outbound calls do.
        incomplete: r.endedAt !== null && r.wrapUp !== 'complete' && (r.answeredAt !== null || r.direction === 'outbound'),
      }));
    },
    settingsView: () => settings.view(),
    saveSettings: (input) => settings.save(input, now()),
    exportRange: (from, to, format) => exportRecords(db, { from, to, format }),
    enqueue(record, within) {
      const at = now();
      db.transaction(() => {
        within?.();
        put(record.kind, record.id, record.callId, record.data, at);
      })();
      afterEnqueue();
    },
    recordSurveyResult(result, within) {
      service.enqueue({ kind: 'survey', id: result.id, callId: result.callId, data: { ...result.data, rating: result.rating } }, () => {
        within?.();
        setCallRating(db, result.callId, result.rating);
      });
    },
    uploadNow: () => uploader.kick(),
    rejected: () => rejectedRecords(db, 100),
    callLogBacklog(waiting) {
      backlog = waiting;
      refreshStatus();
    },
    refreshStatus,
    number: (raw) => numberView(raw),
    async close() {
      await uploader.close();
      closed = true;
    },
  };
  refreshStatus();
  uploader.kick();
  return service;
}

function missingFields(w: WrapUpRow, s: RecordsSettings): string[] {
  const missing: string[] = [];
  const value = { category: w.category, subTopic: w.subTopic, notes: w.notes, outcome: w.outcome };
  for (const field of s.requiredFields) if (value[field].trim() === '') missing.push(field);
  if (w.outcome === 'work-order') {
    if (!w.workOrder || w.workOrder.summary.trim() === '') missing.push('workOrder.summary');
    if (!w.workOrder || w.workOrder.department.trim() === '') missing.push('workOrder.department');
  }
  if ((w.outcome === 'referred' || w.outcome === 'callback') && w.outcomeDetail.trim() === '') missing.push('outcomeDetail');
  return missing;
}

function wrapUpData(w: WrapUpRow, revision: number): Record<string, unknown> {
  return {
    revision,
    category: w.category,
    subTopic: w.subTopic,
    area: w.area,
    notes: w.notes,
    articles: w.articles,
    outcome: w.outcome,
    outcomeDetail: w.outcomeDetail,
    completedAt: iso(w.completedAt),
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Plain-text name/value pairs from a lookup answer: top-level strings and numbers only. */
function lookupFields(body: unknown): { name: string; value: string }[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const fields: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    fields.push({ name: plain(name, 40), value: plain(String(value), 200) });
    if (fields.length >= 10) break;
  }
  return fields;
}

function plain(text: string, max: number): string {
   
  return text.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, '').slice(0, max);
}

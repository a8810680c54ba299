/**
 * The satisfaction survey (issue 9): carries out the survey machine's
 * effects for in-call surveys, hands calls to the centre's survey IVR in
 * transfer mode, takes agent-entered ratings, attaches results imported or
 * polled from the centre, and stores every result with its outbox record.
 *
 * ```
 *  endWithSurvey(callId) ─┬─ in-call ────▶ offered row + record ─▶ phone.startSurvey ─▶ machine
 *                         │                 machine effects: media (playPrompt, stopPrompt,
 *                         │                 start/stopDtmfDetection), timers, result, phone.finishSurvey
 *                         ├─ ivr-transfer ─▶ offered row + record ─▶ phone.transferToSurvey (REFER,
 *                         │                 X-Call-Uid, X-Agent-Id); result later: import / poll
 *                         └─ agent-recorded / off ─▶ plain hang-up (the agent rates in the wrap-up)
 *  digits: phone.onDigit (SIP INFO) and surveyDigitDetected (in-band, from the media engine)
 *  callEnded while running ─▶ machine 'caller-hung-up'
 * ```
 * Rows are written before anything is played, so a seat that dies
 * mid-survey leaves "offered" and never an invented result.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  RATING_INVALID,
  RATING_NO_RESPONSE,
  defaultSurveySettings,
  surveySettingsSchema,
  type CallSnapshot,
  type MediaMethod,
  type MediaMethods,
  type SurveyEvents,
  type SurveyImportResult,
  type SurveyMode,
  type SurveyModeTaken,
  type SurveyRates,
  type SurveySettings,
  type SurveySource,
  type SurveyView,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import { parseSurveyCsv, parseSurveyJson, type ImportedResult } from './survey-import.js';
import { initialSurveyState, surveyMachine, type SurveyEffect, type SurveyInput, type SurveyMachineState, type SurveyPrompt } from './survey-machine.js';
import {
  callExists,
  findCallId,
  readSettingsRow,
  readSurvey,
  surveyRates,
  surveyRatesPerDay,
  writeOffered,
  writePollCursor,
  writeResult,
  writeSettingsRow,
  type SurveyRow,
} from './survey-queries.js';

const log = createLogger('survey');

/** What the survey needs of the phone (create-core passes the phone service's seams). */
export interface SurveyPhone {
  startSurvey(callId: string): Promise<unknown>;
  finishSurvey(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  callSnapshot(callId: string): CallSnapshot | null;
  /** REFER the caller to the survey IVR with extra headers. */
  transferToSurvey(callId: string, uri: string, headers: Readonly<Record<string, string>>): Promise<unknown>;
}

export interface SurveyMediaPort {
  request<M extends MediaMethod>(method: M, params: MediaMethods[M]['params']): Promise<MediaMethods[M]['result']>;
}

/** records.recordSurveyResult: the rating on the call row + the record's outbox row, with `within` in one transaction. */
export type SurveyRecordStore = (
  result: { id: string; callId: string; rating: number | null; data: Readonly<Record<string, unknown>> },
  within: () => void,
) => void;

export interface SurveyServiceOptions {
  readonly db: Database;
  readonly phone: SurveyPhone;
  readonly media: SurveyMediaPort;
  readonly profile: () => { readonly surveyMode: SurveyMode; readonly surveyIvrUri: string };
  /** The agent on the seat (工号), stamped on results and sent as X-Agent-Id. */
  readonly agentNo: () => string | null;
  /** resources/ (bundled prompts in resources/survey/). */
  readonly resourcesDir: string;
  readonly store: SurveyRecordStore;
  readonly emit: <K extends keyof SurveyEvents>(name: K, payload: SurveyEvents[K]) => void;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

export interface SurveyService {
  settings(): SurveySettings;
  saveSettings(settings: SurveySettings): SurveySettings;
  /** 结束并邀请评价 (or the agent's hang-up with auto-start on). Null when no survey runs (plain hang-up). */
  endWithSurvey(callId: string): Promise<SurveyView | null>;
  /** Whether the agent's hang-up of this call should start the survey instead. */
  wantsSurveyOnHangup(callId: string): boolean;
  digit(callId: string, digit: string, source: SurveySource): void;
  /** Every ended call (the caller may hang up mid-survey). */
  callEnded(call: CallSnapshot): void;
  recordAgentRating(callId: string, rating: number, callerWords: string): SurveyView;
  view(callId: string): SurveyView | null;
  importResults(format: 'csv' | 'json', text: string, source?: 'import' | 'poll'): SurveyImportResult;
  rates(from: number, to: number, perDay: boolean): SurveyRates[];
  /** One poll of the results endpoint (transfer mode); also run on the poll timer. */
  pollNow(): Promise<SurveyImportResult | null>;
  /** True while an in-call survey runs on this seat. */
  running(): boolean;
  close(): void;
}

interface Run {
  readonly callId: string;
  readonly centreCallId: string | null;
  readonly settings: SurveySettings;
  state: SurveyMachineState;
  timer: ReturnType<typeof setTimeout> | undefined;
  promptTimer: ReturnType<typeof setTimeout> | undefined;
  /** Effects run one input at a time, in order. */
  queue: Promise<void>;
}

const promptFile: Record<SurveyPrompt, string> = { invite: 'invite.wav', invalid: 'invalid.wav', thanks: 'thanks.wav' };
const promptSetting: Record<SurveyPrompt, 'promptInvite' | 'promptInvalid' | 'promptThanks'> = {
  invite: 'promptInvite',
  invalid: 'promptInvalid',
  thanks: 'promptThanks',
};

export function createSurveyService(options: SurveyServiceOptions): SurveyService {
  const { db, phone, media } = options;
  const now = options.now ?? Date.now;
  const runs = new Map<string, Run>();
  const promptCache = new Map<string, { mtimeMs: number; base64: string }>();
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function settings(): SurveySettings {
    const row = readSettingsRow(db);
    if (!row) return defaultSurveySettings;
    try {
      const parsed = surveySettingsSchema.safeParse({ ...defaultSurveySettings, ...(JSON.parse(row.json) as object) });
      if (parsed.success) return parsed.data;
      log.warn('stored survey settings are not valid; using the defaults');
    } catch {
      log.warn('stored survey settings are not JSON; using the defaults');
    }
    return defaultSurveySettings;
  }

  function schedulePoll(): void {
    clearTimeout(pollTimer);
    pollTimer = undefined;
    if (closed) return;
    const s = settings();
    if (s.resultsUrl === '' || options.profile().surveyMode !== 'ivr-transfer') return;
    pollTimer = setTimeout(() => {
      void service.pollNow().finally(schedulePoll);
    }, s.pollSeconds * 1000);
    pollTimer.unref?.();
  }

  function scaleOf(s: SurveySettings, rating: number) {
    return rating >= 1 ? (s.scale[rating - 1] ?? null) : null;
  }

  function viewOf(row: SurveyRow): SurveyView {
    return {
      callId: row.callId,
      mode: row.mode,
      status: row.status,
      rating: row.rating,
      label: row.label,
      grade: row.grade,
      dissatisfied: row.dissatisfied,
      source: row.source,
      callerWords: row.callerWords,
      step: runs.get(row.callId)?.state.step ?? null,
      offeredAt: row.offeredAt,
      answeredAt: row.answeredAt,
    };
  }

  function emitView(callId: string): SurveyView | null {
    const row = readSurvey(db, callId);
    if (!row) return null;
    const view = viewOf(row);
    options.emit('surveyChanged', { survey: view });
    return view;
  }

  function recordOf(row: SurveyRow, digit: string | null): Readonly<Record<string, unknown>> {
    return {
      mode: row.mode,
      status: row.status,
      rating: row.rating,
      label: row.label,
      grade: row.grade,
      dissatisfied: row.dissatisfied,
      source: row.source,
      digit,
      callerWords: row.callerWords,
      centreCallId: row.centreCallId,
      agentNo: row.agentNo,
      offeredAt: row.offeredAt,
      answeredAt: row.answeredAt,
    };
  }

  /** The "offered" row and its record, one transaction. */
  function offer(callId: string, centreCallId: string | null, mode: SurveyModeTaken): void {
    const at = now();
    const agentNo = options.agentNo();
    const row: SurveyRow = {
      callId,
      centreCallId,
      mode,
      status: 'offered',
      rating: null,
      label: null,
      grade: null,
      dissatisfied: false,
      source: null,
      callerWords: '',
      agentNo,
      offeredAt: at,
      answeredAt: null,
    };
    options.store({ id: `survey-${callId}-offered`, callId, rating: null, data: recordOf(row, null) }, () =>
      writeOffered(db, { callId, centreCallId, mode, agentNo, at }),
    );
  }

  /** A result (any mode), with its record, one transaction; returns the stored row. */
  function storeResult(
    callId: string,
    centreCallId: string | null,
    mode: SurveyModeTaken,
    rating: number,
    digit: string | null,
    source: SurveySource | null,
    callerWords: string,
  ): SurveyRow {
    const s = settings();
    const point = scaleOf(s, rating);
    const status = rating === RATING_NO_RESPONSE ? 'no-response' : rating === RATING_INVALID ? 'invalid' : 'rated';
    const at = now();
    const previous = readSurvey(db, callId);
    const agentNo = previous?.agentNo ?? options.agentNo();
    const write = {
      callId,
      centreCallId,
      mode,
      status,
      rating,
      label: point?.label ?? null,
      grade: point?.grade ?? null,
      source,
      callerWords,
      agentNo,
      at,
    } as const;
    const row: SurveyRow = {
      callId,
      centreCallId,
      mode,
      status,
      rating,
      label: write.label,
      grade: write.grade,
      dissatisfied: write.grade === 'dissatisfied',
      source,
      callerWords,
      agentNo,
      offeredAt: previous?.offeredAt ?? at,
      answeredAt: at,
    };
    // The call row (caller history ★) carries valid ratings only; −1/−2 travel as `code` with the status.
    options.store({ id: `survey-${callId}-result-${at}`, callId, rating: rating >= 1 ? rating : null, data: { ...recordOf(row, digit), code: rating } }, () =>
      writeResult(db, write),
    );
    return row;
  }

  function feed(run: Run, input: SurveyInput): void {
    run.queue = run.queue.then(async () => {
      const t = surveyMachine(run.state, input, {
        digits: run.settings.scale.map((p) => p.digit),
        timeoutMs: run.settings.timeoutSeconds * 1000,
        retries: run.settings.retries,
      });
      const stepBefore = run.state.step;
      run.state = t.state;
      for (const effect of t.effects) await carryOut(run, effect);
      if (run.state.step === 'done') {
        clearTimeout(run.timer);
        clearTimeout(run.promptTimer);
        runs.delete(run.callId);
      }
      if (run.state.step !== stepBefore || t.effects.some((e) => e.type === 'result')) emitView(run.callId);
    });
    run.queue = run.queue.catch((error: unknown) => log.error(`survey of ${run.callId}: ${String(error)}`));
  }

  async function carryOut(run: Run, effect: SurveyEffect): Promise<void> {
    const sessionId = run.callId;
    switch (effect.type) {
      case 'start-detection':
        await media.request('startDtmfDetection', { sessionId }).catch((e: unknown) => log.warn(`in-band detection not started: ${String(e)}`));
        return;
      case 'stop-detection':
        await media.request('stopDtmfDetection', { sessionId }).catch(() => undefined);
        return;
      case 'play': {
        clearTimeout(run.promptTimer);
        try {
          const audioBase64 = await promptAudio(run.settings, effect.prompt);
          const { durationMs } = await media.request('playPrompt', { sessionId, promptId: effect.prompt, audioBase64 });
          run.promptTimer = setTimeout(() => feed(run, { type: 'prompt-ended', prompt: effect.prompt }), durationMs + 150);
        } catch (error) {
          log.warn(`prompt ${effect.prompt} for ${sessionId} could not play: ${String(error)}`);
          feed(run, { type: 'media-failed' });
        }
        return;
      }
      case 'stop-prompt':
        clearTimeout(run.promptTimer);
        await media.request('stopPrompt', { sessionId }).catch(() => undefined);
        return;
      case 'start-timer':
        clearTimeout(run.timer);
        run.timer = setTimeout(() => feed(run, { type: 'timeout' }), effect.ms);
        return;
      case 'cancel-timer':
        clearTimeout(run.timer);
        return;
      case 'result':
        storeResult(run.callId, run.centreCallId, 'in-call', effect.result.rating, effect.result.digit, effect.result.source, '');
        return;
      case 'hang-up':
        await phone.finishSurvey(run.callId).catch((e: unknown) => log.warn(`survey BYE for ${run.callId}: ${String(e)}`));
        return;
      default: {
        const unknown: never = effect;
        throw new Error(`unknown survey effect ${JSON.stringify(unknown)}`);
      }
    }
  }

  async function promptAudio(s: SurveySettings, prompt: SurveyPrompt): Promise<string> {
    const custom = s[promptSetting[prompt]];
    const bundled = join(options.resourcesDir, 'survey', promptFile[prompt]);
    for (const path of custom ? [custom, bundled] : [bundled]) {
      try {
        const info = await stat(path);
        const cached = promptCache.get(path);
        if (cached && cached.mtimeMs === info.mtimeMs) return cached.base64;
        if (info.size > 8 * 1024 * 1024) throw new Error('larger than 8 MB');
        const base64 = (await readFile(path)).toString('base64');
        promptCache.set(path, { mtimeMs: info.mtimeMs, base64 });
        return base64;
      } catch (error) {
        if (path === bundled) throw error;
        log.warn(`survey prompt ${path} unusable (${String(error)}); playing the bundled one`);
      }
    }
    throw new Error('no prompt');
  }

  function answeredCall(callId: string): CallSnapshot {
    const call = phone.callSnapshot(callId);
    if (!call) throw new CoreError('not-found', `no call ${callId}`);
    if (call.state !== 'active' || call.answeredAt === null || call.phase !== 'call') {
      throw new CoreError('conflict', 'only a connected call the agent still has can be surveyed');
    }
    return call;
  }

  const service: SurveyService = {
    settings,
    saveSettings(next) {
      writeSettingsRow(db, JSON.stringify(next), now());
      const saved = settings();
      options.emit('surveySettingsChanged', { settings: saved });
      schedulePoll();
      return saved;
    },
    wantsSurveyOnHangup(callId) {
      const mode = options.profile().surveyMode;
      if ((mode !== 'in-call' && mode !== 'ivr-transfer') || !settings().autoStart) return false;
      const call = phone.callSnapshot(callId);
      return call !== null && call.direction === 'inbound' && call.state === 'active' && call.answeredAt !== null && call.phase === 'call' && !call.held;
    },
    async endWithSurvey(callId) {
      const { surveyMode, surveyIvrUri } = options.profile();
      if (surveyMode === 'off' || surveyMode === 'agent-recorded') {
        await phone.hangup(callId);
        return null;
      }
      const call = answeredCall(callId);
      if (surveyMode === 'ivr-transfer') {
        if (surveyIvrUri === '') throw new CoreError('conflict', 'no survey IVR is set');
        offer(callId, call.centreCallId, 'ivr-transfer');
        const headers: Record<string, string> = { 'X-Call-Uid': call.centreCallId ?? callId };
        const agent = options.agentNo();
        if (agent) headers['X-Agent-Id'] = agent;
        await phone.transferToSurvey(callId, surveyIvrUri, headers);
        return emitView(callId);
      }
      if (runs.has(callId)) return service.view(callId);
      const s = settings();
      offer(callId, call.centreCallId, 'in-call');
      const run: Run = { callId, centreCallId: call.centreCallId, settings: s, state: initialSurveyState, timer: undefined, promptTimer: undefined, queue: Promise.resolve() };
      runs.set(callId, run);
      try {
        await phone.startSurvey(callId);
      } catch (error) {
        runs.delete(callId);
        throw error;
      }
      feed(run, { type: 'start' });
      await run.queue;
      return emitView(callId);
    },
    digit(callId, digit, source) {
      const run = runs.get(callId);
      if (run) feed(run, { type: 'digit', digit, source });
    },
    callEnded(call) {
      const run = runs.get(call.id);
      if (run) feed(run, { type: 'caller-hung-up' });
    },
    recordAgentRating(callId, rating, callerWords) {
      const call = callExists(db, callId);
      if (!call) throw new CoreError('not-found', `no call ${callId}`);
      const s = settings();
      if (rating > s.scale.length) throw new CoreError('invalid', `the scale has ${s.scale.length} points`);
      storeResult(callId, call.centreCallId, 'agent-recorded', rating, String(rating), 'agent', callerWords.trim());
      return emitView(callId)!;
    },
    view(callId) {
      const row = readSurvey(db, callId);
      return row ? viewOf(row) : null;
    },
    importResults(format, text, source = 'import') {
      const parsed = format === 'csv' ? parseSurveyCsv(text) : parseSurveyJson(text);
      let attached = 0;
      let unknownCalls = 0;
      for (const r of parsed.results) {
        if (attach(r, source)) attached++;
        else unknownCalls++;
      }
      return { attached, unknownCalls, invalid: parsed.invalid.slice(0, 100) };
    },
    rates(from, to, perDay) {
      return perDay ? surveyRatesPerDay(db, from, to) : [surveyRates(db, from, to)];
    },
    async pollNow() {
      const s = settings();
      if (s.resultsUrl === '') return null;
      const cursor = readSettingsRow(db)?.pollCursor ?? '';
      const url = new URL(s.resultsUrl);
      if (cursor) url.searchParams.set('since', cursor);
      try {
        const response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const text = await response.text();
        const result = service.importResults('json', text, 'poll');
        try {
          const next = (JSON.parse(text) as { cursor?: unknown }).cursor;
          if (typeof next === 'string' && next.length <= 200) writePollCursor(db, next, now());
        } catch {
          // importResults reported it
        }
        return result;
      } catch (error) {
        log.warn(`survey results poll failed: ${String(error)}`);
        return null;
      }
    },
    running: () => runs.size > 0,
    close() {
      closed = true;
      clearTimeout(pollTimer);
      for (const run of runs.values()) {
        clearTimeout(run.timer);
        clearTimeout(run.promptTimer);
      }
      runs.clear();
    },
  };

  function attach(r: ImportedResult, source: 'import' | 'poll'): boolean {
    const callId = findCallId(db, r.callId);
    if (!callId) return false;
    const existing = readSurvey(db, callId);
    if (existing && existing.status !== 'offered' && existing.rating === r.rating) return true; // already attached
    const centre = callExists(db, callId)?.centreCallId ?? null;
    storeResult(callId, centre, existing?.mode ?? 'ivr-transfer', r.rating, r.digit, source, existing?.callerWords ?? '');
    emitView(callId);
    return true;
  }

  schedulePoll();
  return service;
}

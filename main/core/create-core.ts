/**
 * The composition root: opens the seat database, builds every service, and
 * wires them to one dispatcher and one event hub. Both hosts — Electron
 * (`main/electron`) and browser mode (`main/web`) — call this and nothing else
 * of the core.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEnvelope, EventMap, EventName, Result, SystemEventKind } from '../contract/index.js';
import { createEventHub } from './base/event-hub.js';
import { createCallLogService } from './calls/call-log-service.js';
import { callsHandlers } from './calls/calls-handlers.js';
import { createLogger } from './base/log.js';
import { openDatabase } from './db/open-database.js';
import { schemaVersion } from './db/migrate.js';
import { createDispatcher, type Handlers } from './dispatcher.js';
import { kbHandlers } from './kb/kb-handlers.js';
import { createKbService } from './kb/kb-service.js';
import { loadSampleKbIfEmpty } from './kb/load-sample-kb.js';
import { createKbSyncService } from './kb/sync/kb-sync-service.js';
import { phoneHandlers } from './phone/phone-handlers.js';
import { createPhoneService } from './phone/phone-service.js';
import { kbSyncHandlers } from './kb/sync/kb-sync-handlers.js';
import { createProfileService, type ProfileService } from './profile/profile-service.js';
// agents and shifts (main/core/shift)
import { shiftHandlers } from './shift/shift-handlers.js';
import { createShiftService, type ShiftService } from './shift/shift-service.js';
import { createProvisioningService, provisioningHandlers } from './provisioning/provisioning-service.js';
import type { SecretBox } from './profile/secret-box.js';
import { seatHandlers } from './seat/seat-handlers.js';
import { createStatusBoard } from './status/status-board.js';
// records: numbers, caller context, wrap-up, work orders, outbox, uploader (main/core/records)
import type { CallRecorder } from './phone/call-recorder.js';
import { createRegionLookup, geoDataCandidates } from './records/number-region.js';
import { recordsHandlers } from './records/records-handlers.js';
import { createRecordsService, type RecordsService } from './records/records-service.js';
import { createRecordsSettingsStore } from './records/records-settings.js';
import { createUploader } from './records/uploader.js';
// satisfaction survey (main/core/survey)
import { surveyAwareHangup, surveyHandlers } from './survey/survey-handlers.js';
import { createSurveyService, type SurveyService } from './survey/survey-service.js';
import { referToWithHeaders } from './survey/survey-refer-uri.js';
import { surveyRates } from './survey/survey-queries.js';

const log = createLogger('core');

export interface CoreOptions {
  /** Folder for the seat database and its files; created if missing. */
  readonly dataDir: string;
  readonly host: 'electron' | 'web';
  readonly version: string;
  readonly secrets: SecretBox;
  /** Folder of bundled resources (sample knowledge base). */
  readonly resourcesDir: string;
  /** Folder of the built worker threads (`out/workers`: kb-sync.worker.cjs, …). */
  readonly workersDir: string;
  /**
   * Remote provisioning (`--provision URL|FILE`, `--seat-code CODE`): read at
   * every start, applied when valid and newer (main/core/provisioning).
   */
  readonly provision?: { readonly source: string | null; readonly seatCode?: string };
}

/** A renderer window or browser tab attached to the core. */
export interface CoreClient {
  readonly id: string;
  send(event: EventEnvelope): void;
}

export interface Core {
  dispatch(method: unknown, params: unknown, clientId: string): Promise<Result<unknown>>;
  /** Starts pushing events to the client; returns the detach function. */
  attachClient(client: CoreClient): () => void;
  /** Network came back, machine woke, … (forwarded by the host). */
  systemEvent(kind: SystemEventKind): void;
  readonly profile: ProfileService;
  /** Who is signed in at the seat (`currentAgent()` for records). */
  readonly shift: ShiftService;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = join(options.dataDir, 'seat.sqlite');
  const db = openDatabase(dbFile);
  const events = createEventHub((error) => log.error('event listener failed', error));
  const clients = new Map<string, CoreClient>();
  events.subscribe((name, payload) => {
    const envelope: EventEnvelope = { t: 'evt', name, payload };
    for (const client of clients.values()) {
      try {
        client.send(envelope);
      } catch (error) {
        log.warn(`dropping event ${name} for client ${client.id}`, error);
      }
    }
  });

  /** Sends one event to one client only (media requests go to the media owner alone). */
  const sendTo = (clientId: string, name: EventName, payload: unknown): boolean => {
    const client = clients.get(clientId);
    if (!client) return false;
    try {
      client.send({ t: 'evt', name, payload });
      return true;
    } catch (error) {
      log.warn(`cannot send ${name} to client ${clientId}`, error);
      return false;
    }
  };

  const board = createStatusBoard((status) => events.emit('statusChanged', status));
  const profile = createProfileService({ db, secrets: options.secrets });
  const provisioning = createProvisioningService({
    db,
    profile,
    source: options.provision?.source ?? null,
    ...(options.provision?.seatCode ? { seatCode: options.provision.seatCode } : {}),
    onChange: (status) => events.emit('provisioningChanged', status),
    onProfileSaved: () => events.emit('profileChanged', profile.view()),
    caPem: () => profile.current().trustedCaPem || null,
  });
  // First run only: the 256 bundled records load in 0.15–0.45 s (measured), before any request is served.
  loadSampleKbIfEmpty(db, options.resourcesDir);
  const kb = createKbService({ db });
  const kbSync = createKbSyncService({
    db,
    dbFile,
    workersDir: options.workersDir,
    spoolDir: join(options.dataDir, 'kb-sync'),
    sourceUrl: () => profile.current().kbSourceUrl,
    publicKey: () => profile.current().kbPublicKey,
    trustedCaPem: () => profile.current().trustedCaPem,
    watchSourceUrl: (listener) => profile.onChange((p) => listener(p.kbSourceUrl)),
    onStatus: (kbStatus) => board.update({ kb: kbStatus }),
    onProgress: (progress) => events.emit('kbSyncProgressed', progress),
  });

  // Agents sign in for a shift; records and calls carry the agent (calls via the trigger of migration 0050).
  const shift = createShiftService({
    db,
    seatNumber: () => profile.current().agentNumber,
    onChange: (state) => events.emit('shiftChanged', state),
    // the handover acknowledgement, shift ends and callback outcomes reach the centre through the records outbox
    sendToCentre: ({ kind, id, callId, body }) => {
      if (!records) throw new Error('records service not ready');
      records.enqueue({ kind, id, callId: callId ?? null, data: body as Readonly<Record<string, unknown>> });
    },
    // satisfaction and response rate of the shift's (or day's) time span, from the survey results
    ratings: ({ from, to }) => {
      const rates = surveyRates(db, from, to);
      return { satisfactionRate: rates.satisfactionRate, responseRate: rates.responseRate };
    },
    // no sign-out in the middle of a call (the phone is built below; calls come later)
    onCall: () => phone.getPhoneState().calls.some((c) => c.state !== 'ended'),
  });
  // a wrap-up that promised a callback shows in the reminders at once
  // and the phrases used on the call follow its record to the centre
  events.subscribe((name, payload) => {
    if (name !== 'wrapUpCompleted') return;
    shift.refresh();
    shift.callRecordCompleted((payload as EventMap['wrapUpCompleted']).callId);
  });
  // Records hook into the call log (number + region on the row; the call's record in its end transaction).
  let records: RecordsService | null = null;
  const callLog = createCallLogService({
    db,
    enrich: (call) => records?.enrich(call) ?? { numberNorm: null, region: null },
    withinEnd: (callId) => records?.withinEnd(callId),
    onBacklog: (waiting) => records?.callLogBacklog(waiting),
  });
  const regions = createRegionLookup(geoDataCandidates(options));
  regions.load();
  const recordsSettings = createRecordsSettingsStore(db, options.secrets);
  records = createRecordsService({
    db,
    regions,
    settings: recordsSettings,
    uploader: createUploader({
      db,
      url: () => profile.current().recordsUploadUrl,
      token: () => recordsSettings.token(),
      userAgent: `Hotseat/${options.version}`,
      trustedCaPem: () => profile.current().trustedCaPem,
      onChange: () => records?.refreshStatus(),
    }),
    seat: () => ({ number: profile.current().agentNumber, sipUri: profile.current().sipUri }),
    currentAgent: () => {
      const agent = shift.currentAgent();
      return agent ? { no: agent.agentNo, name: agent.agentName } : null;
    },
    emitContext: (context) => events.emit('callerContextChanged', context),
    emitWrapUpCompleted: (view) => events.emit('wrapUpCompleted', view),
    // A completed wrap-up closes the call's wrap-up phase (the call machine's `closeCall`).
    onWrapUpCompleted: (callId) => {
      if (phone.callSnapshot(callId)?.phase === 'wrap-up') phone.closeCall(callId);
    },
    onStatus: (status) => board.update({ records: status }),
    uploadConfigured: () => profile.current().recordsUploadUrl !== '',
  });
  const recordsService = records;
  // The phone writes through the call log; a ring also fills the caller context.
  const recorder: CallRecorder = {
    callStarted(call) {
      callLog.callStarted(call);
      // The caller context (history SQL, work orders, remote lookup) comes after the
      // ring's own work: the call is offered and auto-answer starts before it runs,
      // so the 200 OK never waits for it (it reaches the desk as callerContextChanged).
      setImmediate(() => {
        if (!db.open) return;
        try {
          recordsService.callRang(call);
        } catch (error) {
          log.error('cannot build the caller context', error);
        }
      });
    },
    callAnswered: (callId, at, autoAnswered) => callLog.callAnswered(callId, at, autoAnswered),
    callEvent: (callId, kind, at, detail) => callLog.callEvent(callId, kind, at, detail),
    callEnded: (callId, end) => callLog.callEnded(callId, end),
  };
  let survey: SurveyService | null = null;
  const phone = createPhoneService({
    profile,
    recorder,
    onRegistration: (registration) => board.update({ registration }),
    onAgent: (agent) => board.update({ agent }),
    emit: (name, payload) => events.emit(name, payload as EventMap[typeof name]),
    sendMedia: (clientId, request) => sendTo(clientId, 'mediaRequest', request),
    onDigit: (callId, digit, source) => survey?.digit(callId, digit, source),
    surveyHoldsAgent: () => survey?.settings().holdAgent === true,
    userAgentString: `Hotseat/${options.version}`,
  });

  const surveyService = createSurveyService({
    db,
    phone: {
      startSurvey: (callId) => phone.startSurvey(callId),
      finishSurvey: (callId) => phone.finishSurvey(callId),
      hangup: (callId) => phone.hangupCall(callId),
      callSnapshot: (callId) => phone.callSnapshot(callId),
      transferToSurvey: (callId, uri, headers) => Promise.resolve(phone.transferBlind(callId, uri, referToWithHeaders(uri, headers))),
    },
    media: { request: (method, params) => phone.requestMedia(method, params) },
    profile: () => profile.current(),
    // The signed-in agent's 工号, else the seat number (as on the records).
    agentNo: () => shift.currentAgent()?.agentNo ?? (profile.current().agentNumber || null),
    resourcesDir: options.resourcesDir,
    store: (result, within) => recordsService.recordSurveyResult(result, within),
    emit: (name, payload) => events.emit(name, payload as EventMap[typeof name]),
  });
  survey = surveyService;
  events.subscribe((name, payload) => {
    if (name === 'callEnded') surveyService.callEnded((payload as EventMap['callEnded']).call);
  });

  const systemEvent = (kind: SystemEventKind): void => {
    log.info(`system event: ${kind}`);
    kbSync.systemEvent(kind);
    phone.systemEvent(kind);
    if (kind === 'online' || kind === 'resume') recordsService.uploadNow();
  };

  // One line per feature: its handler map, typed by its contract's request schemas.
  const handlers: Handlers = {
    ...seatHandlers({
      appInfo: () => ({ version: options.version, host: options.host, dataDir: options.dataDir, schemaVersion: schemaVersion(db) }),
      profile,
      profileSaved: (view) => events.emit('profileChanged', view),
      status: () => board.current(),
      systemEvent,
    }),
    ...kbHandlers(kb),
    ...kbSyncHandlers(kbSync),
    ...phoneHandlers(phone),
    ...callsHandlers(callLog),
    ...recordsHandlers(recordsService),
    ...shiftHandlers(shift),
    ...provisioningHandlers(provisioning),
    ...surveyHandlers(surveyService),
    // The agent's hang-up starts the survey when the settings ask for it.
    hangupCall: surveyAwareHangup(surveyService, phoneHandlers(phone).hangupCall),
  };
  const dispatcher = createDispatcher(handlers);
  kbSync.start();
  // Never blocks the start: an unreachable source leaves the current profile in place.
  void provisioning.check();

  let closed = false;
  return {
    profile,
    shift,
    dispatch: (method, params, clientId) => dispatcher.dispatch(method, params, { clientId }),
    attachClient(client) {
      clients.set(client.id, client);
      return () => {
        clients.delete(client.id);
        // Pending media requests to this client fail at once, not after their timeout.
        phone.clientDetached(client.id);
      };
    },
    systemEvent,
    async close() {
      if (closed) return;
      closed = true;
      surveyService.close();
      await phone.close();
      clients.clear();
      await kbSync.close();
      await recordsService.close();
      callLog.close();
      db.close();
    },
  };
}

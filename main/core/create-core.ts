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
import type { SecretBox } from './profile/secret-box.js';
import { seatHandlers } from './seat/seat-handlers.js';
import { createStatusBoard } from './status/status-board.js';

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
  // First run only: the 256 bundled records load in 0.15–0.45 s (measured), before any request is served.
  loadSampleKbIfEmpty(db, options.resourcesDir);
  const kb = createKbService({ db });
  const kbSync = createKbSyncService({
    db,
    dbFile,
    workersDir: options.workersDir,
    spoolDir: join(options.dataDir, 'kb-sync'),
    sourceUrl: () => profile.current().kbSourceUrl,
    watchSourceUrl: (listener) => profile.onChange((p) => listener(p.kbSourceUrl)),
    onStatus: (kbStatus) => board.update({ kb: kbStatus }),
    onProgress: (progress) => events.emit('kbSyncProgressed', progress),
  });

  // Agents sign in for a shift; records and calls carry the agent (calls via the trigger of migration 0050).
  const shift = createShiftService({
    db,
    seatNumber: () => profile.current().agentNumber,
    onChange: (state) => events.emit('shiftChanged', state),
  });
  const callLog = createCallLogService({ db });
  const phone = createPhoneService({
    profile,
    recorder: callLog,
    onRegistration: (registration) => board.update({ registration }),
    onAgent: (agent) => board.update({ agent }),
    emit: (name, payload) => events.emit(name, payload as EventMap[typeof name]),
    sendMedia: (clientId, request) => sendTo(clientId, 'mediaRequest', request),
    userAgentString: `Hotseat/${options.version}`,
  });

  const systemEvent = (kind: SystemEventKind): void => {
    log.info(`system event: ${kind}`);
    kbSync.systemEvent(kind);
    phone.systemEvent(kind);
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
    ...shiftHandlers(shift),
  };
  const dispatcher = createDispatcher(handlers);
  kbSync.start();

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
      await phone.close();
      clients.clear();
      await kbSync.close();
      db.close();
    },
  };
}

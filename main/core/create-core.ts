/**
 * The composition root: opens the seat database, builds every service, and
 * wires them to one dispatcher and one event hub. Both hosts — Electron
 * (`main/electron`) and browser mode (`main/web`) — call this and nothing else
 * of the core.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventEnvelope, Result, SystemEventKind } from '../contract/index.js';
import { createEventHub } from './base/event-hub.js';
import { createLogger } from './base/log.js';
import { openDatabase } from './db/open-database.js';
import { schemaVersion } from './db/migrate.js';
import { createDispatcher, type Handlers } from './dispatcher.js';
import { createProfileService, type ProfileService } from './profile/profile-service.js';
import type { SecretBox } from './profile/secret-box.js';
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
  readonly db: Database;
  readonly profile: ProfileService;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, 'seat.sqlite'));
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

  const board = createStatusBoard((status) => events.emit('statusChanged', status));
  const profile = createProfileService({ db, secrets: options.secrets });

  const systemEvent = (kind: SystemEventKind): void => {
    log.info(`system event: ${kind}`);
  };

  const handlers: Handlers = {
    getAppInfo: () => ({
      version: options.version,
      host: options.host,
      dataDir: options.dataDir,
      schemaVersion: schemaVersion(db),
    }),
    getProfile: () => profile.view(),
    saveProfile: (input) => {
      const view = profile.save(input);
      events.emit('profileChanged', view);
      return view;
    },
    getStatus: () => board.current(),
    systemEvent: ({ kind }) => {
      systemEvent(kind);
      return null;
    },
  };
  const dispatcher = createDispatcher(handlers);

  let closed = false;
  return {
    db,
    profile,
    dispatch: (method, params, clientId) => dispatcher.dispatch(method, params, { clientId }),
    attachClient(client) {
      clients.set(client.id, client);
      return () => clients.delete(client.id);
    },
    systemEvent,
    async close() {
      if (closed) return;
      closed = true;
      clients.clear();
      db.close();
    },
  };
}

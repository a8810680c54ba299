/**
 * The core side of the media contract (see main/contract/media.ts): sends
 * media requests to the one client that claimed the media, and matches its
 * replies.
 *
 * ```
 *   request(method) ──no owner──────────────▶ rejects at once (MediaUnavailableError)
 *        │ owner
 *        ▼
 *   send mediaRequest{id} ──reply ok──▶ resolves with the validated value
 *                         ──reply error─▶ rejects (MediaRequestError)
 *                         ──timeout────▶ rejects (MediaUnavailableError, "did not answer")
 *                         ──owner detaches / another client claims──▶ rejects at once
 * ```
 */
import { z } from 'zod';
import type { MediaMethod, MediaMethods, MediaReply, MediaRequest } from '../../contract/index.js';
import { createLogger } from '../base/log.js';

const log = createLogger('media');

/** No media engine could do the work (none attached, it left, or it did not answer). */
export class MediaUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaUnavailableError';
  }
}

/** The media engine answered with an error. */
export class MediaRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MediaRequestError';
  }
}

/** What the phone's session description handlers use. */
export interface MediaPort {
  request<M extends MediaMethod>(method: M, params: MediaMethods[M]['params']): Promise<MediaMethods[M]['result']>;
  available(): boolean;
}

export interface MediaBroker extends MediaPort {
  claim(clientId: string): void;
  /** A reply from a client; replies from anyone but the owner are ignored. */
  reply(clientId: string, reply: MediaReply): void;
  clientDetached(clientId: string): void;
  /** Called when the owner goes away (detach, or replaced by another claim). */
  onOwnerLost(listener: (clientId: string) => void): () => void;
  /** Called when a client becomes the owner (after any onOwnerLost of the previous one). */
  onOwnerGained(listener: (clientId: string) => void): () => void;
  owner(): string | null;
  dispose(): void;
}

export interface MediaBrokerOptions {
  /** Delivers a media request to exactly one client; false if it could not. */
  readonly send: (clientId: string, request: MediaRequest) => boolean;
  readonly timeoutMs?: number;
}

const maxSdpBytes = 64 * 1024;
const resultSchemas: { [M in MediaMethod]: z.ZodType<MediaMethods[M]['result']> } = {
  createSession: z.null(),
  getDescription: z.strictObject({
    body: z.string().min(1).max(maxSdpBytes),
    contentType: z.string().max(100),
  }),
  setDescription: z.null(),
  rollbackDescription: z.null(),
  sendDtmf: z.boolean(),
  setMuted: z.null(),
  closeSession: z.null(),
  playPrompt: z.strictObject({ durationMs: z.number().nonnegative().max(600_000) }),
  stopPrompt: z.null(),
  startDtmfDetection: z.null(),
  stopDtmfDetection: z.null(),
};

interface Pending {
  readonly method: MediaMethod;
  readonly clientId: string;
  readonly timer: ReturnType<typeof setTimeout>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createMediaBroker({ send, timeoutMs = 5000 }: MediaBrokerOptions): MediaBroker {
  let owner: string | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const lostListeners = new Set<(clientId: string) => void>();
  const gainedListeners = new Set<(clientId: string) => void>();

  const failAll = (clientId: string, reason: string) => {
    for (const [id, p] of pending) {
      if (p.clientId !== clientId) continue;
      pending.delete(id);
      clearTimeout(p.timer);
      p.reject(new MediaUnavailableError(reason));
    }
  };

  const loseOwner = (reason: string) => {
    const lost = owner;
    if (lost === null) return;
    owner = null;
    failAll(lost, reason);
    for (const listener of [...lostListeners]) {
      try {
        listener(lost);
      } catch (error) {
        log.error('owner-lost listener failed', error);
      }
    }
  };

  return {
    available: () => owner !== null,
    owner: () => owner,
    claim(clientId) {
      if (owner === clientId) return;
      if (owner !== null) {
        log.info(`media moves from client ${owner} to ${clientId}`);
        loseOwner(`media moved to another window`);
      }
      owner = clientId;
      log.info(`media engine: client ${clientId}`);
      for (const listener of [...gainedListeners]) {
        try {
          listener(clientId);
        } catch (error) {
          log.error('owner-gained listener failed', error);
        }
      }
    },
    clientDetached(clientId) {
      if (owner === clientId) {
        log.warn(`media client ${clientId} detached`);
        loseOwner('media engine unavailable (window closed)');
      }
    },
    onOwnerLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    onOwnerGained(listener) {
      gainedListeners.add(listener);
      return () => gainedListeners.delete(listener);
    },
    request(method, params) {
      const clientId = owner;
      if (clientId === null) return Promise.reject(new MediaUnavailableError('media engine unavailable (no window owns the audio)'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!pending.delete(id)) return;
          log.warn(`media ${method} #${id} timed out after ${timeoutMs} ms`);
          reject(new MediaUnavailableError(`media engine did not answer ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { method, clientId, timer, resolve: resolve as (v: unknown) => void, reject });
        let delivered = false;
        try {
          delivered = send(clientId, { id, method, params } as MediaRequest);
        } catch (error) {
          log.warn(`media ${method} #${id} could not be sent`, error);
        }
        if (!delivered) {
          pending.delete(id);
          clearTimeout(timer);
          reject(new MediaUnavailableError('media engine unavailable (window not reachable)'));
        }
      });
    },
    reply(clientId, reply) {
      const p = pending.get(reply.id);
      if (!p || p.clientId !== clientId) {
        log.debug(`ignoring media reply #${reply.id} from ${clientId}`);
        return;
      }
      pending.delete(reply.id);
      clearTimeout(p.timer);
      if (!reply.ok) {
        p.reject(new MediaRequestError(reply.error.code, `media ${p.method} failed: ${reply.error.message}`));
        return;
      }
      const parsed = resultSchemas[p.method].safeParse(reply.value);
      if (!parsed.success) {
        p.reject(new MediaRequestError('bad-reply', `media ${p.method} replied with an invalid value`));
        return;
      }
      p.resolve(parsed.data);
    },
    dispose() {
      if (owner !== null) failAll(owner, 'seat is closing');
      owner = null;
      lostListeners.clear();
    },
  };
}

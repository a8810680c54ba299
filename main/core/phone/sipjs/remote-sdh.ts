/**
 * The SIP.js SessionDescriptionHandler of every call: a proxy that forwards
 * the offer/answer work to the renderer's media engine as media requests
 * (main/contract/media.ts). Node has no WebRTC; the peer connection lives in
 * the renderer.
 *
 * ```
 *  SIP.js Session              this proxy                          media engine
 *   get description ──▶ createSession (once) + getDescription ──▶ offer/answer SDP
 *   set description ──▶ createSession (once) + setDescription ──▶ applies remote SDP
 *   has description ──▶ answered here: application/sdp only
 *   send DTMF       ──▶ true now, sendDtmf sent in the background (RFC 4733)
 *   rollback        ──▶ rollbackDescription
 *   close           ──▶ closeSession (fire and forget); later calls reject
 *   reattach        ──▶ (new media engine) next request does createSession again
 * ```
 *
 * Hold is the `hold` flag of the options SIP.js passes through from
 * `session.sessionDescriptionHandlerOptionsReInvite` (see sipjs-call.ts).
 * Any SDP modifiers SIP.js passes are applied here, to the SDP text.
 */
import type { SessionDescriptionHandler, SessionDescriptionHandlerModifier } from 'sip.js';
import type { MediaSessionOptions } from '../../../contract/index.js';
import { createLogger } from '../../base/log.js';
import type { MediaPort } from '../media-broker.js';

const log = createLogger('sdh');

/** What the phone passes to SIP.js as session description handler options. */
export interface RemoteSdhOptions {
  hold?: boolean;
  iceRestart?: boolean;
}

/** The media engine failed this call's media; the call cannot go on. */
export class MediaFailure extends Error {
  constructor(
    message: string,
    readonly reason: unknown,
  ) {
    super(message);
    this.name = 'MediaFailure';
  }
}

export interface RemoteSdhContext {
  readonly media: MediaPort;
  readonly sessionId: string;
  readonly options: () => MediaSessionOptions;
  /** Tells the call that media failed (so it ends with reason media-unavailable). */
  readonly onFailure: (error: unknown) => void;
}

interface DescriptionInit {
  type: 'offer' | 'answer';
  sdp: string;
}

export class RemoteSessionDescriptionHandler implements SessionDescriptionHandler {
  private created: Promise<null> | undefined;
  private closed = false;
  /** Which side's offer awaits an answer; only used to label SDP for SIP.js modifiers. */
  private pending: 'local-offer' | 'remote-offer' | null = null;

  constructor(private readonly context: RemoteSdhContext) {}

  async getDescription(options?: object, modifiers?: SessionDescriptionHandlerModifier[]): Promise<{ body: string; contentType: string }> {
    const o = (options ?? {}) as RemoteSdhOptions;
    const reply = await this.run('getDescription', () =>
      this.context.media.request('getDescription', {
        sessionId: this.context.sessionId,
        hold: o.hold === true,
        iceRestart: o.iceRestart === true,
      }),
    );
    const type = this.pending === 'remote-offer' ? 'answer' : 'offer';
    this.pending = type === 'offer' ? 'local-offer' : null;
    const body = await applyModifiers({ type, sdp: reply.body }, modifiers);
    return { body, contentType: reply.contentType || 'application/sdp' };
  }

  async setDescription(sdp: string, options?: object, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
    const o = (options ?? {}) as RemoteSdhOptions;
    const type = this.pending === 'local-offer' ? 'answer' : 'offer';
    const body = await applyModifiers({ type, sdp }, modifiers);
    await this.run('setDescription', () =>
      this.context.media.request('setDescription', {
        sessionId: this.context.sessionId,
        body,
        contentType: 'application/sdp',
        hold: o.hold === true,
      }),
    );
    this.pending = type === 'offer' ? 'remote-offer' : null;
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]?.trim().toLowerCase() === 'application/sdp';
  }

  async rollbackDescription(): Promise<void> {
    this.pending = null;
    await this.run('rollbackDescription', () => this.context.media.request('rollbackDescription', { sessionId: this.context.sessionId }));
  }

  /** SIP.js wants a synchronous answer: accept, and send in the background. */
  sendDtmf(tones: string, options?: unknown): boolean {
    if (!this.hasMedia() || !/^[0-9A-D#*,]+$/i.test(tones)) return false;
    const o = (options ?? {}) as { duration?: number; interToneGap?: number };
    const duration = clamp(o.duration ?? 100, 40, 6000);
    const interToneGap = clamp(o.interToneGap ?? 70, 30, 6000);
    this.context.media
      .request('sendDtmf', { sessionId: this.context.sessionId, tones, duration, interToneGap })
      .then((sent) => {
        if (!sent) log.warn(`media engine did not send DTMF on ${this.context.sessionId}`);
      })
      .catch((error: unknown) => log.warn(`DTMF on ${this.context.sessionId} failed`, error));
    return true;
  }

  /** Mute the agent's microphone on this call (not part of SIP.js's interface). */
  async setMuted(muted: boolean): Promise<void> {
    await this.run('setMuted', () => this.context.media.request('setMuted', { sessionId: this.context.sessionId, muted }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.created === undefined) return; // the engine never heard of this call
    this.context.media.request('closeSession', { sessionId: this.context.sessionId }).catch((error: unknown) => {
      log.debug(`closeSession ${this.context.sessionId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * Another media engine took over (the window reloaded): the next request
   * creates this call's session there again.
   */
  reattach(): void {
    if (this.closed) return;
    this.created = undefined;
    this.pending = null;
  }

  /** Whether the media engine holds a session for this call. */
  hasMedia(): boolean {
    return this.created !== undefined && !this.closed;
  }

  private async run<T>(what: string, request: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`session description handler closed (${what})`);
    try {
      this.created ??= this.context.media.request('createSession', {
        sessionId: this.context.sessionId,
        options: this.context.options(),
      });
      await this.created;
      if (this.closed) throw new Error(`session description handler closed (${what})`);
      return await request();
    } catch (error) {
      if (!this.closed) this.context.onFailure(error);
      throw new MediaFailure(`${what}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }
}

async function applyModifiers(description: DescriptionInit, modifiers: SessionDescriptionHandlerModifier[] | undefined): Promise<string> {
  let current: DescriptionInit = description;
  for (const modify of modifiers ?? []) {
    current = (await modify(current)) as DescriptionInit;
  }
  return current.sdp;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

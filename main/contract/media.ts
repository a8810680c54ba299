/**
 * Media messages: how the SIP.js SessionDescriptionHandler proxy in the core
 * drives the WebRTC media engine in the renderer.
 *
 * ```
 *  core (SIP.js SDH proxy)                      renderer (media engine)
 *    event  mediaRequest {id, method, params} ─▶  runs it on the call's RTCPeerConnection
 *    request mediaReply {id, ok, value|error} ◀─  answers (within the proxy's timeout)
 * ```
 *
 * Media requests go only to the client that sent `claimMedia` last (the
 * window that owns the audio devices), never to every window.
 *
 * - `sessionId` is the call's id (`CallSnapshot.id` in phone.ts), so the
 *   engine can match its peer connection to the call the UI shows.
 * - The core waits 5 s for each reply. A request with no media client, a
 *   reply that never comes, or the client detaching ends the call cleanly
 *   (reject/BYE, end reason `media-unavailable`) — the core never crashes.
 * - Replies from any client but the owner are ignored; a reply's `value` is
 *   validated against the method's result shape.
 */
import { z } from 'zod';
import type { DtmfMode } from './profile.js';

export interface MediaSessionOptions {
  readonly iceServers: readonly string[];
  readonly iceGatheringTimeoutMs: number;
  readonly microphoneId: string;
  readonly speakerId: string;
  readonly dtmfMode: DtmfMode;
}

/** Core → renderer methods, their params and results. */
export interface MediaMethods {
  /** Create the call's peer connection (before the first description). */
  createSession: { params: { sessionId: string; options: MediaSessionOptions }; result: null };
  /** Create an offer or answer; `hold` sets the local direction to sendonly/inactive. */
  getDescription: {
    params: { sessionId: string; hold: boolean; iceRestart: boolean };
    result: { body: string; contentType: string };
  };
  /** Apply the remote offer or answer. */
  setDescription: { params: { sessionId: string; body: string; contentType: string; hold: boolean }; result: null };
  /** Undo a pending local offer (glare, rejected re-INVITE). */
  rollbackDescription: { params: { sessionId: string }; result: null };
  /** RFC 4733 tones through RTCDTMFSender. */
  sendDtmf: { params: { sessionId: string; tones: string; duration: number; interToneGap: number }; result: boolean };
  /**
   * Mute or unmute the agent's microphone on this call (the core keeps the
   * flag in the call snapshot; the engine stops sending audio).
   */
  setMuted: { params: { sessionId: string; muted: boolean }; result: null };
  /** Tear the call's media down. */
  closeSession: { params: { sessionId: string }; result: null };
  /**
   * Survey: play a prompt to the caller in place of the agent's microphone
   * (WebAudio into the sender's track). Answers once playback has started,
   * with the prompt's length; a new prompt replaces one still playing.
   * `audioBase64` is a WAV/MP3/OGG file the page can decode.
   */
  playPrompt: { params: { sessionId: string; promptId: string; audioBase64: string }; result: { durationMs: number } };
  /** Survey: stop the prompt (the caller pressed a key) and send silence. */
  stopPrompt: { params: { sessionId: string }; result: null };
  /**
   * Survey: start/stop the DTMF detector on the call's received audio. Each
   * digit is reported with the `surveyDigitDetected` request.
   */
  startDtmfDetection: { params: { sessionId: string }; result: null };
  stopDtmfDetection: { params: { sessionId: string }; result: null };
}

export type MediaMethod = keyof MediaMethods;

export interface MediaRequest<M extends MediaMethod = MediaMethod> {
  readonly id: number;
  readonly method: M;
  readonly params: MediaMethods[M]['params'];
}

/** One media request per method, discriminated by `method` (switch on it to narrow `params`). */
export type AnyMediaRequest = { [M in MediaMethod]: MediaRequest<M> }[MediaMethod];

export const mediaReplySchema = z.union([
  z.strictObject({ id: z.int().nonnegative(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({
    id: z.int().nonnegative(),
    ok: z.literal(false),
    error: z.strictObject({ code: z.string().max(64), message: z.string().max(2000) }),
  }),
]);
export type MediaReply = z.output<typeof mediaReplySchema>;

/**
 * Keeps re-offers (hold, resume, ICE restart) to the codec the call already
 * uses. Without this Chromium re-offers its whole codec list (Opus, RED,
 * G722, CN, …) on every hold, and some media servers and PSTN gateways
 * restart or mis-handle their audio path when a re-INVITE changes the
 * codec list mid-call. After the first answer the transceiver's codec
 * preferences are pinned to the negotiated codec plus telephone-event.
 */

interface CodecCapability {
  readonly mimeType: string;
  readonly clockRate: number;
  readonly channels?: number;
  readonly sdpFmtpLine?: string;
}

/** `PCMU/8000` etc. of the first format of the audio m-line of an answer. */
export function negotiatedAudioCodec(answerSdp: string): { name: string; clockRate: number } | null {
  const lines = answerSdp.split(/\r?\n/);
  const m = lines.find((l) => l.startsWith('m=audio'));
  const firstPt = m?.split(' ')[3];
  if (firstPt === undefined) return null;
  const rtpmap = lines.find((l) => l.startsWith(`a=rtpmap:${firstPt} `));
  if (rtpmap) {
    const [name, rate] = rtpmap.slice(`a=rtpmap:${firstPt} `.length).split('/');
    if (name && rate) return { name, clockRate: Number(rate) };
  }
  // Static payload types may come without rtpmap (RFC 3551).
  const statics: Record<string, { name: string; clockRate: number }> = { '0': { name: 'PCMU', clockRate: 8000 }, '8': { name: 'PCMA', clockRate: 8000 }, '9': { name: 'G722', clockRate: 8000 } };
  return statics[firstPt] ?? null;
}

/** The capabilities to keep: the negotiated codec and telephone-event at its clock rate. */
export function lockedCodecs(all: readonly CodecCapability[], codec: { name: string; clockRate: number }): CodecCapability[] {
  const mime = `audio/${codec.name}`.toLowerCase();
  const main = all.filter((c) => c.mimeType.toLowerCase() === mime && c.clockRate === codec.clockRate);
  if (main.length === 0) return [];
  const dtmf = all.filter((c) => c.mimeType.toLowerCase() === 'audio/telephone-event' && c.clockRate === codec.clockRate);
  return [...main, ...dtmf];
}

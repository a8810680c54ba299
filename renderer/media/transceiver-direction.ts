/**
 * SDP direction for hold and resume, as SIP.js's own web handler computes it
 * (so a PBX sees exactly what a stock SIP.js phone would send):
 *
 * ```
 *  making an offer          current → hold   / not hold
 *    sendrecv | sendonly            sendonly / sendrecv
 *    recvonly | inactive            inactive / recvonly
 *
 *  answering an offer       offered → hold   / not hold
 *    sendrecv                       sendonly / sendrecv
 *    sendonly                       inactive / recvonly
 *    recvonly                       sendonly / sendonly
 *    inactive                       inactive / inactive
 * ```
 */

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Direction to put on the transceiver before `createOffer`. */
export function offerDirection(current: RTCRtpTransceiverDirection, hold: boolean): RTCRtpTransceiverDirection {
  switch (current) {
    case 'sendrecv':
    case 'sendonly':
      return hold ? 'sendonly' : 'sendrecv';
    case 'recvonly':
    case 'inactive':
      return hold ? 'inactive' : 'recvonly';
    case 'stopped':
      return 'stopped';
    default: {
      const unknown: never = current;
      throw new Error(`unknown transceiver direction ${String(unknown)}`);
    }
  }
}

/** Direction to put on the transceiver before `createAnswer`. */
export function answerDirection(offered: Direction, hold: boolean): Direction {
  switch (offered) {
    case 'sendrecv':
      return hold ? 'sendonly' : 'sendrecv';
    case 'sendonly':
      return hold ? 'inactive' : 'recvonly';
    case 'recvonly':
      return 'sendonly';
    case 'inactive':
      return 'inactive';
    default: {
      const unknown: never = offered;
      throw new Error(`unknown SDP direction ${String(unknown)}`);
    }
  }
}

/**
 * The direction of the first audio m-line of an SDP (session-level
 * attribute as fallback, sendrecv when absent — RFC 3264).
 */
export function offeredAudioDirection(sdp: string): Direction {
  const lines = sdp.split(/\r?\n/);
  const firstMedia = lines.findIndex((l) => l.startsWith('m='));
  const audioStart = lines.findIndex((l) => l.startsWith('m=audio'));
  const find = (from: number, to: number): Direction | null => {
    for (const line of lines.slice(from, to)) {
      const m = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line);
      if (m) return m[1] as Direction;
    }
    return null;
  };
  if (audioStart >= 0) {
    const next = lines.findIndex((l, i) => i > audioStart && l.startsWith('m='));
    const media = find(audioStart + 1, next < 0 ? lines.length : next);
    if (media) return media;
  }
  return find(0, firstMedia < 0 ? lines.length : firstMedia) ?? 'sendrecv';
}

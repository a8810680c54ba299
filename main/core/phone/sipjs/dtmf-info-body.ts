/**
 * Reads the digit out of a SIP INFO body, tolerantly: what PBXs and phones
 * really send differs in order, case, spacing and line endings.
 *
 * - `application/dtmf-relay`: `Signal=5` and an optional `Duration=160`, one
 *   per line in any order, any case, spaces around `=`, CRLF or LF; the
 *   signal may be `0-9 * # A-D` or an RFC 4733 event code (`10` = `*`,
 *   `11` = `#`, `12`–`15` = `A`–`D`).
 * - `application/dtmf`: the body is the digit (or event code) itself.
 *
 * Pure: no SIP.js here, so it is tested on its own.
 */

export interface DtmfInfo {
  /** `0-9`, `*`, `#` or `A-D` (upper case). */
  readonly digit: string;
  /** Milliseconds, when the body said. */
  readonly durationMs: number | null;
}

/** The INFO content types that carry a digit. */
export const dtmfInfoContentTypes = ['application/dtmf-relay', 'application/dtmf'] as const;
export type DtmfInfoContentType = (typeof dtmfInfoContentTypes)[number];

/** `Application/DTMF-Relay; charset=x` → `application/dtmf-relay`, or null if it carries no digit. */
export function dtmfContentType(header: string | undefined): DtmfInfoContentType | null {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (dtmfInfoContentTypes as readonly string[]).includes(type) ? (type as DtmfInfoContentType) : null;
}

export function parseDtmfInfo(contentType: DtmfInfoContentType, body: string): DtmfInfo | null {
  if (contentType === 'application/dtmf') {
    const digit = digitOf(body.trim());
    return digit ? { digit, durationMs: null } : null;
  }
  let digit: string | null = null;
  let durationMs: number | null = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const match = /^\s*([A-Za-z-]+)\s*[=:]\s*(\S*)\s*$/.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    const value = match[2]!;
    if (key === 'signal' && digit === null) digit = digitOf(value);
    else if (key === 'duration') {
      const ms = Number.parseInt(value, 10);
      if (Number.isFinite(ms) && ms >= 0 && /^\d+$/.test(value)) durationMs = ms;
    }
  }
  return digit ? { digit, durationMs } : null;
}

const eventCodes = '0123456789*#ABCD';

function digitOf(raw: string): string | null {
  const value = raw.trim().toUpperCase();
  if (/^[0-9*#A-D]$/.test(value)) return value;
  if (/^\d{2}$/.test(value)) {
    const code = Number(value);
    if (code >= 10 && code <= 15) return eventCodes[code] ?? null;
  }
  return null;
}

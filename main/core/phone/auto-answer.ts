/**
 * Whether an offered call answers itself, and after how long.
 *
 * Policy `always` answers every call; `when-requested` only when the INVITE
 * asks for it — `Call-Info: <…>;answer-after=N` (N seconds),
 * `Alert-Info: <…>;info=alert-autoanswer` or `Answer-Mode: Auto` (RFC 5373);
 * `never` ignores all of these. The caller of this function also checks that
 * the seat is Ready: auto-answer never applies while on another call.
 */
import type { AutoAnswerPolicy, AutoAnswerTrigger } from '../../contract/index.js';
import type { HeaderReader } from './caller-context.js';
import { parseNameAddr, splitHeaderList } from './sip-header-text.js';

export interface AutoAnswerDecision {
  readonly trigger: AutoAnswerTrigger;
  readonly delayMs: number;
}

/** A centre asking for a minute-long delay is misconfigured; do not ring forever. */
const maxAnswerAfterSeconds = 60;

export function decideAutoAnswer(policy: AutoAnswerPolicy, headers: HeaderReader): AutoAnswerDecision | null {
  switch (policy) {
    case 'never':
      return null;
    case 'always':
      return { trigger: 'always', delayMs: 0 };
    case 'when-requested':
      return requested(headers);
    default: {
      const unknown: never = policy;
      throw new Error(`unknown auto-answer policy ${String(unknown)}`);
    }
  }
}

function requested(headers: HeaderReader): AutoAnswerDecision | null {
  for (const entry of headers('Call-Info').flatMap(splitHeaderList)) {
    const value = parseNameAddr(entry)?.params.get('answer-after');
    if (value !== undefined && /^\d{1,6}$/.test(value)) {
      return { trigger: 'call-info', delayMs: Math.min(Number(value), maxAnswerAfterSeconds) * 1000 };
    }
  }
  for (const entry of headers('Alert-Info').flatMap(splitHeaderList)) {
    if (parseNameAddr(entry)?.params.get('info')?.toLowerCase() === 'alert-autoanswer') {
      return { trigger: 'alert-info', delayMs: 0 };
    }
  }
  for (const entry of headers('Answer-Mode').flatMap(splitHeaderList)) {
    if (entry.split(';')[0]?.trim().toLowerCase() === 'auto') return { trigger: 'answer-mode', delayMs: 0 };
  }
  return null;
}

/**
 * The values a phrase's `{variables}` are filled with: the signed-in agent
 * (`{agentNo}`, `{agentName}`; the sample KB's `{seatNumber}` is the number
 * the agent reads out, so it is the agent's 工号 too, else the seat's), the
 * hotline, the time of day and the caller on the call.
 */
import type { CallSnapshot, SignedInAgent } from '../../../main/contract/index.js';

export type PhraseValues = Readonly<Record<string, string>>;

/** 上午 / 中午 / 下午 / 晚上 (or English) for a local time. */
export function timeOfDay(at: Date, language: 'zh-CN' | 'en'): string {
  const h = at.getHours();
  if (language === 'en') return h < 12 ? 'morning' : h < 18 ? 'afternoon' : 'evening';
  return h < 5 ? '晚上' : h < 11 ? '上午' : h < 13 ? '中午' : h < 18 ? '下午' : '晚上';
}

/** The context header the centre sends the hotline's name in, if any. */
function contextValue(call: CallSnapshot | null, names: readonly string[]): string {
  const field = call?.context.find((f) => names.includes(f.name.toLowerCase()));
  return field?.value ?? '';
}

export interface SeatForPhrases {
  readonly agent: SignedInAgent | null;
  /** The seat's number from the profile. */
  readonly seatNumber: string;
  readonly language: 'zh-CN' | 'en';
}

export function phraseValues({ agent, seatNumber, language }: SeatForPhrases, call: CallSnapshot | null, now: Date): PhraseValues {
  const agentNo = agent?.agentNo ?? '';
  return {
    agentNo,
    agentName: agent?.name ?? '',
    seatNumber: agentNo || seatNumber,
    hotline: contextValue(call, ['x-hotline']),
    timeOfDay: timeOfDay(now, language),
    callerName: call?.remoteName ?? '',
    callerTitle: '',
  };
}

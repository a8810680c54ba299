/**
 * The in-call survey as one pure transition function:
 * `surveyMachine(state, input, config) → { state, effects }`. The survey
 * service carries the effects out (media requests, timers, the result
 * record, the BYE); nothing here does I/O.
 *
 * ```
 *  start ──▶ invite ──prompt ended──▶ waiting ──valid digit──▶ thanks ──prompt ended──▶ done (BYE)
 *              │                        │  └──timeout (≤ retries)──▶ invite (replayed)
 *              │                        │  └──timeout (> retries)───▶ thanks, rating −1
 *              │                        └──invalid digit (≤ retries)──▶ invalid-prompt ──ended──▶ waiting
 *              │                           invalid digit (> retries)──▶ thanks, rating −2
 *              └── a digit during a prompt interrupts it (same rules as in waiting)
 *  caller hangs up (any step before done) ──▶ done; rating −1 if none yet (no BYE)
 *  media failed (a prompt could not play) ──▶ done + BYE; the result stays as it was
 * ```
 * A valid digit's result is recorded at once, before the thank-you, so a
 * caller who hangs up during the thank-you keeps the rating.
 */
import { RATING_INVALID, RATING_NO_RESPONSE, type SurveySource, type SurveyStep } from '../../contract/index.js';

export type SurveyPrompt = 'invite' | 'invalid' | 'thanks';

export interface SurveyMachineConfig {
  /** The scale's digits in order: '1' → rating 1, … */
  readonly digits: readonly string[];
  readonly timeoutMs: number;
  readonly retries: number;
}

export interface SurveyResult {
  readonly rating: number;
  readonly digit: string | null;
  readonly source: SurveySource | null;
}

export interface SurveyMachineState {
  readonly step: SurveyStep;
  readonly timeouts: number;
  readonly invalids: number;
  readonly result: SurveyResult | null;
}

export type SurveyInput =
  | { readonly type: 'start' }
  | { readonly type: 'prompt-ended'; readonly prompt: SurveyPrompt }
  | { readonly type: 'digit'; readonly digit: string; readonly source: SurveySource }
  | { readonly type: 'timeout' }
  | { readonly type: 'caller-hung-up' }
  | { readonly type: 'media-failed' };

export type SurveyEffect =
  | { readonly type: 'start-detection' }
  | { readonly type: 'stop-detection' }
  | { readonly type: 'play'; readonly prompt: SurveyPrompt }
  | { readonly type: 'stop-prompt' }
  | { readonly type: 'start-timer'; readonly ms: number }
  | { readonly type: 'cancel-timer' }
  | { readonly type: 'result'; readonly result: SurveyResult }
  | { readonly type: 'hang-up' };

export interface SurveyTransition {
  readonly state: SurveyMachineState;
  readonly effects: readonly SurveyEffect[];
}

export const initialSurveyState: SurveyMachineState = { step: 'invite', timeouts: 0, invalids: 0, result: null };

const promptOfStep: Partial<Record<SurveyStep, SurveyPrompt>> = { invite: 'invite', 'invalid-prompt': 'invalid', thanks: 'thanks' };

export function surveyMachine(state: SurveyMachineState, input: SurveyInput, config: SurveyMachineConfig): SurveyTransition {
  const same: SurveyTransition = { state, effects: [] };
  if (state.step === 'done') return same;
  switch (input.type) {
    case 'start':
      return { state: initialSurveyState, effects: [{ type: 'start-detection' }, { type: 'play', prompt: 'invite' }] };
    case 'prompt-ended': {
      if (promptOfStep[state.step] !== input.prompt) return same; // a stale end of an interrupted prompt
      if (state.step === 'thanks') return { state: { ...state, step: 'done' }, effects: [{ type: 'stop-detection' }, { type: 'hang-up' }] };
      return { state: { ...state, step: 'waiting' }, effects: [{ type: 'start-timer', ms: config.timeoutMs }] };
    }
    case 'digit': {
      if (state.step === 'thanks') return same;
      const index = config.digits.indexOf(input.digit);
      const interrupt: SurveyEffect[] = [{ type: 'cancel-timer' }, { type: 'stop-prompt' }];
      if (index >= 0) {
        const result: SurveyResult = { rating: index + 1, digit: input.digit, source: input.source };
        return thanks({ ...state, result }, [...interrupt, { type: 'result', result }]);
      }
      const invalids = state.invalids + 1;
      if (invalids > config.retries) {
        const result: SurveyResult = { rating: RATING_INVALID, digit: input.digit, source: input.source };
        return thanks({ ...state, invalids, result }, [...interrupt, { type: 'result', result }]);
      }
      return { state: { ...state, invalids, step: 'invalid-prompt' }, effects: [...interrupt, { type: 'play', prompt: 'invalid' }] };
    }
    case 'timeout': {
      if (state.step !== 'waiting') return same;
      const timeouts = state.timeouts + 1;
      if (timeouts > config.retries) {
        const result: SurveyResult = { rating: RATING_NO_RESPONSE, digit: null, source: null };
        return thanks({ ...state, timeouts, result }, [{ type: 'result', result }]);
      }
      return { state: { ...state, timeouts, step: 'invite' }, effects: [{ type: 'play', prompt: 'invite' }] };
    }
    case 'caller-hung-up': {
      const effects: SurveyEffect[] = [{ type: 'cancel-timer' }, { type: 'stop-detection' }];
      if (state.result) return { state: { ...state, step: 'done' }, effects };
      const result: SurveyResult = { rating: RATING_NO_RESPONSE, digit: null, source: null };
      return { state: { ...state, step: 'done', result }, effects: [...effects, { type: 'result', result }] };
    }
    case 'media-failed':
      return { state: { ...state, step: 'done' }, effects: [{ type: 'cancel-timer' }, { type: 'stop-detection' }, { type: 'hang-up' }] };
    default: {
      const unknown: never = input;
      throw new Error(`unknown survey input ${JSON.stringify(unknown)}`);
    }
  }
}

function thanks(state: SurveyMachineState, effects: SurveyEffect[]): SurveyTransition {
  return { state: { ...state, step: 'thanks' }, effects: [...effects, { type: 'play', prompt: 'thanks' }] };
}

import { describe, expect, it } from 'vitest';
import {
  initialSurveyState,
  surveyMachine,
  type SurveyEffect,
  type SurveyInput,
  type SurveyMachineState,
} from '../../../main/core/survey/survey-machine.js';

const config = { digits: ['1', '2', '3', '4'], timeoutMs: 8000, retries: 1 };

function run(inputs: SurveyInput[]): { state: SurveyMachineState; effects: SurveyEffect[] } {
  let state = initialSurveyState;
  const effects: SurveyEffect[] = [];
  for (const input of inputs) {
    const t = surveyMachine(state, input, config);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

const types = (effects: SurveyEffect[]) => effects.map((e) => (e.type === 'play' ? `play:${e.prompt}` : e.type === 'result' ? `result:${e.result.rating}` : e.type));

describe('survey machine', () => {
  it('invite, digit 2 while waiting → rating 2, thank-you, then the seat hangs up', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'prompt-ended', prompt: 'invite' },
      { type: 'digit', digit: '2', source: 'sip-info' },
      { type: 'prompt-ended', prompt: 'thanks' },
    ]);
    expect(types(effects)).toEqual(['start-detection', 'play:invite', 'start-timer', 'cancel-timer', 'stop-prompt', 'result:2', 'play:thanks', 'stop-detection', 'hang-up']);
    expect(state.step).toBe('done');
    expect(state.result).toEqual({ rating: 2, digit: '2', source: 'sip-info' });
  });

  it('a digit during the invitation interrupts it', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'digit', digit: '1', source: 'inband' }]);
    expect(types(effects)).toEqual(['start-detection', 'play:invite', 'cancel-timer', 'stop-prompt', 'result:1', 'play:thanks']);
    expect(state.step).toBe('thanks');
  });

  it('no digit: the invitation is replayed once, then −1 "no response"', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'prompt-ended', prompt: 'invite' },
      { type: 'timeout' },
      { type: 'prompt-ended', prompt: 'invite' },
      { type: 'timeout' },
      { type: 'prompt-ended', prompt: 'thanks' },
    ]);
    expect(types(effects)).toEqual(['start-detection', 'play:invite', 'start-timer', 'play:invite', 'start-timer', 'result:-1', 'play:thanks', 'stop-detection', 'hang-up']);
    expect(state.result?.rating).toBe(-1);
  });

  it('an invalid digit gets the invalid-key prompt once; a second one is −2 "invalid"', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'prompt-ended', prompt: 'invite' },
      { type: 'digit', digit: '9', source: 'inband' },
      { type: 'prompt-ended', prompt: 'invalid' },
      { type: 'digit', digit: '#', source: 'inband' },
    ]);
    expect(types(effects)).toEqual([
      'start-detection',
      'play:invite',
      'start-timer',
      'cancel-timer',
      'stop-prompt',
      'play:invalid',
      'start-timer',
      'cancel-timer',
      'stop-prompt',
      'result:-2',
      'play:thanks',
    ]);
    expect(state.result).toEqual({ rating: -2, digit: '#', source: 'inband' });
  });

  it('an invalid digit then a valid one keeps the valid one', () => {
    const { state } = run([{ type: 'start' }, { type: 'digit', digit: '7', source: 'sip-info' }, { type: 'digit', digit: '4', source: 'sip-info' }]);
    expect(state.result?.rating).toBe(4);
  });

  it('the caller hanging up mid-prompt gives −1 and no BYE; after a rating it keeps the rating', () => {
    const early = run([{ type: 'start' }, { type: 'caller-hung-up' }]);
    expect(types(early.effects)).toEqual(['start-detection', 'play:invite', 'cancel-timer', 'stop-detection', 'result:-1']);
    expect(early.state.step).toBe('done');
    const late = run([{ type: 'start' }, { type: 'digit', digit: '3', source: 'inband' }, { type: 'caller-hung-up' }]);
    expect(late.state.result?.rating).toBe(3);
    expect(types(late.effects).filter((t) => t.startsWith('result'))).toEqual(['result:3']);
  });

  it('ignores digits during the thank-you, stale prompt ends and anything after done', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'digit', digit: '1', source: 'inband' },
      { type: 'prompt-ended', prompt: 'invite' },
      { type: 'digit', digit: '4', source: 'inband' },
      { type: 'timeout' },
      { type: 'prompt-ended', prompt: 'thanks' },
      { type: 'digit', digit: '2', source: 'inband' },
      { type: 'caller-hung-up' },
    ]);
    expect(state.result?.rating).toBe(1);
    expect(types(effects).filter((t) => t.startsWith('result'))).toEqual(['result:1']);
    expect(types(effects).at(-1)).toBe('hang-up');
  });

  it('a prompt that cannot play ends the survey with a BYE and invents no result', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'media-failed' }]);
    expect(state.result).toBeNull();
    expect(types(effects).slice(-1)).toEqual(['hang-up']);
  });

  it('with retries 0 the first timeout is −1 and the first invalid digit is −2', () => {
    const strict = { ...config, retries: 0 };
    let t = surveyMachine(initialSurveyState, { type: 'prompt-ended', prompt: 'invite' }, strict);
    t = surveyMachine(t.state, { type: 'timeout' }, strict);
    expect(t.state.result?.rating).toBe(-1);
    const u = surveyMachine(initialSurveyState, { type: 'digit', digit: '0', source: 'sip-info' }, strict);
    expect(u.state.result?.rating).toBe(-2);
  });
});

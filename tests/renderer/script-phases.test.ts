/** The scripts panel opens at the phase the call is in. */
import { describe, expect, it } from 'vitest';
import { followedCall, phaseOfCall, scriptPhaseOrder } from '../../renderer/features/scripts/script-phases.js';
import { call } from './phone-support.js';

describe('script phases', () => {
  it('follows the call: greeting while ringing and talking, survey, closing in wrap-up', () => {
    expect(phaseOfCall(null, 'ready')).toBeNull();
    expect(phaseOfCall(call({ state: 'ringing' }), 'ringing')).toBe('greeting');
    expect(phaseOfCall(call({ state: 'active' }), 'on-call')).toBe('greeting');
    expect(phaseOfCall(call({ state: 'active', phase: 'survey' }), 'on-call')).toBe('survey');
    expect(phaseOfCall(call({ state: 'ended', phase: 'wrap-up' }), 'wrap-up')).toBe('closing');
    expect(phaseOfCall(null, 'wrap-up')).toBe('closing');
  });

  it('lists the phases in call order, the issue’s seven first, every KB phase once', () => {
    expect(scriptPhaseOrder.slice(0, 7)).toEqual(['greeting', 'comfort', 'clarify', 'referral', 'refusal', 'closing', 'survey']);
    expect(new Set(scriptPhaseOrder).size).toBe(scriptPhaseOrder.length);
    expect(scriptPhaseOrder).toHaveLength(11);
  });

  it('follows the live call that is not on hold, else the one that just ended', () => {
    const held = call({ state: 'active', held: true });
    const live = call({ state: 'active' });
    const ended = call({ state: 'ended' });
    expect(followedCall([held, live], [])).toBe(live);
    expect(followedCall([held], [])).toBe(held);
    expect(followedCall([], [ended])).toBe(ended);
    expect(followedCall([], [])).toBeNull();
  });
});

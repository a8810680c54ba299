import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentStatus } from '../../../main/contract/index.js';
import { createAgentState } from '../../../main/core/phone/agent-state.js';

describe('agent state', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  const make = (wrapUpSeconds = 30) => {
    const seen: AgentStatus[] = [];
    const agent = createAgentState({ wrapUpSeconds: () => wrapUpSeconds, onChange: (s) => seen.push(s), initial: { state: 'ready' } });
    return { agent, seen };
  };

  it('is Ready only while registration is confirmed', () => {
    const { agent } = make();
    expect(agent.status()).toMatchObject({ state: 'offline', reason: 'not-registered' });
    agent.setRegistered(true);
    expect(agent.status().state).toBe('ready');
    expect(agent.isIdleReady()).toBe(true);
    agent.setRegistered(false);
    expect(agent.status()).toMatchObject({ state: 'offline', reason: 'not-registered' });
    expect(agent.isIdleReady()).toBe(false);
    // the agent's choice survives the outage
    agent.setRegistered(true);
    expect(agent.status().state).toBe('ready');
  });

  it('rings, goes on call, wraps up for the profile seconds, and returns to Ready by itself', () => {
    const { agent, seen } = make(30);
    agent.setRegistered(true);
    agent.setCalls({ ringing: 1, busy: 0 });
    expect(agent.status().state).toBe('ringing');
    agent.setCalls({ ringing: 0, busy: 1 });
    expect(agent.status().state).toBe('on-call');
    agent.setCalls({ ringing: 0, busy: 0 }, true);
    expect(agent.status()).toEqual({ state: 'wrap-up', until: 1_030_000, since: 1_000_000 });
    expect(agent.takesNewCalls()).toBe(false);
    agent.extendWrapUp(15);
    expect(agent.status()).toMatchObject({ state: 'wrap-up', until: 1_045_000, since: 1_000_000 });
    vi.advanceTimersByTime(44_999);
    expect(agent.status().state).toBe('wrap-up');
    vi.advanceTimersByTime(1);
    expect(agent.status().state).toBe('ready');
    expect(agent.takesNewCalls()).toBe(true);
    expect(seen.map((s) => s.state)).toEqual(['ready', 'ringing', 'on-call', 'wrap-up', 'wrap-up', 'ready']);
  });

  it('skips wrap-up after a missed call and when the profile says 0 s', () => {
    const { agent } = make(0);
    agent.setRegistered(true);
    agent.setCalls({ ringing: 1, busy: 0 });
    agent.setCalls({ ringing: 0, busy: 0 });
    expect(agent.status().state).toBe('ready');
    agent.setCalls({ ringing: 0, busy: 1 });
    agent.setCalls({ ringing: 0, busy: 0 }, true);
    expect(agent.status().state).toBe('ready');
  });

  it('wraps up once, after the last of several calls', () => {
    const { agent } = make(10);
    agent.setRegistered(true);
    agent.setCalls({ ringing: 0, busy: 2 });
    agent.setCalls({ ringing: 0, busy: 1 }, true);
    expect(agent.status().state).toBe('on-call');
    agent.setCalls({ ringing: 0, busy: 0 }, true);
    expect(agent.status().state).toBe('wrap-up');
  });

  it('Not ready (with its reason) refuses new calls; choosing a state ends wrap-up', () => {
    const { agent } = make();
    agent.setRegistered(true);
    agent.choose('not-ready', 'meal');
    expect(agent.status()).toMatchObject({ state: 'not-ready', reason: 'meal' });
    expect(agent.takesNewCalls()).toBe(false);
    agent.choose('ready');
    agent.setCalls({ ringing: 0, busy: 1 });
    agent.setCalls({ ringing: 0, busy: 0 }, true);
    expect(agent.status().state).toBe('wrap-up');
    agent.choose('ready');
    expect(agent.status().state).toBe('ready');
    expect(() => agent.extendWrapUp(10)).toThrow(/not in wrap-up/);
    agent.choose('offline');
    expect(agent.status()).toEqual({ state: 'offline', since: 1_000_000 });
    expect(agent.takesNewCalls()).toBe(false);
  });
});

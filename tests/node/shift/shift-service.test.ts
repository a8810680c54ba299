/**
 * Agents sign in and out at the seat; the handover note passes from one
 * shift to the next and its acknowledgement goes to the centre; calls carry
 * the agent; phrases used and pinned; promised callbacks.
 */
import { describe, expect, it } from 'vitest';
import type { CoreError } from '../../../main/core/base/core-error.js';
import { putCall, shiftSetup } from './shift-test-db.js';

describe('agent sign-in', () => {
  it('starts a shift at sign-in, ends it at sign-out, and tags calls with the agent', () => {
    const { db, clock, service, states } = shiftSetup();
    expect(service.currentAgent()).toBeNull();
    putCall(db, clock.now - 60_000, { id: 'nobody' });
    const state = service.signIn({ agentNo: '1059', name: '张三' });
    expect(state.agent).toMatchObject({ agentNo: '1059', name: '张三', since: clock.now });
    expect(service.currentAgent()).toEqual({ agentNo: '1059', agentName: '张三', shiftId: state.agent?.shiftId });
    putCall(db, clock.now + 1_000, { id: 'taken' });
    clock.now += 3_600_000;
    expect(service.signOut().agent).toBeNull();
    expect(service.currentAgent()).toBeNull();
    expect(db.prepare('SELECT id, agent_no FROM calls ORDER BY id').all()).toEqual([
      { id: 'nobody', agent_no: null },
      { id: 'taken', agent_no: '1059' },
    ]);
    expect(service.listShifts(5)).toEqual([
      expect.objectContaining({ agentNo: '1059', seatNumber: '7', endedAt: Date.UTC(2026, 11, 5, 15, 0) }),
    ]);
    expect(states.map((s) => s.agent?.agentNo ?? null)).toEqual(['1059', null]);
  });

  it('asks for the PIN the centre set, stores only its hash, and refuses a wrong one', () => {
    const { db, service } = shiftSetup();
    service.setAgentPin({ agentNo: '2001', name: '李四', pin: '4321' });
    const stored = db.prepare("SELECT pin_hash FROM agents WHERE agent_no = '2001'").pluck().get() as string;
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain('4321');
    const refused = (pin?: string) => {
      try {
        service.signIn({ agentNo: '2001', name: '李四', pin });
        return null;
      } catch (error) {
        return (error as CoreError).issues?.[0]?.code;
      }
    };
    expect(refused()).toBe('pin.required');
    expect(refused('1234')).toBe('pin.wrong');
    expect(service.currentAgent()).toBeNull();
    expect(refused('4321')).toBeNull();
    expect(service.currentAgent()?.agentNo).toBe('2001');
  });

  it('does not sign out or replace an agent in the middle of a call', () => {
    let onCall = true;
    const { service } = shiftSetup({ onCall: () => onCall });
    service.signIn({ agentNo: '1059', name: '张三' });
    expect(() => service.signOut()).toThrow(/after the call/);
    expect(() => service.signIn({ agentNo: '1060', name: '王五' })).toThrow(/on a call/);
    expect(service.currentAgent()?.agentNo).toBe('1059');
    onCall = false;
    expect(service.signOut().agent).toBeNull();
  });

  it('ends the shift of an agent who forgot to sign out when the next one signs in', () => {
    const { clock, service } = shiftSetup();
    service.signIn({ agentNo: '1059', name: '张三' });
    clock.now += 1000;
    service.signIn({ agentNo: '1060', name: '王五' });
    const [b, a] = service.listShifts(5);
    expect(a).toMatchObject({ agentNo: '1059', endedAt: clock.now });
    expect(b).toMatchObject({ agentNo: '1060', endedAt: null });
  });
});

describe('handover note', () => {
  it("is saved as typed, shown to the next agent until acknowledged, and the acknowledgement goes to the centre", () => {
    const { clock, service, sent } = shiftSetup();
    expect(() => service.saveHandoverNote('x')).toThrow(/No agent/);
    service.signIn({ agentNo: '1059', name: '张三' });
    service.saveHandoverNote('13800138000 的');
    const note = service.saveHandoverNote('13800138000 的疫苗问题明天回访');
    expect(service.state().draft?.text).toBe('13800138000 的疫苗问题明天回访');
    expect(service.state().pendingHandover).toBeNull();
    clock.now += 1000;
    service.signOut();

    clock.now += 1000;
    const b = service.signIn({ agentNo: '1060', name: '王五' });
    expect(b.pendingHandover).toMatchObject({ id: note.id, agentNo: '1059', text: '13800138000 的疫苗问题明天回访', acknowledgedAt: null });
    expect(b.draft).toBeNull();
    expect(() => service.acknowledgeHandover('nope')).toThrow(/No handover note/);
    const after = service.acknowledgeHandover(note.id);
    expect(after.pendingHandover).toBeNull();
    expect(sent.filter((r) => r.kind === 'handover-ack')).toEqual([
      {
        kind: 'handover-ack',
        id: `handover-ack-${note.id}`,
        body: expect.objectContaining({ noteId: note.id, fromAgentNo: '1059', acknowledgedBy: '1060', acknowledgedAt: clock.now }),
      },
    ]);
    // Acknowledging twice sends nothing more.
    service.acknowledgeHandover(note.id);
    expect(sent.filter((r) => r.kind === 'handover-ack')).toHaveLength(1);
  });

  it('does not let an agent acknowledge their own note', () => {
    const { service } = shiftSetup();
    service.signIn({ agentNo: '1059', name: '张三' });
    const note = service.saveHandoverNote('自己的');
    expect(() => service.acknowledgeHandover(note.id)).toThrow(/own handover/);
  });
});

describe('phrases and callbacks', () => {
  it('keeps the phrases used on a call, sends them with its record, and pins per agent', () => {
    const { service, sent } = shiftSetup();
    service.signIn({ agentNo: '1059', name: '张三' });
    service.recordPhraseUse({ callId: 'c-1', phraseId: 'phr-001', use: 'ticked' });
    service.recordPhraseUse({ callId: 'c-1', phraseId: 'phr-001', use: 'ticked' });
    service.recordPhraseUse({ callId: 'c-1', phraseId: 'phr-037', use: 'copied' });
    expect(service.listCallPhrases('c-1').map((u) => `${u.phraseId}/${u.use}`)).toEqual(['phr-001/ticked', 'phr-037/copied']);
    service.callRecordCompleted('c-1');
    service.callRecordCompleted('c-none');
    expect(sent.filter((r) => r.kind === 'call-phrases')).toEqual([
      { kind: 'call-phrases', id: 'phrases-c-1-2', callId: 'c-1', body: { callId: 'c-1', phrases: service.listCallPhrases('c-1') } },
    ]);
    expect(service.setPhrasePinned('phr-010', true)).toEqual(['phr-010']);
    service.signOut();
    service.signIn({ agentNo: '1060', name: '王五' });
    expect(service.state().pinnedPhraseIds).toEqual([]);
  });

  it('lists callbacks promised in a wrap-up by due time, carries them into the handover, and records the outcome', () => {
    const { db, clock, service, sent } = shiftSetup();
    service.signIn({ agentNo: '1059', name: '张三' });
    const due = clock.now + 30 * 60_000;
    const call = putCall(db, clock.now - 600_000);
    db.prepare(
      `INSERT INTO wrap_ups (call_id, category, notes, outcome, outcome_detail, status, agent_no, updated_at, completed_at)
       VALUES (?, '咨询', '回复疫苗到货时间', 'callback', ?, 'complete', '1059', ?, ?)`,
    ).run(call, new Date(due).toISOString(), clock.now, clock.now);
    expect(service.state().callbacks).toEqual([
      expect.objectContaining({ id: call, number: '13800138000', dueAt: due, note: '回复疫苗到货时间', outcome: null }),
    ]);
    const note = service.saveHandoverNote('见回访');
    expect(note.openItems).toEqual([expect.objectContaining({ kind: 'callback', id: call, dueAt: due })]);
    expect(() => service.setCallbackOutcome('c-unknown', 'done')).toThrow(/No promised callback/);
    const after = service.setCallbackOutcome(call, 'not-reached');
    expect(after.callbacks).toEqual([]);
    expect(sent.at(-1)).toMatchObject({ kind: 'callback-outcome', body: { callbackId: call, outcome: 'not-reached', agentNo: '1059' } });
  });
});

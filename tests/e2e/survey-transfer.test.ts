/**
 * Survey in transfer mode, and a seat that dies mid-survey.
 *
 * - Transfer: the agent hangs up a sipp call with the mode "ivr-transfer";
 *   the seat REFERs the caller to the survey IVR with X-Call-Uid and
 *   X-Agent-Id in the Refer-To (sipp fails the call without them), stores
 *   "offered by transfer", and a result file from the centre attaches later.
 * - Crash: the browser-mode host is killed (SIGKILL) while the invitation
 *   plays; its database says the survey was offered and holds no result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot, SurveyView } from '../../main/contract/index.js';
import { startBaresip, startRig, startSipp, type Rig } from '../rig/index.js';
import { startPhoneSeat } from './support/phone-seat.js';

const scenario = join(import.meta.dirname, 'support/sipp/uac-survey-refer.xml');

describe('survey by transfer to the centre’s IVR, and a host killed mid-survey', () => {
  let rig: Rig;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-survey-transfer-'));
    rig = await startRig();
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('REFERs to the survey IVR with X-Call-Uid and X-Agent-Id, stores "offered", attaches the imported result', async () => {
    const seat = await startPhoneSeat({
      kamailio: rig.kamailio,
      user: '1014',
      micHz: 440,
      workDir,
      profile: { surveyMode: 'ivr-transfer', surveyIvrUri: 'sip:satisfaction@ivr.test', autoAnswer: 'always' },
    });
    try {
      await seat.contract.call('signIn', { agentNo: '0815', name: '王芳' });
      const from = seat.contract.events.length;
      const sipp = await startSipp({ scenario, target: rig.kamailio.udpPort, callee: seat.user, uidPrefix: 'HL-2026-', timeoutSec: 40, traceMessages: true });
      const active = await seat.contract.waitForEvent<{ calls: CallSnapshot[] }>('callsChanged', (p) => p.calls.some((c) => c.state === 'active'), { from, timeoutMs: 10_000 });
      const call = active.calls.find((c) => c.state === 'active')!;
      expect(call.centreCallId).toBe('HL-2026-1');
      await seat.page.getByTestId('end-with-survey').click();
      const result = await sipp.done;
      expect(result.exitCode, result.stderr + result.errors).toBe(0);
      const refer = result.messages.split(/\n(?=-{5,})/).find((m) => /REFER sip:/.test(m)) ?? '';
      expect(refer).toMatch(/Refer-To: <?sip:satisfaction@ivr\.test\?X-Call-Uid=HL-2026-1&X-Agent-Id=0815>?/);
      const offered = await seat.contract.call('getSurvey', { callId: call.id });
      expect(offered).toMatchObject({ mode: 'ivr-transfer', status: 'offered', rating: null });
      const ended = await seat.contract.waitForEvent<{ call: CallSnapshot }>('callEnded', (p) => p.call.id === call.id, { from, timeoutMs: 5000 });
      expect(ended.call.endReason).toBe('transferred');

      // The centre's IVR result file, by its call id.
      const imported = await seat.contract.call('importSurveyResults', { format: 'csv', text: 'callUid,rating\nHL-2026-1,4\n' });
      expect(imported).toMatchObject({ attached: 1, unknownCalls: 0 });
      const survey = (await seat.contract.call('getSurvey', { callId: call.id })) as SurveyView;
      expect(survey).toMatchObject({ status: 'rated', rating: 4, label: '不满意', dissatisfied: true, source: 'import' });
    } finally {
      await seat.stop();
    }
  });

  it('a host killed while the invitation plays leaves "offered" and no invented result', async () => {
    const seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1015', micHz: 440, workDir, profile: { surveyMode: 'in-call' } });
    const caller = await startBaresip({ kamailio: rig.kamailio, user: '13800138000', register: false, answerMode: 'auto', toneHz: 0 });
    try {
      const from = seat.contract.events.length;
      await caller.dial(rig.kamailio.uri(seat.user));
      const ringing = await seat.contract.waitForEvent<{ calls: CallSnapshot[] }>('callsChanged', (p) => p.calls.some((c) => c.state === 'ringing'), { from, timeoutMs: 10_000 });
      const callId = ringing.calls.find((c) => c.state === 'ringing')!.id;
      await seat.contract.call('answerCall', { callId });
      await seat.contract.waitForEvent<{ calls: CallSnapshot[] }>('callsChanged', (p) => p.calls.some((c) => c.id === callId && c.state === 'active'), { from, timeoutMs: 10_000 });
      await seat.contract.call('hangupCall', { callId });
      await seat.contract.waitForEvent<{ survey: SurveyView }>('surveyChanged', (p) => p.survey.callId === callId && p.survey.step === 'invite', { from, timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 1000));
      process.kill(seat.host.pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 500));

      const db = new BetterSqlite3(join(seat.host.dataDir, 'seat.sqlite'), { readonly: true });
      try {
        expect(db.prepare('SELECT mode, status, rating, answered_at FROM survey_results WHERE call_id = ?').get(callId)).toEqual({
          mode: 'in-call',
          status: 'offered',
          rating: null,
          answered_at: null,
        });
        expect(db.prepare('SELECT rating FROM calls WHERE id = ?').pluck().get(callId)).toBeNull();
        const records = db.prepare("SELECT record_id FROM outbox WHERE kind = 'survey' AND call_id = ?").pluck().all(callId);
        expect(records).toEqual([`survey-${callId}-offered`]);
      } finally {
        db.close();
      }
    } finally {
      await caller.stop();
      await seat.stop();
    }
  });
});

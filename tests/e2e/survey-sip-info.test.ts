/**
 * In-call survey, digit by SIP INFO: a sipp caller (through Kamailio +
 * rtpengine) is answered by the Chromium seat; the agent hangs up, the
 * survey starts, and sipp sends the digit as INFO in each body variant PBXs
 * use. The seat answers the INFO with 200, stores the rating for that call,
 * plays the thank-you and hangs up (sipp waits for that BYE).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot, SurveyView } from '../../main/contract/index.js';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { hangUpEverything, startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

const scenario = join(import.meta.dirname, 'support/sipp/uac-survey-info.xml');

const variants: { name: string; type: string; body: string; rating: number }[] = [
  { name: 'dtmf-relay, Signal then Duration', type: 'application/dtmf-relay', body: 'Signal=2\r\nDuration=160', rating: 2 },
  { name: 'dtmf-relay, Duration first', type: 'application/dtmf-relay', body: 'Duration=250\r\nSignal=1', rating: 1 },
  { name: 'dtmf-relay, lower case, no Duration', type: 'application/dtmf-relay', body: 'signal= 4', rating: 4 },
  { name: 'application/dtmf, the bare digit', type: 'application/dtmf', body: '3', rating: 3 },
];

describe('in-call survey, digits by SIP INFO from sipp', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-survey-info-'));
    rig = await startRig();
    seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1013', micHz: 440, workDir, profile: { surveyMode: 'in-call', autoAnswer: 'always' } });
    rig.defer(() => seat.stop());
  });

  afterEach(async () => {
    if (seat) await hangUpEverything(seat);
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(variants)('$name → rating $rating', async ({ type, body, rating }) => {
    const from = seat.contract.events.length;
    const sipp = await startSipp({
      scenario,
      target: rig.kamailio.udpPort,
      callee: seat.user,
      pauseMs: 3000,
      timeoutSec: 40,
      extraArgs: ['-key', 'info_type', type, '-key', 'info_body', body],
    });
    const active = await seat.contract.waitForEvent<{ calls: CallSnapshot[] }>('callsChanged', (p) => p.calls.some((c) => c.state === 'active'), { from, timeoutMs: 10_000 });
    const call = active.calls.find((c) => c.state === 'active')!;
    await seat.contract.call('hangupCall', { callId: call.id });
    const { survey } = await seat.contract.waitForEvent<{ survey: SurveyView }>('surveyChanged', (p) => p.survey.callId === call.id && p.survey.status !== 'offered', {
      from,
      timeoutMs: 15_000,
    });
    expect(survey).toMatchObject({ status: 'rated', rating, source: 'sip-info', mode: 'in-call' });
    const result = await sipp.done;
    expect(result.exitCode, result.stderr + result.errors).toBe(0);
    const ended = await seat.contract.waitForEvent<{ call: CallSnapshot }>('callEnded', (p) => p.call.id === call.id, { from, timeoutMs: 5000 });
    expect(ended.call.endedBy).toBe('local');
  });
});

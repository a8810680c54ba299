/**
 * The in-call survey end to end: Debian Chromium runs the seat (browser-mode
 * host), a baresip "PSTN caller" calls through Kamailio + rtpengine. The
 * agent hangs up with auto-start on, so the seat mutes the agent, plays the
 * espeak-ng invitation to the caller in place of the microphone and waits
 * for a digit: RFC 4733 from baresip (played out as tones by the seat's
 * WebRTC engine and caught by the AudioWorklet detector), in-band tones in
 * the caller's audio, no digit, invalid digits, or the caller hanging up.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSurveySettings, type CallSnapshot, type SurveyView } from '../../main/contract/index.js';
import { concat, dtmfTone, silence, addNoise, seededRandom } from '../bench/dtmf-signal.js';
import { startBaresip, startRig, writeWav, rms, readWav, type BaresipHandle, type Rig } from '../rig/index.js';
import { hangUpEverything, startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

const callerNumber = '13800138000';

/** A quiet caller line (noise at −60 dBFS) with optional DTMF tones, 8 kHz for baresip. */
function callerWav(path: string, seconds: number, tones: { digit: '3'; everyMs: number } | null = null): string {
  const parts: Float32Array[] = [];
  let ms = 0;
  while (ms < seconds * 1000) {
    if (tones && ms > 0) {
      parts.push(dtmfTone(tones.digit, 150, 8000, { levelDbfs: -12 }));
      ms += 150;
    }
    const gap = tones ? tones.everyMs : 1000;
    parts.push(silence(gap, 8000));
    ms += gap;
  }
  const audio = addNoise(concat(parts), -60, seededRandom(5));
  const pcm = new Int16Array(audio.length);
  for (let i = 0; i < audio.length; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, audio[i]!)) * 32767);
  writeWav(path, pcm, 8000);
  return path;
}

describe('in-call survey with a baresip caller', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;
  const callers: BaresipHandle[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-survey-'));
    rig = await startRig();
    seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1012', micHz: 440, workDir, profile: { surveyMode: 'in-call' } });
    rig.defer(() => seat.stop());
  });

  afterEach(async () => {
    if (seat) await hangUpEverything(seat);
    while (callers.length) await callers.pop()!.stop();
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** baresip calls the seat, the seat answers; returns the call. */
  async function connect(playWav: string): Promise<{ caller: BaresipHandle; call: CallSnapshot }> {
    const dumpDir = join(workDir, `dump-${Date.now()}`);
    mkdirSync(dumpDir);
    const caller = await startBaresip({ kamailio: rig.kamailio, user: callerNumber, register: false, playWav, answerMode: 'auto', dumpDir });
    callers.push(caller);
    const from = seat.contract.events.length;
    const mark = await caller.dial(rig.kamailio.uri(seat.user));
    const ringing = await seat.contract.waitForEvent<{ calls: CallSnapshot[] }>('callsChanged', (p) => p.calls.some((c) => c.state === 'ringing'), { from, timeoutMs: 10_000 });
    const call = ringing.calls.find((c) => c.state === 'ringing')!;
    await seat.contract.call('answerCall', { callId: call.id });
    await caller.waitForEvent('CALL_ESTABLISHED', { from: mark, timeoutMs: 10_000 });
    // The seat hears the caller before the agent hangs up.
    await expect.poll(() => seat.page.evaluate(() => window.__hotseatMediaProbe!.sessionIds().length), { timeout: 10_000 }).toBeGreaterThan(0);
    return { caller, call };
  }

  async function agentHangsUp(callId: string): Promise<number> {
    const from = seat.contract.events.length;
    await seat.contract.call('hangupCall', { callId });
    await seat.contract.waitForEvent<{ calls: CallSnapshot[] }>('callsChanged', (p) => p.calls.some((c) => c.id === callId && c.phase === 'survey'), { from, timeoutMs: 5000 });
    return from;
  }

  function waitForResult(callId: string, from: number, timeoutMs = 20_000): Promise<{ survey: SurveyView }> {
    return seat.contract.waitForEvent<{ survey: SurveyView }>('surveyChanged', (p) => p.survey.callId === callId && p.survey.status !== 'offered', { from, timeoutMs });
  }

  it('the caller presses 2 by RFC 4733 during the invitation → the seat stores 2 for that call and hangs up', async () => {
    await seat.contract.call('saveSurveySettings', defaultSurveySettings);
    const { caller, call } = await connect(callerWav(join(workDir, 'quiet.wav'), 120));
    const from = await agentHangsUp(call.id);
    expect((await seat.contract.call('getSurvey', { callId: call.id }))?.status).toBe('offered');
    // The caller hears the invitation (espeak-ng speech, not silence) in place of the agent's 440 Hz microphone.
    await new Promise((r) => setTimeout(r, 2500));
    const closed = caller.mark();
    await caller.sendDtmf('2');
    const { survey } = await waitForResult(call.id, from);
    expect(survey).toMatchObject({ status: 'rated', rating: 2, label: '满意', source: 'inband', mode: 'in-call', dissatisfied: false });
    // Thank-you, then the seat's BYE.
    const bye = await caller.waitForEvent('CALL_CLOSED', { from: closed, timeoutMs: 15_000 });
    expect(bye.param ?? '').not.toMatch(/end of file/);
    const ended = (await seat.contract.call('getSurvey', { callId: call.id }))!;
    expect(ended.rating).toBe(2);
    const heard = caller.lastHeardWav();
    if (heard) {
      const wav = readWav(heard);
      expect(rms(wav, { startSec: 0.5, endSec: Math.min(2.5, wav.durationSec) })).toBeGreaterThan(0.005);
    }
  });

  it('in-band tones in the caller’s audio: 3 → stored 3', async () => {
    const { call } = await connect(callerWav(join(workDir, 'tones.wav'), 120, { digit: '3', everyMs: 2500 }));
    const from = await agentHangsUp(call.id);
    const { survey } = await waitForResult(call.id, from);
    expect(survey).toMatchObject({ status: 'rated', rating: 3, label: '一般', source: 'inband' });
  });

  it('no digit: the invitation plays twice, then −1 "no response"', async () => {
    await seat.contract.call('saveSurveySettings', { ...defaultSurveySettings, timeoutSeconds: 3 });
    const { call } = await connect(callerWav(join(workDir, 'quiet.wav'), 120));
    const from = await agentHangsUp(call.id);
    const { survey } = await waitForResult(call.id, from, 60_000);
    expect(survey).toMatchObject({ status: 'no-response', rating: -1 });
    await seat.contract.call('saveSurveySettings', defaultSurveySettings);
  });

  it('invalid digits twice → −2 "invalid"', async () => {
    const { caller, call } = await connect(callerWav(join(workDir, 'quiet.wav'), 120));
    const from = await agentHangsUp(call.id);
    await new Promise((r) => setTimeout(r, 1500));
    await caller.sendDtmf('9');
    await seat.contract.waitForEvent<{ survey: SurveyView }>('surveyChanged', (p) => p.survey.callId === call.id && p.survey.step === 'invalid-prompt', { from, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1000));
    await caller.sendDtmf('0');
    const { survey } = await waitForResult(call.id, from);
    expect(survey).toMatchObject({ status: 'invalid', rating: -2 });
  });

  it('the caller hangs up mid-prompt → −1 and the call ends completed by the caller', async () => {
    const { caller, call } = await connect(callerWav(join(workDir, 'quiet.wav'), 120));
    const from = await agentHangsUp(call.id);
    await new Promise((r) => setTimeout(r, 1500));
    await caller.hangup();
    const { survey } = await waitForResult(call.id, from);
    expect(survey).toMatchObject({ status: 'no-response', rating: -1 });
    const ended = await seat.contract.waitForEvent<{ call: CallSnapshot }>('callEnded', (p) => p.call.id === call.id, { from, timeoutMs: 5000 });
    expect(ended.call.endedBy).toBe('remote');
  });
});

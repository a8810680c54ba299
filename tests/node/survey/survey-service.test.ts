/**
 * The survey service on a real SQLite database with the real records
 * service (outbox), and the phone and media engine as recording seams (the
 * real ones run in tests/e2e/survey-*.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallSnapshot, MediaMethod, SurveyEvents, SurveyView } from '../../../main/contract/index.js';
import { defaultSurveySettings } from '../../../main/contract/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { createSurveyService, type SurveyService } from '../../../main/core/survey/survey-service.js';
import { recordsFixture, type RecordsFixture } from '../records/records-fixture.js';

const resourcesDir = join(process.cwd(), 'resources');

interface Harness {
  fx: RecordsFixture;
  survey: SurveyService;
  media: { method: MediaMethod; params: Record<string, unknown> }[];
  phone: string[];
  views: SurveyView[];
  mode: { surveyMode: 'in-call' | 'ivr-transfer' | 'agent-recorded' | 'off'; surveyIvrUri: string };
  live: Map<string, CallSnapshot>;
}

function activeCall(id: string, centreCallId: string | null = null): CallSnapshot {
  return {
    id,
    direction: 'inbound',
    state: 'active',
    phase: 'call',
    media: 'ok',
    remoteNumber: '13800138000',
    remoteName: null,
    remoteUri: 'sip:13800138000@sip.test',
    centreCallId,
    context: [],
    startedAt: 1,
    answeredAt: 2,
    endedAt: null,
    held: false,
    holdPending: false,
    muted: false,
    autoAnswer: null,
    transfer: null,
    endReason: null,
    endedBy: null,
    statusCode: null,
  };
}

function harness(file?: string): Harness {
  const fx = recordsFixture(file ? { file } : {});
  const h = { fx, media: [], phone: [], views: [], mode: { surveyMode: 'in-call', surveyIvrUri: 'sip:survey@ivr.test' }, live: new Map() } as unknown as Harness;
  h.survey = createSurveyService({
    db: fx.db,
    phone: {
      startSurvey: async (id) => void h.phone.push(`startSurvey ${id}`),
      finishSurvey: async (id) => void h.phone.push(`finishSurvey ${id}`),
      hangup: async (id) => void h.phone.push(`hangup ${id}`),
      callSnapshot: (id) => h.live.get(id) ?? null,
      transferToSurvey: async (id, uri, headers) => void h.phone.push(`refer ${id} ${uri} ${JSON.stringify(headers)}`),
    },
    media: {
      request: (async (method: MediaMethod, params: Record<string, unknown>) => {
        h.media.push({ method, params });
        return method === 'playPrompt' ? { durationMs: 30 } : null;
      }) as never,
    },
    profile: () => h.mode,
    agentNo: () => '0815',
    resourcesDir,
    store: (result, within) => fx.records.recordSurveyResult(result, within),
    emit: <K extends keyof SurveyEvents>(name: K, payload: SurveyEvents[K]) => {
      if (name === 'surveyChanged') h.views.push((payload as SurveyEvents['surveyChanged']).survey);
    },
    now: () => fx.clock,
  });
  return h;
}

/** A call row (rang + answered, not ended) and its live snapshot. */
function liveCall(h: Harness, id: string, centreCallId: string | null = null): void {
  h.fx.callLog.callStarted({
    id,
    sipCallId: `${id}@h`,
    centreCallId,
    direction: 'inbound',
    localNumber: '1001',
    remoteNumber: '13800138000',
    remoteName: null,
    remoteUri: 'sip:13800138000@sip.test',
    context: [],
    startedAt: h.fx.clock,
  });
  h.fx.callLog.callAnswered(id, h.fx.clock + 1000, false);
  h.live.set(id, activeCall(id, centreCallId));
}

const prompts = (h: Harness) => h.media.filter((m) => m.method === 'playPrompt').map((m) => m.params.promptId);
const outbox = (h: Harness) => h.fx.db.prepare('SELECT record_id, kind, body FROM outbox WHERE kind = ? ORDER BY seq').all('survey') as { record_id: string; body: string }[];

describe('survey service, in-call', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => {
    h.survey.close();
  });

  it('offers, plays the bundled invitation, takes 2 by SIP INFO, stores it with its record, thanks and hangs up', async () => {
    liveCall(h, 'c1', 'uid-1');
    const started = await h.survey.endWithSurvey('c1');
    expect(started?.status).toBe('offered');
    expect(h.phone).toEqual(['startSurvey c1']);
    expect(h.media.map((m) => m.method)).toEqual(['startDtmfDetection', 'playPrompt']);
    const invite = readFileSync(join(resourcesDir, 'survey/invite.wav')).toString('base64');
    expect(h.media[1]!.params.audioBase64).toBe(invite);
    expect(outbox(h).map((r) => r.record_id)).toEqual(['survey-c1-offered']);

    await vi.waitFor(() => expect(h.survey.view('c1')?.step).toBe('waiting')); // the invitation ended
    h.survey.digit('c1', '2', 'sip-info');
    await vi.waitFor(() => expect(h.survey.view('c1')?.status).toBe('rated'));
    const view = h.survey.view('c1')!;
    expect(view).toMatchObject({ status: 'rated', rating: 2, label: '满意', grade: 'satisfied', dissatisfied: false, source: 'sip-info', mode: 'in-call' });
    expect(h.fx.db.prepare('SELECT rating FROM calls WHERE id = ?').pluck().get('c1')).toBe(2);
    const result = outbox(h).at(-1)!;
    expect(JSON.parse(result.body).data).toMatchObject({ rating: 2, digit: '2', status: 'rated', centreCallId: 'uid-1', agentNo: '0815' });
    await vi.waitFor(() => expect(h.phone).toEqual(['startSurvey c1', 'finishSurvey c1']));
    expect(prompts(h)).toEqual(['invite', 'thanks']);
    expect(h.media.at(-1)!.method).toBe('stopDtmfDetection');
    expect(h.survey.running()).toBe(false);
  });

  it('no digit: replays the invitation once, then stores −1 "no response"', { timeout: 15_000 }, async () => {
    h.survey.saveSettings({ ...defaultSurveySettings, timeoutSeconds: 3 });
    liveCall(h, 'c2');
    await h.survey.endWithSurvey('c2');
    await vi.waitFor(() => expect(h.phone).toContain('finishSurvey c2'), { timeout: 9000 });
    expect(prompts(h)).toEqual(['invite', 'invite', 'thanks']);
    expect(h.survey.view('c2')).toMatchObject({ status: 'no-response', rating: -1 });
    // The caller history shows no star for "no response"; the record says why.
    expect(h.fx.db.prepare('SELECT rating FROM calls WHERE id = ?').pluck().get('c2')).toBeNull();
    expect(JSON.parse(outbox(h).at(-1)!.body).data).toMatchObject({ status: 'no-response', code: -1 });
  });

  it('invalid twice: the invalid-key prompt once, then −2; 不满意 is flagged', async () => {
    liveCall(h, 'c3');
    await h.survey.endWithSurvey('c3');
    h.survey.digit('c3', '9', 'inband');
    await vi.waitFor(() => expect(h.survey.view('c3')?.step).toBe('waiting'));
    h.survey.digit('c3', '#', 'inband');
    await vi.waitFor(() => expect(prompts(h)).toHaveLength(3));
    expect(prompts(h)).toEqual(['invite', 'invalid', 'thanks']);
    expect(h.survey.view('c3')).toMatchObject({ status: 'invalid', rating: -2 });

    liveCall(h, 'c4');
    await h.survey.endWithSurvey('c4');
    h.survey.digit('c4', '4', 'inband');
    await vi.waitFor(() => expect(h.survey.view('c4')?.status).toBe('rated'));
    expect(h.survey.view('c4')).toMatchObject({ rating: 4, label: '不满意', dissatisfied: true });
  });

  it('the caller hanging up mid-prompt stores −1 and sends no BYE', async () => {
    liveCall(h, 'c5');
    await h.survey.endWithSurvey('c5');
    h.survey.callEnded({ ...activeCall('c5'), state: 'ended' });
    await vi.waitFor(() => expect(h.survey.view('c5')?.status).toBe('no-response'));
    await new Promise((r) => setTimeout(r, 200));
    expect(h.survey.view('c5')).toMatchObject({ status: 'no-response', rating: -1 });
    expect(h.phone).toEqual(['startSurvey c5']);
  });

  it('plays the centre’s own recording when set, the bundled one when that file is missing', async () => {
    h.survey.saveSettings({ ...defaultSurveySettings, promptInvite: join(resourcesDir, 'survey/thanks.wav'), promptThanks: '/nonexistent/thanks.wav' });
    liveCall(h, 'c6');
    await h.survey.endWithSurvey('c6');
    h.survey.digit('c6', '1', 'sip-info');
    await vi.waitFor(() => expect(prompts(h)).toHaveLength(2));
    const thanks = readFileSync(join(resourcesDir, 'survey/thanks.wav')).toString('base64');
    const played = h.media.filter((m) => m.method === 'playPrompt').map((m) => m.params.audioBase64);
    expect(played).toEqual([thanks, thanks]);
  });

  it('a seat that dies mid-survey leaves "offered" and no result', async () => {
    liveCall(h, 'c7');
    await h.survey.endWithSurvey('c7');
    h.survey.close();
    h.fx.db.close();
    const db = openDatabase(h.fx.file);
    expect(db.prepare('SELECT status, rating FROM survey_results WHERE call_id = ?').get('c7')).toEqual({ status: 'offered', rating: null });
    db.close();
  });
});

describe('survey service, transfer and agent modes', () => {
  it('REFERs to the IVR with X-Call-Uid and X-Agent-Id, stores "offered", then attaches an imported result', async () => {
    const h = harness();
    h.mode.surveyMode = 'ivr-transfer';
    liveCall(h, 'c10', 'uid-10');
    const view = await h.survey.endWithSurvey('c10');
    expect(view).toMatchObject({ mode: 'ivr-transfer', status: 'offered' });
    expect(h.phone).toEqual(['refer c10 sip:survey@ivr.test {"X-Call-Uid":"uid-10","X-Agent-Id":"0815"}']);
    const csv = h.survey.importResults('csv', 'callUid,rating\nuid-10,1\nuid-unknown,2\nbad line\n');
    expect(csv).toMatchObject({ attached: 1, unknownCalls: 1 });
    expect(csv.invalid).toHaveLength(1);
    expect(h.survey.view('c10')).toMatchObject({ status: 'rated', rating: 1, source: 'import', mode: 'ivr-transfer' });
    // Re-importing the same file attaches nothing new.
    const before = h.fx.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get();
    h.survey.importResults('json', JSON.stringify([{ centreCallId: 'uid-10', rating: 1 }]));
    expect(h.fx.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(before);
    h.survey.close();
  });

  it('agent-entered ratings with the caller’s words; hang-up without survey in that mode; rates per day', () => {
    const h = harness();
    h.mode.surveyMode = 'agent-recorded';
    h.fx.call('a1', '13800138000');
    h.fx.call('a2', '13800138001');
    h.fx.call('a3', '13800138002');
    expect(h.survey.recordAgentRating('a1', 1, ' 很好 ')).toMatchObject({ rating: 1, callerWords: '很好', source: 'agent', mode: 'agent-recorded' });
    h.survey.recordAgentRating('a2', 4, '');
    h.survey.recordAgentRating('a3', 2, '');
    expect(() => h.survey.recordAgentRating('a3', 5, '')).toThrow(/scale/);
    expect(() => h.survey.recordAgentRating('zz', 1, '')).toThrow(/no call/);
    const [day] = h.survey.rates(h.fx.clock - 1, h.fx.clock + 1, false);
    expect(day).toMatchObject({ offered: 3, rated: 3, satisfied: 2, dissatisfied: 1 });
    expect(day!.satisfactionRate).toBeCloseTo(2 / 3);
    expect(day!.responseRate).toBe(1);
    h.survey.close();
  });

  it('mode off: the agent’s hang-up is a plain hang-up, no survey row', async () => {
    const h = harness();
    h.mode.surveyMode = 'off';
    liveCall(h, 'c30');
    expect(h.survey.wantsSurveyOnHangup('c30')).toBe(false);
    expect(await h.survey.endWithSurvey('c30')).toBeNull();
    expect(h.phone).toEqual(['hangup c30']);
    expect(h.survey.view('c30')).toBeNull();
    h.mode.surveyMode = 'in-call';
    expect(h.survey.wantsSurveyOnHangup('c30')).toBe(true);
    h.survey.saveSettings({ ...defaultSurveySettings, autoStart: false });
    expect(h.survey.wantsSurveyOnHangup('c30')).toBe(false);
    h.survey.close();
  });

  it('polls the IVR results URL with its cursor and attaches what it returns', async () => {
    const h = harness();
    h.mode.surveyMode = 'ivr-transfer';
    liveCall(h, 'c20', 'uid-20');
    await h.survey.endWithSurvey('c20');
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(asked.length === 1 ? { results: [{ centreCallId: 'uid-20', rating: 2 }, { callId: 'elsewhere', rating: 1 }], cursor: 'c-1' } : { results: [], cursor: 'c-1' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      h.survey.saveSettings({ ...defaultSurveySettings, resultsUrl: `http://127.0.0.1:${port}/survey-results` });
      expect(await h.survey.pollNow()).toMatchObject({ attached: 1, unknownCalls: 1 });
      expect(h.survey.view('c20')).toMatchObject({ status: 'rated', rating: 2, source: 'poll' });
      expect(await h.survey.pollNow()).toMatchObject({ attached: 0 });
      expect(asked).toEqual(['/survey-results', '/survey-results?since=c-1']);
    } finally {
      server.close();
      h.survey.close();
    }
  });
});

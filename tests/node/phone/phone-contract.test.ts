import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callsRequestSchemas, phoneRequestSchemas, validationMessages } from '../../../main/contract/index.js';
import { createDispatcher, type Handlers } from '../../../main/core/dispatcher.js';

describe('phone contract', () => {
  it('validates with stable message keys that have English text', async () => {
    const dispatcher = createDispatcher({ setAgentState: () => null, sendDtmf: () => null, rejectCall: () => null } as unknown as Handlers);
    const bad = await dispatcher.dispatch('setAgentState', { state: 'not-ready' }, { clientId: 'ui' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid', issues: [{ path: 'reason', code: 'agentReason.required' }] } });
    const extra = await dispatcher.dispatch('setAgentState', { state: 'ready', reason: 'meal' }, { clientId: 'ui' });
    expect(extra).toMatchObject({ ok: false, error: { issues: [{ code: 'agentReason.unexpected' }] } });
    const keys = await dispatcher.dispatch('sendDtmf', { callId: 'c-1', digits: '12x' }, { clientId: 'ui' });
    expect(keys).toMatchObject({ ok: false, error: { issues: [{ path: 'digits', code: 'dtmf.format', message: expect.stringContaining('0-9') }] } });
    const code = await dispatcher.dispatch('rejectCall', { callId: 'c-1', code: 404 }, { clientId: 'ui' });
    expect(code).toMatchObject({ ok: false, error: { issues: [{ path: 'code', code: 'rejectCode.invalid' }] } });
    const id = await dispatcher.dispatch('rejectCall', { callId: '../../etc' }, { clientId: 'ui' });
    expect(id).toMatchObject({ ok: false, error: { issues: [{ path: 'callId', code: 'callId.format' }] } });
  });

  it('applies defaults and normalises', () => {
    expect(phoneRequestSchemas.rejectCall.parse({ callId: 'c-1' })).toEqual({ callId: 'c-1', code: 486 });
    expect(phoneRequestSchemas.sendDtmf.parse({ callId: 'c-1', digits: '1a#' })).toEqual({ callId: 'c-1', digits: '1A#' });
    expect(callsRequestSchemas.listRecentCalls.parse({})).toEqual({ limit: 50 });
    expect(phoneRequestSchemas.mediaReply.safeParse({ id: 1, ok: true, value: null, extra: 1 }).success).toBe(false);
  });

  it('every message key used in phone.ts and calls.ts has English text', () => {
    const read = (file: string) => readFileSync(fileURLToPath(new URL(`../../../main/contract/${file}`, import.meta.url)), 'utf8');
    const source = read('phone.ts') + read('calls.ts');
    const keys = [...source.matchAll(/error: '([A-Za-z]+\.[A-Za-z]+)'/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(validationMessages[key], key).toBeTruthy();
  });
});

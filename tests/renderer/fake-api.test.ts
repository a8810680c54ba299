/**
 * The shared fake API keeps the renderer tests honest: it answers only what
 * the contract allows, on both sides of a request.
 */
import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../main/contract/index.js';
import { createFakeApi } from './support/fake-api.js';

describe('the fake API checks the contract', () => {
  it('rejects params the core would reject, with the same issues', async () => {
    const api = createFakeApi({ holdCall: () => ({}) as CallSnapshot });
    await expect(api.invoke('holdCall', { callId: '../etc' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid', issues: [{ path: 'callId', code: 'callId.format' }] },
    });
  });

  it('answers null only for requests whose contract result is null, never a made-up value', async () => {
    const api = createFakeApi();
    await expect(api.invoke('hangupCall', { callId: 'c-1' })).resolves.toEqual({ ok: true, value: null });
    await expect(api.invoke('holdCall', { callId: 'c-1' })).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await expect(api.invoke('getPhoneState', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('fails the request when a handler breaks the contract at run time', async () => {
    const api = createFakeApi();
    api.handle('holdCall', () => null as unknown as CallSnapshot);
    await expect(api.invoke('holdCall', { callId: 'c-1' })).rejects.toThrow(/holdCall does not answer null/);
    api.handle('hangupCall', () => ({ done: true }) as unknown as null);
    await expect(api.invoke('hangupCall', { callId: 'c-1' })).rejects.toThrow(/hangupCall answers null in the contract/);
    api.handle('getPhoneState', () => undefined as never);
    await expect(api.invoke('getPhoneState', {})).rejects.toThrow(/returned undefined/);
  });

  it('accepts null where the contract result is `X | null` (no caller context yet)', async () => {
    const api = createFakeApi();
    api.handle('getCallerContext', () => null);
    await expect(api.invoke('getCallerContext', { callId: 'c-1' })).resolves.toEqual({ ok: true, value: null });
  });

  it('passes results through a JSON round trip, as the wire does, and failures as given', async () => {
    const api = createFakeApi({
      getPhoneState: () => ({ calls: [], lastDialed: null, extra: undefined }) as never,
      dial: () => ({ ok: false, error: { code: 'conflict', message: 'busy' } }),
    });
    await expect(api.invoke('getPhoneState', {})).resolves.toEqual({ ok: true, value: { calls: [], lastDialed: null } });
    await expect(api.invoke('dial', { target: '1002' })).resolves.toEqual({ ok: false, error: { code: 'conflict', message: 'busy' } });
    expect(api.sent('dial')).toEqual([{ target: '1002' }]);
  });
});

/**
 * Every profile rule answers with a stable key on the right field, through
 * the real dispatcher, so the renderer can say what is wrong in place.
 */
import { describe, expect, it } from 'vitest';
import { profileInputSchema, validationMessages, type ProfileInput } from '../../../main/contract/index.js';
import { createDispatcher, toFieldIssues, type Handlers } from '../../../main/core/dispatcher.js';
import { validProfile } from '../support/valid-profile.js';

function issuesFor(patch: Record<string, unknown>) {
  const parsed = profileInputSchema.safeParse({ ...validProfile, ...patch });
  return parsed.success ? [] : toFieldIssues(parsed.error.issues).map((i) => `${i.path}:${i.code}`);
}

describe('profile validation', () => {
  it('accepts a complete profile', () => {
    expect(issuesFor({})).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['letters in the seat number', { agentNumber: '10a7' }, 'agentNumber:agentNumber.format'],
    ['a seat number too long', { agentNumber: '123456789' }, 'agentNumber:agentNumber.format'],
    ['an http SIP server', { sipServers: ['ws://ok.test/ws', 'http://sip.test'] }, 'sipServers.1:sipServers.format'],
    ['credentials in a SIP server URL', { sipServers: ['wss://user:pw@sip.test/ws'] }, 'sipServers.0:sipServers.format'],
    ['no SIP server', { sipServers: [] }, 'sipServers:sipServers.required'],
    ['six SIP servers', { sipServers: Array(6).fill('ws://a.test') }, 'sipServers:sipServers.tooMany'],
    ['a SIP URI without sip:', { sipUri: '1007@sip.test' }, 'sipUri:sipUri.format'],
    ['a SIP URI with spaces', { sipUri: 'sip:10 07@sip.test' }, 'sipUri:sipUri.format'],
    ['an auth user with @', { authUser: 'a@b' }, 'authUser:authUser.format'],
    ['a registration expiry too short', { registerExpires: 30 }, 'registerExpires:registerExpires.range'],
    ['a fractional expiry', { registerExpires: 300.5 }, 'registerExpires:registerExpires.range'],
    ['a text expiry', { registerExpires: 'soon' }, 'registerExpires:registerExpires.range'],
    ['a KB URL that is not http', { kbSourceUrl: 'ftp://kb.test' }, 'kbSourceUrl:kbSourceUrl.format'],
    ['an unknown survey mode', { surveyMode: 'sms' }, 'surveyMode:surveyMode.invalid'],
    ['IVR survey without its URI', { surveyMode: 'ivr-transfer', surveyIvrUri: '' }, 'surveyIvrUri:surveyIvrUri.requiredForIvr'],
    ['an unknown auto-answer policy', { autoAnswer: 'sometimes' }, 'autoAnswer:autoAnswer.invalid'],
    ['a negative wrap-up', { wrapUpSeconds: -1 }, 'wrapUpSeconds:wrapUpSeconds.range'],
    ['reject code 404', { notReadyRejectCode: 404 }, 'notReadyRejectCode:notReadyRejectCode.invalid'],
    ['an http ICE server', { iceServers: ['http://stun.test'] }, 'iceServers.0:iceServers.format'],
    ['a header name with a colon', { contextHeaders: ['X-Queue:'] }, 'contextHeaders.0:contextHeaders.format'],
    ['a device id with a newline', { microphoneId: 'a\nb' }, 'microphoneId:device.format'],
    ['an unknown language', { language: 'fr' }, 'language:language.invalid'],
    ['a shortcut that is not a key', { shortcuts: { ...validProfile.shortcuts, hold: 'Ctrl+' } }, 'shortcuts.hold:shortcut.format'],
    ['two actions on one key', { shortcuts: { ...validProfile.shortcuts, mute: 'f5' } }, 'shortcuts.mute:shortcut.duplicate'],
  ])('rejects %s with a clear key', (_name, patch, expected) => {
    expect(issuesFor(patch)).toContain(expected);
  });

  it('has English text for every key it can produce', () => {
    const bad = { agentNumber: 'x', sipServers: ['x'], sipUri: 'x', registerExpires: 1, kbSourceUrl: 'x', wrapUpSeconds: 9999 };
    const parsed = profileInputSchema.safeParse({ ...validProfile, ...bad });
    expect(parsed.success).toBe(false);
    for (const issue of parsed.error!.issues) expect(validationMessages[issue.message], issue.message).toBeTruthy();
  });

  it('rejects fields the contract does not know', () => {
    expect(issuesFor({ isAdmin: true })[0]).toMatch(/^:zod\.unrecognized_keys$/);
  });
});

describe('dispatcher', () => {
  const calls: unknown[] = [];
  const handlers = {
    saveProfile: (input: ProfileInput) => {
      calls.push(input);
      return { saved: true };
    },
    getStatus: () => {
      throw new Error('disk on fire');
    },
  } as unknown as Handlers;
  const dispatcher = createDispatcher(handlers);
  const ctx = { clientId: 'test' };

  it('validates before the service sees anything', async () => {
    const result = await dispatcher.dispatch('saveProfile', { ...validProfile, sipUri: 'nope' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid', issues: [{ path: 'sipUri', code: 'sipUri.format' }] } });
    expect(calls).toEqual([]);
  });

  it('hands trimmed, validated params to the service', async () => {
    const result = await dispatcher.dispatch('saveProfile', { ...validProfile, agentNumber: ' 1007 ' }, ctx);
    expect(result).toEqual({ ok: true, value: { saved: true } });
    expect(calls).toMatchObject([{ agentNumber: '1007' }]);
  });

  it('answers unknown methods and malformed params without throwing', async () => {
    await expect(dispatcher.dispatch('dropTables', {}, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(dispatcher.dispatch({ toString: null }, {}, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(dispatcher.dispatch('saveProfile', 'a string', ctx)).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
    await expect(dispatcher.dispatch('getProfile', { extra: 1 }, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('turns a failing service into an internal error with its message', async () => {
    await expect(dispatcher.dispatch('getStatus', {}, ctx)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'getStatus failed: disk on fire' },
    });
  });
});

/**
 * Which values of a centre's provisioning document are this seat's, and the
 * profile they make — checked with the settings form's own rules.
 */
import { describe, expect, it } from 'vitest';
import { defaultProfile, profileInputSchema, type ProvisioningDocument } from '../../../main/contract/index.js';
import { mergeSeatProfile, readProvisioningDocument, seatEntryKey } from '../../../main/core/provisioning/seat-profile-from-document.js';
import { validProfile } from '../support/valid-profile.js';

const current = (() => {
  const { password: _p, clearPassword: _c, ...profile } = profileInputSchema.parse(validProfile);
  return profile;
})();

const doc = (patch: Partial<ProvisioningDocument> = {}): ProvisioningDocument => ({
  hotseat: 'provisioning/1',
  revision: 3,
  profile: { sipServers: ['wss://sip.centre.test/ws'], kbSourceUrl: 'https://kb.centre.test/kb' },
  seats: {
    '07': { sipUri: 'sip:1107@sip.test', authUser: '1107' },
    'host:hl-seat-09': { sipUri: 'sip:1109@sip.test' },
  },
  ...patch,
});

describe('provisioning document', () => {
  it('reads JSON text and names what is wrong', () => {
    expect(readProvisioningDocument(JSON.stringify(doc()))).toMatchObject({ ok: true, document: { revision: 3 } });
    expect(readProvisioningDocument('{"hotseat":')).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON/) });
    const wrong = readProvisioningDocument({ hotseat: 'provisioning/1', revision: -1 });
    expect(wrong).toMatchObject({ ok: false, issues: [{ path: 'revision', code: 'provisioning.revision' }] });
    expect(readProvisioningDocument({ revision: 1 })).toMatchObject({ ok: false, issues: [{ path: 'hotseat', code: 'provisioning.format' }] });
  });

  it('picks the seat by its code first, then by hostname', () => {
    expect(seatEntryKey(doc(), { seatCode: '07', hostname: 'hl-seat-09' })).toBe('07');
    expect(seatEntryKey(doc(), { seatCode: null, hostname: 'hl-seat-09' })).toBe('host:hl-seat-09');
    expect(seatEntryKey(doc(), { seatCode: '99', hostname: 'other' })).toBeNull();
  });

  it('lays centre values, then the seat’s own, over the current profile', () => {
    const merged = mergeSeatProfile(current, doc(), { seatCode: '07', hostname: 'x' });
    expect(merged).toMatchObject({
      ok: true,
      seatKey: '07',
      profile: { sipServers: ['wss://sip.centre.test/ws'], sipUri: 'sip:1107@sip.test', authUser: '1107', agentNumber: current.agentNumber },
    });
  });

  it('rejects a bad value with the settings form’s message key', () => {
    const bad = doc({ seats: { '07': { sipUri: '1107 at sip.test' } } });
    const merged = mergeSeatProfile(current, bad, { seatCode: '07', hostname: 'x' });
    expect(merged).toMatchObject({ ok: false, issues: [{ path: 'sipUri', code: 'sipUri.format' }] });
    expect(merged.ok ? '' : merged.message).toMatch(/^sipUri: /);
  });

  it('keeps the defaults of a fresh seat where the document is silent', () => {
    const { wrapUpSeconds: _w, ...centre } = { ...current, wrapUpSeconds: 99 };
    const merged = mergeSeatProfile(defaultProfile, doc({ profile: centre, seats: {} }), { seatCode: null, hostname: 'x' });
    expect(merged).toMatchObject({ ok: true, profile: { wrapUpSeconds: defaultProfile.wrapUpSeconds, sipUri: current.sipUri } });
  });
});

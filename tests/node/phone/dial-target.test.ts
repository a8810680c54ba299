import { describe, expect, it } from 'vitest';
import { normalizeDialTarget, phoneRequestSchemas } from '../../../main/contract/index.js';
import { dialTargetNumber, dialTargetToUri } from '../../../main/core/phone/dial-target.js';

describe('dial targets', () => {
  it('normalises pasted numbers and keeps SIP URIs', () => {
    expect(normalizeDialTarget(' 010-1234 5678 ')).toBe('01012345678');
    expect(normalizeDialTarget('(+86) 138.0013.8000')).toBe('+8613800138000');
    expect(normalizeDialTarget('SIP:1002@sip.test')).toBe('sip:1002@sip.test');
    expect(normalizeDialTarget('*86#')).toBe('*86#');
    expect(normalizeDialTarget('hello')).toBeNull();
    expect(normalizeDialTarget('sip:a b@x')).toBeNull();
    expect(normalizeDialTarget('1'.repeat(33))).toBeNull();
  });
  it('validates with message keys', () => {
    const bad = phoneRequestSchemas.dial.safeParse({ target: 'call mom' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('dialTarget.format');
    expect(phoneRequestSchemas.dial.safeParse({ target: '  ' }).error?.issues[0]?.message).toBe('dialTarget.required');
    expect(phoneRequestSchemas.dial.parse({ target: '010 8888' })).toEqual({ target: '0108888' });
  });
  it('puts a bare number at the seat domain', () => {
    expect(dialTargetToUri('12345', 'sip:1001@sip.example.org')).toBe('sip:12345@sip.example.org');
    expect(dialTargetToUri('*86#', 'sip:1001@sip.test:5080')).toBe('sip:*86%23@sip.test:5080');
    expect(dialTargetToUri('sip:1002@other.test', 'sip:1001@sip.test')).toBe('sip:1002@other.test');
    expect(dialTargetNumber('sip:1002@other.test')).toBe('1002');
    expect(dialTargetNumber('0101')).toBe('0101');
  });
});

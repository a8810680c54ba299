import { describe, expect, it } from 'vitest';
import { decideAutoAnswer } from '../../../main/core/phone/auto-answer.js';
import { readCallerContext, type HeaderReader } from '../../../main/core/phone/caller-context.js';
import { numberOfUri, parseNameAddr, splitHeaderList, untrustedText } from '../../../main/core/phone/sip-header-text.js';

const headers =
  (map: Record<string, string[]>): HeaderReader =>
  (name) =>
    map[Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] ?? [];

describe('SIP header text', () => {
  it('parses name-addr forms', () => {
    expect(parseNameAddr('"Wang \\"Xiao\\"" <sip:+8613800138000@c.test;user=phone>;tag=1')).toMatchObject({
      displayName: 'Wang "Xiao"',
      uri: 'sip:+8613800138000@c.test;user=phone',
    });
    expect(parseNameAddr('<tel:+86-10-1234>')?.uri).toBe('tel:+86-10-1234');
    expect(parseNameAddr('sip:1001@sip.test;tag=abc')).toMatchObject({ displayName: null, uri: 'sip:1001@sip.test' });
    expect(parseNameAddr('garbage')).toBeNull();
  });
  it('splits lists only outside brackets and quotes', () => {
    expect(splitHeaderList('<sip:a,b@x>;p=1, "x, y" <tel:2>')).toEqual(['<sip:a,b@x>;p=1', '"x, y" <tel:2>']);
  });
  it('reads numbers from sip and tel URIs', () => {
    expect(numberOfUri('sip:%2B8613800138000@x')).toBe('+8613800138000');
    expect(numberOfUri('tel:+8610123;phone-context=x')).toBe('+8610123');
  });
  it('treats values as untrusted text', () => {
    expect(untrustedText('a\u0000b\r\nc\u202Ed\u0007', 100)).toBe('a b cd');
    expect(untrustedText('x'.repeat(300), 256)).toHaveLength(256);
  });
});

describe('caller context', () => {
  it('takes the number from P-Asserted-Identity, then From, and the configured context headers', () => {
    const ctx = readCallerContext(
      headers({
        'P-Asserted-Identity': ['"市民" <sip:+8613912345678@gw.centre>', '<tel:+8613912345678>'],
        From: ['"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1'],
        'X-Call-Uid': ['CTR-2024-0001'],
        'X-Queue': ['医保咨询'],
        'X-IVR-Path': ['1>3>2\u0000<script>'],
        'X-Not-Listed': ['ignored'],
      }),
      ['X-Call-Uid', 'X-Queue', 'X-IVR-Path', 'X-Wait-Seconds'],
    );
    expect(ctx).toMatchObject({ remoteNumber: '+8613912345678', remoteName: '市民', centreCallId: 'CTR-2024-0001' });
    expect(ctx.context).toEqual([
      { name: 'X-Call-Uid', value: 'CTR-2024-0001' },
      { name: 'X-Queue', value: '医保咨询' },
      { name: 'X-IVR-Path', value: '1>3>2 <script>' },
    ]);
  });
  it('falls back to From, caps long values', () => {
    const ctx = readCallerContext(headers({ From: ['"李四" <sip:13800138000@sip.test>;tag=9'], 'X-Queue': ['q'.repeat(1000)] }), ['X-Queue']);
    expect(ctx).toMatchObject({ remoteNumber: '13800138000', remoteName: '李四', centreCallId: null });
    expect(ctx.context[0]!.value).toHaveLength(256);
  });
});

describe('auto-answer', () => {
  const ask = (map: Record<string, string[]>) => decideAutoAnswer('when-requested', headers(map));
  it('honours Call-Info answer-after, Alert-Info and Answer-Mode only when requested', () => {
    expect(ask({ 'Call-Info': ['<sip:c.test>;answer-after=3'] })).toEqual({ trigger: 'call-info', delayMs: 3000 });
    expect(ask({ 'Call-Info': ['<http://x/icon.png>;purpose=icon, <sip:c.test>;Answer-After=0'] })).toEqual({ trigger: 'call-info', delayMs: 0 });
    expect(ask({ 'Alert-Info': ['<http://www.notused.com>;info=alert-autoanswer;delay=0'] })).toEqual({ trigger: 'alert-info', delayMs: 0 });
    expect(ask({ 'Answer-Mode': ['Auto;require'] })).toEqual({ trigger: 'answer-mode', delayMs: 0 });
    expect(ask({ 'Answer-Mode': ['Manual'] })).toBeNull();
    expect(ask({ 'Alert-Info': ['<http://x>;info=alert-internal'] })).toBeNull();
    expect(ask({})).toBeNull();
    expect(ask({ 'Call-Info': ['<sip:c>;answer-after=9999'] })).toEqual({ trigger: 'call-info', delayMs: 60_000 });
  });
  it('never and always ignore the headers', () => {
    const h = headers({ 'Answer-Mode': ['Auto'] });
    expect(decideAutoAnswer('never', h)).toBeNull();
    expect(decideAutoAnswer('always', headers({}))).toEqual({ trigger: 'always', delayMs: 0 });
  });
});

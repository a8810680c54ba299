/**
 * Caller-supplied text reaches the desk and the call log as plain visible
 * text: names without markup or invisible characters, numbers made of
 * digits (and +) only.
 */
import { describe, expect, it } from 'vitest';
import { readCallerContext, type HeaderReader } from '../../../main/core/phone/caller-context.js';
import { phoneNumberOf, plainName } from '../../../main/core/phone/sip-header-text.js';

const headers =
  (map: Record<string, string[]>): HeaderReader =>
  (name) =>
    map[Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] ?? [];

describe('caller names', () => {
  it('drop markup and keep the words', () => {
    expect(plainName('<script>alert(1)</script>张三', 128)).toBe('alert(1) 张三');
    expect(plainName('<img src=x onerror=alert(1)>李四', 128)).toBe('李四');
    expect(plainName('x > y', 128)).toBe('x y');
  });
  it('drop zero-width and other invisible characters', () => {
    expect(plainName('王\u200b\u200c\u200d\u2060\ufeff\u00ad五', 128)).toBe('王五');
    expect(plainName('\u202eevil\u2066', 128)).toBe('evil');
    expect(plainName('\u{e0041}\u{e0042}tag', 128)).toBe('tag');
    expect(plainName('\ufffd\ufffd', 128)).toBe('');
  });
});

describe('caller numbers', () => {
  it('are digits with an optional +', () => {
    expect(phoneNumberOf('+86 (10) 1234-5678', 64)).toBe('+861012345678');
    expect(phoneNumberOf('<svg onload=alert(1)>', 64)).toBe('');
    expect(phoneNumberOf('alice', 64)).toBe('');
    expect(phoneNumberOf('1'.repeat(65), 64)).toBe('');
  });
});

describe('hostile caller headers', () => {
  it('a percent-encoded P-Asserted-Identity user part is no number; the From number is used', () => {
    const ctx = readCallerContext(
      headers({
        'P-Asserted-Identity': ['"<script>alert(1)</script>" <sip:%3Csvg%20onload%3Dalert(1)%3E@gw.test>'],
        From: ['"\u200b\u200b市民\u200b" <sip:13912345678@gw.test>;tag=1'],
      }),
      [],
    );
    expect(ctx.remoteNumber).toBe('13912345678');
    expect(ctx.remoteName).toBe('市民');
    expect(ctx.remoteNumber).toMatch(/^\+?\d+$/);
  });
  it('with no number anywhere the caller is anonymous, and the name is visible text only', () => {
    const ctx = readCallerContext(
      headers({
        'P-Asserted-Identity': ['<sip:%3Csvg%20onload%3Dalert(1)%3E@gw.test>'],
        From: ['"\u200b\u200d" <sip:%3Cimg%3E@gw.test>;tag=1'],
      }),
      [],
    );
    expect(ctx).toMatchObject({ remoteNumber: 'anonymous', remoteName: null });
  });
});

/**
 * Caller-supplied text reaches the desk and the call log as plain visible
 * text: names without markup or invisible characters, numbers made of
 * digits (and +) only.
 */
import fc from 'fast-check';
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

describe('caller context from any header text (property)', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('<script>', '</script>', '<svg onload=alert(1)>', '%3Csvg%3E', '\u200b', '\u202e', '\r\n', '"', '\\', 'sip:', 'tel:+86', '@gw.test', ';tag=1', '<', '>', ',', '13912345678', '+'),
  );
  const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
  it('numbers are digits (and +) or anonymous; names are plain visible text', () => {
    fc.assert(
      fc.property(text, text, text, (pai, from, queue) => {
        const ctx = readCallerContext(headers({ 'P-Asserted-Identity': [pai], From: [from], 'X-Queue': [queue] }), ['X-Queue']);
        expect(ctx.remoteNumber).toMatch(/^(\+?\d{1,64}|anonymous)$/);
        if (ctx.remoteName !== null) {
          expect(ctx.remoteName).not.toMatch(/[<>\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufffd]/);
          expect(ctx.remoteName.length).toBeGreaterThan(0);
          expect(ctx.remoteName.length).toBeLessThanOrEqual(128);
        }
        for (const field of ctx.context) expect(field.value).not.toMatch(/[\u0000-\u001f\u200b\u202e]/);
      }),
      { numRuns: 2000 },
    );
  });
});

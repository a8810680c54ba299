import { describe, expect, it } from 'vitest';
import { matchesAccelerator, type KeyLike } from '../../renderer/features/shortcuts/accelerator.js';

const key = (k: Partial<KeyLike>): KeyLike => ({ key: '', code: '', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...k });

describe('matchesAccelerator', () => {
  it('matches function keys exactly, without stray modifiers', () => {
    expect(matchesAccelerator(key({ key: 'F5', code: 'F5' }), 'F5')).toBe(true);
    expect(matchesAccelerator(key({ key: 'F5', code: 'F5', ctrlKey: true }), 'F5')).toBe(false);
    expect(matchesAccelerator(key({ key: 'F6', code: 'F6' }), 'F5')).toBe(false);
  });

  it('matches letters by physical key with the right modifiers', () => {
    expect(matchesAccelerator(key({ key: 'A', code: 'KeyA', ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+A')).toBe(true);
    expect(matchesAccelerator(key({ key: 'a', code: 'KeyA', ctrlKey: true }), 'Ctrl+Shift+A')).toBe(false);
    expect(matchesAccelerator(key({ key: 'Process', code: 'KeyA', ctrlKey: true }), 'CommandOrControl+A')).toBe(true);
  });

  it('never matches an empty shortcut', () => {
    expect(matchesAccelerator(key({ key: 'F5' }), '')).toBe(false);
  });
});

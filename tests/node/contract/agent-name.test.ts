/** The agent's name (it can reach SIP text) refuses line breaks and control characters. */
import { describe, expect, it } from 'vitest';
import { shiftRequestSchemas } from '../../../main/contract/shift.js';

describe('agent name validation', () => {
  const signIn = (name: string) => shiftRequestSchemas.signIn.safeParse({ agentNo: '1001', name });
  it('refuses CR/LF and other control characters', () => {
    for (const name of ['王五\r\nX-Injected: 1', 'a\nb', 'a\u0000b', 'a\u2028b']) {
      const result = signIn(name);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('agentName.controls');
    }
  });
  it('accepts quotes and backslashes (they are escaped when sent)', () => {
    expect(signIn('王 "小" 二\\').success).toBe(true);
  });
});

/**
 * Cleans what an agent pastes into the dial box: full-width digits from a
 * Chinese document (NFKC), spaces, dashes, dots and brackets around a
 * number (`(010) 1234-5678` → `01012345678`). SIP addresses stay as they
 * are. The core validates the result; this only saves the agent retyping.
 */
import { dialNumberDecoration } from '../../../main/contract/constants.js';

export function tidyDialInput(raw: string): string {
  const text = raw.normalize('NFKC').trim();
  if (/^sips?:/i.test(text) || text.includes('@')) return text;
  const stripped = text.replace(/^tel:/i, '').replace(dialNumberDecoration, '');
  // Only tidy what is a number once decorated characters are gone.
  return /^\+?[0-9*#]+$/.test(stripped) ? stripped : text;
}

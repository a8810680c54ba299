/**
 * A phrase ready to read aloud: variables filled where the seat knows them,
 * the others turned into a plain label (〔来电人姓名〕) — never `{braces}`
 * an agent might read out. Reuses the KB's fill helper.
 */
import { fillPhrase, type PhraseSegment } from '../kb/fill-phrase.js';
import type { PhraseValues } from './phrase-variables.js';

export interface ScriptSegment {
  readonly text: string;
  /** Set when the seat does not know this variable: the agent says it in their own words. */
  readonly missing: string | null;
}

export function scriptSegments(text: string, values: PhraseValues, label: (variable: string) => string): ScriptSegment[] {
  return fillPhrase(text, values).map((s: PhraseSegment) =>
    s.variable === null ? { text: s.text, missing: null } : { text: `〔${label(s.variable)}〕`, missing: s.variable },
  );
}

export function scriptText(segments: readonly ScriptSegment[]): string {
  return segments.map((s) => s.text).join('');
}

/**
 * Call phases in call order, for the phrase filter. The renderer may import
 * the contract as types only, so the list is repeated here; the type below
 * fails to compile if the contract gains a phase this list lacks.
 */
import type { PhrasePhase } from '../../../main/contract/index.js';

export const callPhases = [
  'greeting',
  'identify',
  'clarify',
  'comfort',
  'hold',
  'referral',
  'refusal',
  'transfer',
  'complaint',
  'closing',
  'survey',
] as const satisfies readonly PhrasePhase[];

type MissingPhase = Exclude<PhrasePhase, (typeof callPhases)[number]>;
export const everyPhaseListed: [MissingPhase] extends [never] ? true : MissingPhase = true;

/**
 * The contract's plain lists and patterns, without zod: the one part of the
 * contract the renderer may import as values (build/eslint.config.js; this
 * file itself imports nothing). The contract's schemas are built from these,
 * so the renderer and the core cannot drift apart.
 */

/** Call phases a standard phrase belongs to, in call order. */
export const phrasePhases = [
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
] as const;

/** Characters people paste around numbers: spaces, dashes, dots, brackets (the core strips them when dialling). */
export const dialNumberDecoration = /[\s\-.()\u00a0\u3000]/g;

/** A dialable number once decoration is gone: digits, `*`, `#`, an optional leading `+`. */
export const dialNumberPattern = /^\+?[0-9*#]{1,32}$/;

/**
 * Zod issues → the contract's field issues. Our message keys (`sipUri.format`)
 * become `code` with their English text; anything else keeps zod's wording.
 */
import type { z } from 'zod';
import { validationMessages, type FieldIssue } from '../../contract/index.js';

export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const known = validationMessages[issue.message];
    if (known) return { path, code: issue.message, message: known };
    return { path, code: `zod.${issue.code}`, message: issue.message };
  });
}

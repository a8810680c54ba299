/**
 * The pure part of provisioning: which values of a document are this seat's,
 * and the profile they make over the current one, validated by the same
 * schema (and the same message keys) as the settings form.
 */
import {
  profileInputSchema,
  provisioningDocumentSchema,
  type FieldIssue,
  type ProvisioningDocument,
  type SeatProfile,
  type ValidProfileInput,
} from '../../contract/index.js';
import { toFieldIssues } from '../base/field-issues.js';

export type DocumentReading =
  | { readonly ok: true; readonly document: ProvisioningDocument }
  | { readonly ok: false; readonly message: string; readonly issues: readonly FieldIssue[] };

/** Parses a document (JSON text or a value). */
export function readProvisioningDocument(input: unknown): DocumentReading {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      return { ok: false, message: `not JSON: ${(error as Error).message}`, issues: [] };
    }
  }
  const parsed = provisioningDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error.issues);
    return { ok: false, message: summarise(issues), issues };
  }
  return { ok: true, document: parsed.data };
}

/**
 * This seat's overrides: the entry for its seat code if it has one, else the
 * entry for `host:<hostname>`, else none (the centre-wide values alone).
 */
export function seatEntryKey(document: ProvisioningDocument, seat: { seatCode: string | null; hostname: string }): string | null {
  if (seat.seatCode && Object.hasOwn(document.seats, seat.seatCode)) return seat.seatCode;
  const byHost = `host:${seat.hostname}`;
  return Object.hasOwn(document.seats, byHost) ? byHost : null;
}

export type ProfileMerge =
  | { readonly ok: true; readonly profile: ValidProfileInput; readonly seatKey: string | null }
  | { readonly ok: false; readonly message: string; readonly issues: readonly FieldIssue[] };

/**
 * The profile this seat gets: current values, then the document's, then the
 * seat's own. A document that sets `password` supplies it; one that does not
 * keeps the stored password.
 */
export function mergeSeatProfile(
  current: SeatProfile,
  document: ProvisioningDocument,
  seat: { seatCode: string | null; hostname: string },
): ProfileMerge {
  const key = seatEntryKey(document, seat);
  const merged = { ...current, ...document.profile, ...(key ? document.seats[key] : {}) };
  const parsed = profileInputSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error.issues);
    return { ok: false, message: summarise(issues), issues };
  }
  return { ok: true, profile: parsed.data, seatKey: key };
}

function summarise(issues: readonly FieldIssue[]): string {
  const first = issues[0];
  if (!first) return 'invalid provisioning document';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path || 'document'}: ${first.message}${more}`;
}

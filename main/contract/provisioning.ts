/**
 * Remote provisioning, as desk phones do it: a centre-wide profile document
 * with per-seat values, fetched at every start from a URL (or read from a
 * file) and applied only when it is valid and newer than the one applied
 * before. Also the one-seat export/import of the settings.
 *
 * ```
 * {
 *   "hotseat": "provisioning/1",
 *   "revision": 7,                          // applied only when newer
 *   "profile": { "sipServers": [...], … },  // every seat
 *   "seats": {                              // per seat, by seat code or hostname
 *     "07": { "sipUri": "sip:1007@sip.test", "authUser": "1007" },
 *     "host:hl-seat-07": { … }
 *   }
 * }
 * ```
 */
import { z } from 'zod';

export const provisioningFormat = 'provisioning/1';

const seatKey = z.string().regex(/^(host:)?[A-Za-z0-9._-]{1,64}$/, { error: 'provisioning.seatKey' });
/** Profile fields as in `saveProfile`, checked by the same schema after merging. */
const partialProfile = z.record(z.string(), z.unknown());

export const provisioningDocumentSchema = z.strictObject({
  hotseat: z.literal(provisioningFormat, { error: 'provisioning.format' }),
  revision: z.int({ error: 'provisioning.revision' }).min(0, { error: 'provisioning.revision' }),
  profile: partialProfile.default({}),
  seats: z.record(seatKey, partialProfile).default({}),
});
export type ProvisioningDocument = z.output<typeof provisioningDocumentSchema>;

/** A seat code as typed once at the seat (letters, digits, dot, dash, underscore). */
export const seatCodeSchema = z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'seatCode.format' });

const noParams = z.strictObject({});

export const provisioningRequestSchemas = {
  getProvisioning: noParams,
  /** The seat code that picks this seat's values in a provisioning document. */
  setSeatCode: z.strictObject({ code: seatCodeSchema.or(z.literal('')) }),
  /** This seat's settings as a provisioning document (no password). */
  exportProfile: noParams,
  /** Applies a document exported from another seat (or a centre file) to this seat. */
  importProfile: z.strictObject({ document: z.unknown() }),
};

export interface ProvisioningStatus {
  /** `--provision` of this launch, or null. */
  readonly source: string | null;
  readonly seatCode: string | null;
  readonly hostname: string;
  /** Revision last applied, and when (ISO). */
  readonly appliedRevision: number | null;
  readonly appliedAt: string | null;
  /** Last check (ISO) and what came of it. */
  readonly checkedAt: string | null;
  readonly outcome: 'applied' | 'unchanged' | 'rejected' | 'unreachable' | null;
  /** Why the last document was not applied (English; `issues` name the fields). */
  readonly message: string | null;
}

export interface ProvisioningRequestResults {
  getProvisioning: ProvisioningStatus;
  setSeatCode: ProvisioningStatus;
  exportProfile: { readonly document: ProvisioningDocument; readonly fileName: string };
  importProfile: ProvisioningStatus;
}

export interface ProvisioningEvents {
  provisioningChanged: ProvisioningStatus;
}

export const provisioningEventNames = ['provisioningChanged'] as const satisfies readonly (keyof ProvisioningEvents)[];

export const provisioningValidationMessages: Record<string, string> = {
  'provisioning.format': 'Not a Hotseat provisioning document ("hotseat": "provisioning/1" is missing).',
  'provisioning.revision': 'The revision must be a whole number from 0 up.',
  'provisioning.seatKey': 'A seat key is a seat code or "host:" and a hostname (letters, digits, . _ -).',
  'seatCode.format': 'A seat code has 1–64 letters, digits, dots, dashes or underscores.',
};

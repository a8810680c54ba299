/**
 * Remote provisioning and one-seat settings export/import.
 *
 * At each start with `--provision URL|FILE` the document is read again; it is
 * applied only when it validates (the same checks and messages as the
 * settings form) and its revision is newer than the one this seat applied
 * from that source. Otherwise the seat keeps the profile it has and the
 * settings view says why (unreachable, rejected with the field, unchanged).
 */
import { hostname as osHostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import {
  provisioningFormat,
  type ProvisioningDocument,
  type ProvisioningRequestResults,
  type provisioningRequestSchemas,
  type ProvisioningStatus,
  type SeatProfile,
  type ValidProfileInput,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import { createLogger } from '../base/log.js';
import { readProvisioningState, recordCheck, writeSeatCode } from './provisioning-queries.js';
import { readProvisioningSource, type SourceOptions } from './read-provisioning-source.js';
import { mergeSeatProfile, readProvisioningDocument } from './seat-profile-from-document.js';

const log = createLogger('provisioning');

/** Device ids belong to one machine: an exported profile leaves them out. */
const machineFields = ['microphoneId', 'speakerId', 'ringDeviceId'] as const;

/** What provisioning needs of the profile service (injected by create-core). */
export interface ProvisionedProfile {
  current(): SeatProfile;
  save(input: ValidProfileInput): unknown;
}

export interface ProvisioningOptions {
  readonly db: Database;
  readonly profile: ProvisionedProfile;
  /** `--provision` of this launch. */
  readonly source: string | null;
  /** The seat code given at launch (`--seat-code`); else the stored one. */
  readonly seatCode?: string;
  readonly hostname?: string;
  readonly now?: () => Date;
  /** The centre's CA for https sources (the profile's trusted CA, when it has one). */
  readonly caPem?: () => string | null;
  readonly onChange?: (status: ProvisioningStatus) => void;
  /** The profile was replaced (tell the windows: `profileChanged`). */
  readonly onProfileSaved?: () => void;
  readonly read?: (source: string, options: SourceOptions) => Promise<string>;
}

export interface ProvisioningService {
  status(): ProvisioningStatus;
  /** Reads the source and applies it if valid and newer. `force` ignores the revision (seat code changed). */
  check(options?: { force?: boolean }): Promise<ProvisioningStatus>;
  setSeatCode(code: string): Promise<ProvisioningStatus>;
  exportProfile(): ProvisioningRequestResults['exportProfile'];
  importProfile(document: unknown): ProvisioningStatus;
}

export function createProvisioningService(options: ProvisioningOptions): ProvisioningService {
  const { db, profile } = options;
  const now = options.now ?? (() => new Date());
  const hostname = options.hostname ?? osHostname();
  const read = options.read ?? readProvisioningSource;
  if (options.seatCode) writeSeatCode(db, options.seatCode);

  const status = (): ProvisioningStatus => {
    const row = readProvisioningState(db);
    return {
      source: options.source,
      seatCode: row.seatCode,
      hostname,
      appliedRevision: row.appliedRevision,
      appliedAt: row.appliedAt,
      checkedAt: row.checkedAt,
      outcome: row.outcome,
      message: row.message,
    };
  };
  const changed = (): ProvisioningStatus => {
    const current = status();
    options.onChange?.(current);
    return current;
  };

  /** Validates and saves; returns the message when it was rejected. */
  const apply = (document: ProvisioningDocument): { applied: true } | { applied: false; message: string } => {
    const merged = mergeSeatProfile(profile.current(), document, { seatCode: readProvisioningState(db).seatCode, hostname });
    if (!merged.ok) return { applied: false, message: merged.message };
    try {
      profile.save(merged.profile);
    } catch (error) {
      // The core's own checks (e.g. each trustedCaPem certificate parsed): rejected, not a crash at start.
      return { applied: false, message: error instanceof Error ? error.message : String(error) };
    }
    options.onProfileSaved?.();
    log.info(`applied provisioning revision ${document.revision}${merged.seatKey ? ` (seat entry "${merged.seatKey}")` : ''}`);
    return { applied: true };
  };

  return {
    status,
    async check({ force = false } = {}) {
      const source = options.source;
      if (!source) return status();
      const at = now().toISOString();
      let text: string;
      try {
        text = await read(source, { caPem: options.caPem?.() ?? null });
      } catch (error) {
        const message = `cannot read ${source}: ${(error as Error).message}; keeping the current profile`;
        log.warn(message);
        recordCheck(db, { source, at, outcome: 'unreachable', message });
        return changed();
      }
      const reading = readProvisioningDocument(text);
      if (!reading.ok) {
        const message = `${source} is not a valid provisioning document: ${reading.message}; keeping the current profile`;
        log.warn(message);
        recordCheck(db, { source, at, outcome: 'rejected', message });
        return changed();
      }
      const state = readProvisioningState(db);
      const sameSource = state.source === source;
      if (!force && sameSource && state.appliedRevision !== null && reading.document.revision <= state.appliedRevision) {
        recordCheck(db, { source, at, outcome: 'unchanged', message: null });
        return changed();
      }
      const result = apply(reading.document);
      if (!result.applied) {
        const message = `revision ${reading.document.revision} rejected: ${result.message}; keeping the current profile`;
        log.warn(message);
        recordCheck(db, { source, at, outcome: 'rejected', message });
        return changed();
      }
      recordCheck(db, { source, at, outcome: 'applied', message: null, appliedRevision: reading.document.revision });
      return changed();
    },
    async setSeatCode(code) {
      writeSeatCode(db, code === '' ? null : code);
      // The seat's own values may differ under the new code: apply again.
      return options.source ? this.check({ force: true }) : changed();
    },
    exportProfile() {
      const current: Record<string, unknown> = { ...profile.current() };
      for (const field of machineFields) delete current[field];
      const document: ProvisioningDocument = { hotseat: provisioningFormat, revision: 0, profile: current, seats: {} };
      const day = now().toISOString().slice(0, 10).replaceAll('-', '');
      return { document, fileName: `hotseat-settings-${day}.json` };
    },
    importProfile(input) {
      const reading = readProvisioningDocument(input);
      if (!reading.ok) throw new CoreError('invalid', `not a Hotseat settings file: ${reading.message}`, reading.issues);
      const merged = mergeSeatProfile(profile.current(), reading.document, { seatCode: readProvisioningState(db).seatCode, hostname });
      if (!merged.ok) throw new CoreError('invalid', `the settings file does not validate: ${merged.message}`, merged.issues);
      profile.save(merged.profile);
      options.onProfileSaved?.();
      log.info('applied an imported settings file');
      return changed();
    },
  };
}

export function provisioningHandlers(service: ProvisioningService): FeatureHandlers<typeof provisioningRequestSchemas> {
  return {
    getProvisioning: () => service.status(),
    setSeatCode: ({ code }) => service.setSeatCode(code),
    exportProfile: () => service.exportProfile(),
    importProfile: ({ document }) => service.importProfile(document),
  };
}

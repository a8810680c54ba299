/**
 * SQL for the provisioning state, as plain functions taking the database.
 */
import type { Database } from 'better-sqlite3';

export interface ProvisioningRow {
  readonly seatCode: string | null;
  readonly source: string | null;
  readonly appliedRevision: number | null;
  readonly appliedAt: string | null;
  readonly checkedAt: string | null;
  readonly outcome: 'applied' | 'unchanged' | 'rejected' | 'unreachable' | null;
  readonly message: string | null;
}

export function readProvisioningState(db: Database): ProvisioningRow {
  const row = db
    .prepare(
      `SELECT seat_code AS seatCode, source, applied_revision AS appliedRevision, applied_at AS appliedAt,
              checked_at AS checkedAt, outcome, message
         FROM provisioning_state WHERE id = 1`,
    )
    .get() as ProvisioningRow | undefined;
  return row ?? { seatCode: null, source: null, appliedRevision: null, appliedAt: null, checkedAt: null, outcome: null, message: null };
}

export function writeSeatCode(db: Database, seatCode: string | null): void {
  db.prepare('UPDATE provisioning_state SET seat_code = ? WHERE id = 1').run(seatCode);
}

export function recordCheck(
  db: Database,
  check: { source: string; at: string; outcome: NonNullable<ProvisioningRow['outcome']>; message: string | null; appliedRevision?: number },
): void {
  if (check.appliedRevision !== undefined) {
    db.prepare(
      `UPDATE provisioning_state
          SET source = ?, checked_at = ?, outcome = ?, message = ?, applied_revision = ?, applied_at = ?
        WHERE id = 1`,
    ).run(check.source, check.at, check.outcome, check.message, check.appliedRevision, check.at);
  } else {
    db.prepare('UPDATE provisioning_state SET source = ?, checked_at = ?, outcome = ?, message = ? WHERE id = 1').run(
      check.source,
      check.at,
      check.outcome,
      check.message,
    );
  }
}

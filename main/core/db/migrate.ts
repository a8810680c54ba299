/**
 * Applies pending migrations in one transaction and records the schema
 * version in `PRAGMA user_version`.
 *
 * A database whose version is newer than the newest migration this build
 * knows is refused: opening it could corrupt data an upgrade wrote.
 */
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

export class DatabaseFromFutureError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The seat database has schema version ${found}, but this Hotseat only knows up to ${known}. ` +
        'Install the newer Hotseat that wrote it, or restore a backup of the database.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Returns the versions applied (empty when the database was current). */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  assertOrdered(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseFromFutureError(current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return pending.map((m) => m.version);
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`migration ${m.name}: bad version ${m.version}`);
    const before = migrations[i - 1];
    if (before && before.version >= m.version) {
      throw new Error(`migrations out of order: ${before.name} (${before.version}) before ${m.name} (${m.version})`);
    }
  });
}

/**
 * Opens the seat's SQLite file: WAL (readers never wait for the writer, a
 * crash loses nothing committed), foreign keys on, then migrations.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate.js';
import type { Migration } from './migration.js';
import { migrations as allMigrations } from './migrations/index.js';

export interface OpenDatabaseOptions {
  /** Defaults to every migration of this build. */
  readonly migrations?: readonly Migration[];
  readonly readonly?: boolean;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db, options.migrations ?? allMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

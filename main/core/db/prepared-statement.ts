/**
 * One prepared statement per SQL text and connection: hot queries (a ring's
 * history lookup, a keystroke's wrap-up save) skip SQLite's parse and plan
 * after their first run. The cache lives as long as the connection.
 */
import type { Database, Statement } from 'better-sqlite3';

const statements = new WeakMap<Database, Map<string, Statement>>();

export function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

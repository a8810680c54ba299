/**
 * The core's public entry for the knowledge-base tools (`main/cli`:
 * kb:publish, kb:import, kb:keygen): the publication format (records, sync
 * protocol, signed manifest), the source readers, and loading records into a
 * seat database. Like `index.ts` for the hosts, it is the only core file the
 * tools may import (build/eslint.config.js).
 */
export * from './kb/kb-record.js';
export * from './kb/sync/sync-protocol.js';
export * from './kb/sync/signed-manifest.js';
export * from './kb/source/read-kb-source.js';
export { decodeBody } from './kb/sync/decode-body.js';
export { readSnapshot } from './kb/sync/snapshot-reader.js';
export { applyKbChanges, clearKbCache, countKbRecords, optimizeKbIndex } from './kb/apply-kb-changes.js';
export { openDatabase } from './db/open-database.js';

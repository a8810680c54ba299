/**
 * `npm run kb:import -- SRC [--data-dir DIR] [--format jsonl|csv|markdown] [--replace] [--allow-shrink]`
 *
 * Loads a knowledge-base source (a JSONL, CSV or Markdown file, or a folder
 * of them) straight into a seat's cache — for a seat with no
 * centre to sync from. A source with no records is refused, and so is a
 * `--replace` that would remove more than half of the cache, unless
 * `--allow-shrink` is given. All or nothing: bad rows are listed as
 * `file:line: message` and nothing is written (exit 1); otherwise every
 * record is written in one transaction.
 *
 * A record whose version is not newer than the cached one is left alone
 * (bump `version` to replace it). `--replace` empties the cache first, so the
 * file becomes the whole knowledge base.
 *
 * DIR is the seat's data folder (the one holding seat.sqlite): by default
 * $HOTSEAT_DATA_DIR, else the browser-mode host's default.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import {
  applyKbChanges,
  clearKbCache,
  countKbRecords,
  formatSourceError,
  openDatabase,
  optimizeKbIndex,
  readKbSource,
  type KbSourceFormat,
} from '../core/public-kb.js';

const usage = 'usage: npm run kb:import -- SRC [--data-dir DIR] [--format jsonl|csv|markdown] [--replace] [--allow-shrink]\n';
const formats: readonly KbSourceFormat[] = ['jsonl', 'csv', 'markdown'];

/** Above this many records the FTS index is optimized after the import (small ones do not need it). */
const optimizeAbove = 1000;

/** `npm run` starts scripts in the package folder; paths the admin typed are relative to where they typed them. */
const userCwd = process.env.INIT_CWD ?? process.cwd();

function defaultDataDir(): string {
  if (process.env.HOTSEAT_DATA_DIR) return process.env.HOTSEAT_DATA_DIR;
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'hotseat');
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      replace: { type: 'boolean', default: false },
      'allow-shrink': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [source] = positionals;
  if (!source || positionals.length > 1) {
    process.stderr.write(usage);
    return 2;
  }
  const format = values.format as KbSourceFormat | undefined;
  if (format !== undefined && !formats.includes(format)) {
    process.stderr.write(`kb:import: --format must be one of ${formats.join(', ')}\n${usage}`);
    return 2;
  }

  const started = performance.now();
  const { records, errors } = readKbSource(resolve(userCwd, source), format);
  if (errors.length > 0) {
    for (const error of errors) process.stderr.write(`${formatSourceError(error)}\n`);
    process.stderr.write(`kb:import: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${source}; nothing was imported\n`);
    return 1;
  }

  const live = records.filter((r) => r.deleted !== true).length;
  if (live === 0 && !values['allow-shrink']) {
    process.stderr.write(`kb:import: refused: ${source} holds no records; nothing was imported (--allow-shrink to import it anyway)\n`);
    return 1;
  }

  const dataDir = resolve(userCwd, values['data-dir'] ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'seat.sqlite'));
  try {
    const cached = countKbRecords(db);
    if (values.replace && !values['allow-shrink'] && cached > 0 && (cached - live) * 2 > cached) {
      process.stderr.write(
        `kb:import: refused: --replace would shrink the cache from ${cached} to ${live} records (more than half removed); ` +
          'nothing was imported (--allow-shrink to do it anyway)\n',
      );
      return 1;
    }
    const counts = db.transaction(() => {
      if (values.replace) clearKbCache(db);
      return applyKbChanges(db, { upserts: records, deletes: [] });
    }).immediate();
    if (counts.upserted > optimizeAbove) optimizeKbIndex(db);
    const tombstones = records.filter((r) => r.deleted === true).length;
    const skipped = records.length - tombstones - counts.upserted;
    process.stdout.write(
      `kb:import: ${records.length} records from ${source} → ${join(dataDir, 'seat.sqlite')}\n` +
        `  ${counts.upserted} written, ${counts.deleted} deleted` +
        (skipped > 0 ? `, ${skipped} skipped (the cache has the same or a newer version; bump "version" to replace)` : '') +
        `\n  the cache now holds ${countKbRecords(db)} records (${Math.round(performance.now() - started)} ms)\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`kb:import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

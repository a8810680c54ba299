/**
 * `npm run kb:publish -- SRC OUTDIR [--page-size N] [--keep N]`
 *
 * Publishes a knowledge-base source (JSONL, CSV, or a folder of Markdown
 * files with front matter) as a snapshot + change pages that any static web
 * server can serve to seats; set a seat's KB URL to where OUTDIR is served.
 * Run it again after editing the source: only the changes are published.
 * Bad rows are listed as `file:line: message` and nothing is written (exit 1).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { formatSourceError } from '../core/kb/source/read-kb-source.js';
import { publishKb } from './publish/publish-kb.js';

const usage = 'usage: npm run kb:publish -- SRC OUTDIR [--page-size N] [--keep N]\n';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'page-size': { type: 'string' },
      keep: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [source, outDir] = positionals;
  if (!source || !outDir || positionals.length > 2) {
    process.stderr.write(usage);
    return 2;
  }
  const result = await publishKb({
    source: resolve(source),
    outDir: resolve(outDir),
    ...(values['page-size'] !== undefined ? { pageSize: Number(values['page-size']) } : {}),
    ...(values.keep !== undefined ? { keep: Number(values.keep) } : {}),
  });
  if (!result.ok) {
    for (const error of result.errors) process.stderr.write(`${formatSourceError(error)}\n`);
    process.stderr.write(`kb:publish: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'} in ${source}; nothing was published\n`);
    return 1;
  }
  if (result.recovered) process.stdout.write('kb:publish: finished an interrupted earlier publication first\n');
  if (!result.published) {
    process.stdout.write(`kb:publish: no changes since version ${result.version}; ${outDir} left as it was\n`);
    return 0;
  }
  process.stdout.write(
    `kb:publish: version ${result.version} (cursor ${result.cursor}) → ${outDir}\n` +
      `  ${result.records} records; ${result.added} added, ${result.changed} changed, ${result.deleted} deleted; ${result.pages} change page${result.pages === 1 ? '' : 's'}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kb:publish: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

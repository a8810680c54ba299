/**
 * `npm run kb:publish -- SRC OUTDIR [--sign-key FILE] [--allow-shrink] [--unsigned] [--page-size N] [--keep N]`
 *
 * Publishes a knowledge-base source (a JSONL, CSV or Markdown file, or a
 * folder of them) as a snapshot + change pages + manifest.json that any
 * static web server can serve to seats; set a seat's KB URL to where OUTDIR
 * is served. Run it again after editing the source: only the changes are
 * published. Bad rows are listed as `file:line: message` and nothing is
 * written (exit 1).
 *
 * `--sign-key FILE` signs manifest.json with the centre's Ed25519 key (make
 * one with `npm run kb:keygen`); seats holding the public key accept nothing
 * else. Publishing an empty KB, or removing more than half of the records,
 * is refused (exit 1) without `--allow-shrink`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { formatSourceError, parsePrivateKey } from '../core/public-kb.js';
import { publishKb } from './publish/publish-kb.js';

const usage = 'usage: npm run kb:publish -- SRC OUTDIR [--sign-key FILE] [--allow-shrink] [--unsigned] [--page-size N] [--keep N]\n';

/** `npm run` starts scripts in the package folder; paths the admin typed are relative to where they typed them. */
const userCwd = process.env.INIT_CWD ?? process.cwd();

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'page-size': { type: 'string' },
      keep: { type: 'string' },
      'sign-key': { type: 'string' },
      'allow-shrink': { type: 'boolean', default: false },
      unsigned: { type: 'boolean', default: false },
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
  let signingKey = null;
  if (values['sign-key'] !== undefined) {
    const keyFile = resolve(userCwd, values['sign-key']);
    try {
      signingKey = parsePrivateKey(readFileSync(keyFile, 'utf8'));
    } catch (error) {
      process.stderr.write(`kb:publish: cannot use ${keyFile} as the signing key: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const result = await publishKb({
    source: resolve(userCwd, source),
    outDir: resolve(userCwd, outDir),
    signingKey,
    allowShrink: values['allow-shrink'],
    allowUnsigned: values.unsigned,
    ...(values['page-size'] !== undefined ? { pageSize: Number(values['page-size']) } : {}),
    ...(values.keep !== undefined ? { keep: Number(values.keep) } : {}),
  });
  if (!result.ok && result.refused !== undefined) {
    process.stderr.write(`kb:publish: refused: ${result.refused}; nothing was published\n`);
    return 1;
  }
  if (!result.ok) {
    for (const error of result.errors) process.stderr.write(`${formatSourceError(error)}\n`);
    process.stderr.write(`kb:publish: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'} in ${source}; nothing was published\n`);
    return 1;
  }
  if (result.recovered) process.stdout.write('kb:publish: finished an interrupted earlier publication first\n');
  if (!result.published) {
    process.stdout.write(
      `kb:publish: no changes since version ${result.version}; ${outDir} left as it was${result.signed ? ' (manifest signed)' : ''}\n`,
    );
    return 0;
  }
  process.stdout.write(
    `kb:publish: version ${result.version} (cursor ${result.cursor}) → ${outDir}\n` +
      `  ${result.records} records; ${result.added} added, ${result.changed} changed, ${result.deleted} deleted; ${result.pages} change page${result.pages === 1 ? '' : 's'}\n` +
      `  manifest ${result.signed ? 'signed (Ed25519)' : 'NOT signed (seats cannot tell it is authentic; see --sign-key)'}` +
      `${result.shrink ? '; marked as an intended shrink (--allow-shrink)' : ''}\n`,
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

/**
 * `npm run kb:keygen -- KEYFILE`
 *
 * Makes the centre's Ed25519 key pair for signing KB publications:
 * KEYFILE gets the private key (PKCS#8 PEM, mode 0600 — keep it on the
 * publishing machine only), KEYFILE.pub the public key, which is also
 * printed: paste it into each seat's settings (知识库公钥 / KB public key).
 * Then publish with `npm run kb:publish -- SRC OUTDIR --sign-key KEYFILE`.
 * Never overwrites an existing file.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatPublicKey } from '../core/public-kb.js';

const usage = 'usage: npm run kb:keygen -- KEYFILE   (writes KEYFILE, mode 0600, and KEYFILE.pub)\n';

/** `npm run` starts scripts in the package folder; paths the admin typed are relative to where they typed them. */
const userCwd = process.env.INIT_CWD ?? process.cwd();

function main(): number {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [target] = positionals;
  if (!target || positionals.length > 1) {
    process.stderr.write(usage);
    return 2;
  }
  const keyFile = resolve(userCwd, target);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  const publicText = formatPublicKey(publicKey);
  try {
    // 'wx': refuse to replace a key that may already sign a live publication.
    writeFileSync(keyFile, pem, { mode: 0o600, flag: 'wx' });
    writeFileSync(`${keyFile}.pub`, `${publicText}\n`, { mode: 0o644, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EEXIST'
        ? `kb:keygen: ${keyFile} or ${keyFile}.pub already exists; not replacing a key that may be in use\n`
        : `kb:keygen: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `kb:keygen: private key → ${keyFile} (mode 0600; keep it on the publishing machine)\n` +
      `            public key  → ${keyFile}.pub\n` +
      `Paste this public key into each seat's settings (知识库公钥 / KB public key):\n${publicText}\n`,
  );
  return 0;
}

process.exitCode = main();

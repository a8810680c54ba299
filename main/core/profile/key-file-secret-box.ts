/**
 * A secret box for hosts without an OS keychain (browser mode, plain Node):
 * AES-256-GCM with a random key in `secret.key` beside the database, created
 * with mode 0600.
 *
 * What it protects against: a copy of the database alone (a backup, a
 * support bundle) reveals no password. What it does not: anyone who can read
 * the seat's data folder as the same OS user can read the key too.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretBox } from './secret-box.js';

const keyFileName = 'secret.key';
const version = 1;

export function createKeyFileSecretBox(dataDir: string): SecretBox {
  const keyPath = join(dataDir, keyFileName);
  let key: Buffer | undefined;
  const loadKey = (): Buffer => {
    if (key) return key;
    if (!existsSync(keyPath)) {
      writeFileSync(keyPath, randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(keyPath, 0o600);
    const loaded = readFileSync(keyPath);
    if (loaded.length !== 32) throw new Error(`${keyPath} is damaged (expected 32 bytes); delete it and re-enter the SIP password`);
    key = loaded;
    return key;
  };
  return {
    protection: 'key-file',
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed[0] !== version || sealed.length < 29) throw new Error('stored secret has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), sealed.subarray(1, 13));
      decipher.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}

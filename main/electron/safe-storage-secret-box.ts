/**
 * Secrets encrypted by the OS keychain through Electron's safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux).
 *
 * On Linux without a keychain, safeStorage falls back to the `basic_text`
 * backend: "encryption" with a hard-coded key, no protection at all. Hotseat
 * then refuses to store the password instead of claiming it is protected:
 * `protection` says `unavailable` (the settings say so) and the core turns a
 * password sent to be stored into a field error (password.noKeychain).
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../core/index.js';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export function createSafeStorageSecretBox(storage: SafeStorageLike = safeStorage, platform: NodeJS.Platform = process.platform): SecretBox {
  const protects = (): boolean => {
    if (!storage.isEncryptionAvailable()) return false;
    // Linux only: which password store safeStorage picked; basic_text is plain obfuscation.
    if (platform === 'linux' && typeof storage.getSelectedStorageBackend === 'function') {
      return storage.getSelectedStorageBackend() !== 'basic_text';
    }
    return true;
  };
  return {
    get protection() {
      return protects() ? 'safeStorage' : 'unavailable';
    },
    encrypt(plain) {
      if (!protects()) throw new Error('no OS keychain is available, so the SIP password cannot be stored safely');
      return storage.encryptString(plain);
    },
    decrypt(sealed) {
      return storage.decryptString(sealed);
    },
  };
}

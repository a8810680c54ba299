/**
 * Secrets encrypted by the OS keychain through Electron's safeStorage
 * (DPAPI on Windows, libsecret/kwallet on Linux). Refuses to store a
 * secret when the keychain is not available rather than fall back silently.
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../core/index.js';

export function createSafeStorageSecretBox(): SecretBox {
  return {
    protection: 'safeStorage',
    encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error('the OS keychain is not available, so the SIP password cannot be stored safely');
      }
      return safeStorage.encryptString(plain);
    },
    decrypt(sealed) {
      return safeStorage.decryptString(sealed);
    },
  };
}

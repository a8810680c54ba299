/**
 * Encrypts secrets at rest (the SIP password). The Electron host passes one
 * backed by `safeStorage` (the OS keychain); the browser-mode host passes a
 * key-file box. The core never sees how.
 */
export interface SecretBox {
  /**
   * How secrets are protected, shown in settings (read each time: a keychain
   * can come and go). `unavailable`: nothing is stored (encrypt throws).
   */
  readonly protection: 'safeStorage' | 'key-file' | 'none' | 'unavailable';
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

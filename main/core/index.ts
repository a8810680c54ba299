/**
 * The core's public entry for its hosts — Electron (`main/electron`) and
 * browser mode (`main/web`): they build the core with `createCore` and reach
 * nothing else of it. The KB tools (`main/cli`) have their own entry,
 * `public-kb.ts`. Lint rejects a host importing any other core file
 * (build/eslint.config.js, proven in tests/node/house-rules*.test.ts).
 */
export { createCore, type Core, type CoreClient, type CoreOptions } from './create-core.js';
export type { SecretBox } from './profile/secret-box.js';
/** Browser mode keeps the SIP password's key in the data folder (no OS keychain). */
export { createKeyFileSecretBox } from './profile/key-file-secret-box.js';
export { contentSecurityPolicy } from './base/content-security-policy.js';
export { createLogger, type Logger } from './base/log.js';

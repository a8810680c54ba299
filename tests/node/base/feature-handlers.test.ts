/**
 * The handler maps are derived from the contract: `npx tsc -b` (part of
 * `npm test`) fails if a `@ts-expect-error` below stops being an error, so
 * these lines prove that a request without a handler, a handler without a
 * request, or a handler with the wrong result type does not compile.
 * The runtime test checks that the composed core answers every request of the
 * contract with its handler (none falls through to "unknown" or crashes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requestNames, type callsRequestSchemas, type kbSyncRequestSchemas } from '../../../main/contract/index.js';
import type { FeatureHandlers } from '../../../main/core/base/feature-handlers.js';
import { createCore } from '../../../main/core/create-core.js';
import { createKeyFileSecretBox } from '../../../main/core/profile/key-file-secret-box.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export function complete(): FeatureHandlers<typeof kbSyncRequestSchemas> {
  return {
    syncKbNow: () => null as never,
    getKbSyncState: () => null as never,
  };
}

export function missingHandler(): FeatureHandlers<typeof kbSyncRequestSchemas> {
  // @ts-expect-error — a request of the contract (getKbSyncState) has no handler
  return { syncKbNow: () => null as never };
}

export function extraHandler(): FeatureHandlers<typeof callsRequestSchemas> {
  return {
    listRecentCalls: () => [],
    // @ts-expect-error — a handler for a request the contract does not have
    listAllCalls: () => [],
  };
}

export function wrongResult(): FeatureHandlers<typeof callsRequestSchemas> {
  return {
    // @ts-expect-error — listRecentCalls must answer CallLogEntry[], not a number
    listRecentCalls: () => 42,
  };
}

export function wrongParams(): FeatureHandlers<typeof callsRequestSchemas> {
  return {
    // @ts-expect-error — the validated params have no `number`
    listRecentCalls: ({ number }: { number: string }) => (number ? [] : []),
  };
}

describe('handler maps derived from the contract', () => {
  it('the composed core has a handler for every request of the contract', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotseat-handlers-'));
    const core = createCore({
      dataDir,
      host: 'web',
      version: 'test',
      secrets: createKeyFileSecretBox(dataDir),
      resourcesDir: join(dataDir, 'no-resources'),
      workersDir: join(repoRoot, 'out', 'workers'),
    });
    try {
      expect(requestNames.length).toBeGreaterThan(30);
      for (const name of requestNames) {
        // Params no schema accepts: every request must reach validation, none may be unknown or crash.
        const result = await core.dispatch(name, { 'not-a-param': 1 }, 'test');
        expect(result, name).toMatchObject({ ok: false, error: { code: 'invalid' } });
      }
      expect(await core.dispatch('noSuchRequest', {}, 'test')).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

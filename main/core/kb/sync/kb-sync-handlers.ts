/**
 * KB sync's requests (contract: main/contract/kb-sync.ts).
 */
import type { kbSyncRequestSchemas } from '../../../contract/index.js';
import type { FeatureHandlers } from '../../base/feature-handlers.js';
import type { KbSyncService } from './kb-sync-service.js';

export function kbSyncHandlers(service: KbSyncService): FeatureHandlers<typeof kbSyncRequestSchemas> {
  return {
    syncKbNow: () => service.syncKbNow(),
    getKbSyncState: () => service.getKbSyncState(),
  };
}

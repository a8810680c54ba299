/**
 * KB sync's slice of the dispatcher's handlers (typed from the contract, not
 * the dispatcher, so this folder does not import it).
 */
import type { RequestResult, ValidatedParams } from '../../../contract/index.js';
import type { KbSyncService } from './kb-sync-service.js';

type KbSyncRequestName = 'syncKbNow' | 'getKbSyncState';

export type KbSyncHandlers = {
  [K in KbSyncRequestName]: (params: ValidatedParams<K>) => RequestResult<K> | Promise<RequestResult<K>>;
};

export function kbSyncHandlers(service: KbSyncService): KbSyncHandlers {
  return {
    syncKbNow: () => service.syncNow(),
    getKbSyncState: () => service.state(),
  };
}

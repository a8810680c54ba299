/**
 * The call log's requests (contract: main/contract/calls.ts).
 */
import type { callsRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import type { CallLogService } from './call-log-service.js';

export function callsHandlers(service: CallLogService): FeatureHandlers<typeof callsRequestSchemas> {
  return {
    listRecentCalls: ({ limit, remoteNumber }) =>
      service.listRecentCalls(remoteNumber === undefined ? { limit } : { limit, remoteNumber }),
  };
}

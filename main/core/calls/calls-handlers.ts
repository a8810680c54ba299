/**
 * The call log's slice of the dispatcher's handlers.
 */
import type { Handlers } from '../dispatcher.js';
import type { CallLogService } from './call-log-service.js';

export function callsHandlers(service: CallLogService): Pick<Handlers, 'listRecentCalls'> {
  return {
    listRecentCalls: ({ limit, remoteNumber }) =>
      service.listRecent(remoteNumber === undefined ? { limit } : { limit, remoteNumber }),
  };
}

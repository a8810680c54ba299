/**
 * The records feature's slice of the dispatcher's handlers.
 */
import type { Handlers } from '../dispatcher.js';
import type { RecordsService } from './records-service.js';

type RecordsHandlerNames =
  | 'getCallerContext'
  | 'getWrapUp'
  | 'saveWrapUpDraft'
  | 'completeWrapUp'
  | 'listCallRecords'
  | 'getRecordsSettings'
  | 'saveRecordsSettings'
  | 'exportRecords'
  | 'uploadRecordsNow';

export function recordsHandlers(service: RecordsService): Pick<Handlers, RecordsHandlerNames> {
  return {
    getCallerContext: ({ callId }) => service.callerContext(callId),
    getWrapUp: ({ callId }) => service.wrapUp(callId),
    saveWrapUpDraft: ({ callId, patch }) => service.saveDraft(callId, patch),
    completeWrapUp: ({ callId }) => service.complete(callId),
    listCallRecords: ({ limit, incompleteOnly }) => service.listCalls(limit, incompleteOnly ?? false),
    getRecordsSettings: () => service.settingsView(),
    saveRecordsSettings: (input) => service.saveSettings(input),
    exportRecords: ({ from, to, format }) => service.exportRange(from, to, format),
    uploadRecordsNow: () => {
      service.uploadNow();
      return null;
    },
  };
}

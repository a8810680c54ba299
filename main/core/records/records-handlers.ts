/**
 * The records feature's slice of the dispatcher's handlers.
 */
import type { recordsRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import type { RecordsService } from './records-service.js';

export function recordsHandlers(service: RecordsService): FeatureHandlers<typeof recordsRequestSchemas> {
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
    listRejectedRecords: () => service.rejected(),
  };
}

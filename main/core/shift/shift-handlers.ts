/**
 * The shift's slice of the dispatcher's handlers.
 */
import type { shiftRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import type { ShiftService } from './shift-service.js';

export function shiftHandlers(service: ShiftService): FeatureHandlers<typeof shiftRequestSchemas> {
  return {
    getShiftState: () => service.state(),
    signIn: (input) => service.signIn(input),
    signOut: () => service.signOut(),
    setAgentPin: (input) => {
      service.setAgentPin(input);
      return null;
    },
    saveHandoverNote: ({ text }) => service.saveHandoverNote(text),
    acknowledgeHandover: ({ noteId }) => service.acknowledgeHandover(noteId),
    recordPhraseUse: (input) => {
      service.recordPhraseUse(input);
      return null;
    },
    listCallPhrases: ({ callId }) => service.listCallPhrases(callId),
    setPhrasePinned: ({ phraseId, pinned }) => service.setPhrasePinned(phraseId, pinned),
    setCallbackOutcome: ({ callbackId, outcome }) => service.setCallbackOutcome(callbackId, outcome),
    getShiftSummary: (input) => service.summary(input),
    listShifts: ({ limit }) => service.listShifts(limit),
  };
}

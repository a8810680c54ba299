/**
 * The phone's slice of the dispatcher's handlers: each request maps to one
 * service method; params arrive validated by the contract's schemas.
 */
import type { phoneRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';
import type { PhoneService } from './phone-service.js';

export function phoneHandlers(phone: PhoneService): FeatureHandlers<typeof phoneRequestSchemas> {
  return {
    getPhoneState: () => phone.getPhoneState(),
    answerCall: ({ callId }) => phone.answerCall(callId),
    rejectCall: async ({ callId, code }) => {
      await phone.rejectCall(callId, code);
      return null;
    },
    hangupCall: async ({ callId }) => {
      await phone.hangupCall(callId);
      return null;
    },
    dial: ({ target }) => phone.dial(target),
    redial: () => phone.redial(),
    holdCall: ({ callId }) => phone.holdCall(callId),
    resumeCall: ({ callId }) => phone.resumeCall(callId),
    setMuted: ({ callId, muted }) => phone.setMuted(callId, muted),
    sendDtmf: async ({ callId, digits }) => {
      await phone.sendDtmf(callId, digits);
      return null;
    },
    transferBlind: ({ callId, target }) => phone.transferBlind(callId, target),
    startConsultTransfer: ({ callId, target }) => phone.startConsultTransfer(callId, target),
    completeTransfer: ({ callId }) => {
      phone.completeTransfer(callId);
      return null;
    },
    setAgentState: ({ state, reason }) => {
      phone.setAgentState(state, reason);
      return null;
    },
    extendWrapUp: ({ seconds }) => {
      phone.extendWrapUp(seconds);
      return null;
    },
    retryRegistration: () => {
      phone.retryRegistration();
      return null;
    },
    claimMedia: (_params, { clientId }) => {
      phone.claimMedia(clientId);
      return null;
    },
    mediaReply: (reply, { clientId }) => {
      phone.mediaReply(clientId, reply);
      return null;
    },
  };
}

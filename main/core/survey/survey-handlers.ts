/**
 * The survey's slice of the dispatcher's handlers, plus the survey-aware
 * `hangupCall`: with auto-start on, the agent's hang-up of an answered
 * inbound call starts the survey (in-call or IVR transfer) instead of a BYE.
 */
import type { surveyRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers, RequestHandler } from '../base/feature-handlers.js';
import type { SurveyService } from './survey-service.js';

export function surveyHandlers(survey: SurveyService): FeatureHandlers<typeof surveyRequestSchemas> {
  return {
    getSurveySettings: () => survey.settings(),
    saveSurveySettings: (settings) => survey.saveSettings(settings),
    endWithSurvey: ({ callId }) => survey.endWithSurvey(callId),
    surveyDigitDetected: ({ callId, digit }) => {
      survey.digit(callId, digit, 'inband');
      return null;
    },
    recordAgentRating: ({ callId, rating, callerWords }) => survey.recordAgentRating(callId, rating, callerWords),
    getSurvey: ({ callId }) => survey.view(callId),
    importSurveyResults: ({ format, text }) => survey.importResults(format, text),
    getSurveyRates: ({ from, to, perDay }) => survey.rates(from, to, perDay),
  };
}

/** Wraps the phone's hang-up: the survey first when the settings ask for it. */
export function surveyAwareHangup(survey: SurveyService, hangup: RequestHandler<'hangupCall'>): RequestHandler<'hangupCall'> {
  return async (params, context) => {
    if (survey.wantsSurveyOnHangup(params.callId)) {
      await survey.endWithSurvey(params.callId);
      return null;
    }
    return hangup(params, context);
  };
}

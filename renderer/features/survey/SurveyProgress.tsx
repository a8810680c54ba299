/**
 * The survey of one call as the agent sees it: the step while the in-call
 * survey runs (the agent can fill the wrap-up meanwhile), then the result.
 */
import type { SurveyView } from '../../../main/contract/index.js';
import type { Translate } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import './survey.css';

export function surveyText(t: Translate, s: SurveyView): string {
  if (s.status === 'rated') return t('survey.result.rated', { rating: s.rating ?? '', label: s.label ?? '' });
  if (s.status === 'no-response') return t('survey.result.no-response');
  if (s.status === 'invalid') return t('survey.result.invalid');
  if (s.mode === 'ivr-transfer') return t('survey.offered.ivr');
  return s.step ? t(`survey.step.${s.step}`) : t('survey.offered');
}

export function SurveyProgress({ callId }: { callId: string }) {
  const t = useTranslate();
  const survey = useSeat((s) => s.surveys[callId]);
  if (!survey) return null;
  return (
    <div
      className={`survey-progress${survey.dissatisfied ? ' survey-dissatisfied' : ''}`}
      data-testid="survey-progress"
      data-status={survey.status}
      data-step={survey.step ?? ''}
      role="status"
    >
      <span className="survey-title">{t('survey.title')}</span> {surveyText(t, survey)}
    </div>
  );
}

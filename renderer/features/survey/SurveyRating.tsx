/**
 * Agent-entered rating in the wrap-up form (survey mode "agent-recorded",
 * or to note what a caller said when no survey ran): one button per scale
 * point, keys 1–5 while the group has focus, the caller's own words optional.
 */
import { useEffect } from 'react';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { recordAgentRating } from './survey-actions.js';
import { SurveyProgress } from './SurveyProgress.js';

export function SurveyRating({ callId }: { callId: string }) {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const mode = useSeat((s) => s.profile?.surveyMode);
  const scale = useSeat((s) => s.surveySettings?.scale);
  const survey = useSeat((s) => s.surveys[callId]);
  const words = useSeat((s) => s.surveyWords[callId] ?? '');
  useEffect(() => {
    if (store.getState().surveys[callId]) return;
    void api.invoke('getSurvey', { callId }).then((r) => {
      if (r.ok && r.value) store.getState().surveyChanged(r.value);
    });
  }, [api, store, callId]);
  if (mode !== 'agent-recorded' || !scale) return survey ? <SurveyProgress callId={callId} /> : null;
  const rate = (rating: number) => void recordAgentRating(api, store, callId, rating);
  return (
    <fieldset
      className="survey-rating"
      data-testid="survey-rating"
      tabIndex={0}
      onKeyDown={(e) => {
        if ((e.target as HTMLElement).tagName === 'INPUT') return;
        const n = Number(e.key);
        if (Number.isInteger(n) && n >= 1 && n <= scale.length) {
          e.preventDefault();
          rate(n);
        }
      }}
    >
      <legend>{t('survey.agentRating')}</legend>
      {scale.map((p, i) => (
        <button key={p.digit} type="button" aria-pressed={survey?.rating === i + 1} data-grade={p.grade} onClick={() => rate(i + 1)}>
          {p.digit} {p.label}
        </button>
      ))}
      <input
        data-testid="survey-words"
        placeholder={t('survey.callerWords')}
        maxLength={500}
        value={words}
        onChange={(e) => store.getState().surveyWordsTyped(callId, e.target.value)}
        onBlur={() => {
          if (survey?.rating && survey.rating > 0 && words !== survey.callerWords) rate(survey.rating);
        }}
      />
      {survey && <SurveyProgress callId={callId} />}
    </fieldset>
  );
}

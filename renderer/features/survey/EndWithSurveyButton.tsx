/**
 * 结束并邀请评价: ends the agent's part of an answered call and surveys the
 * caller (in-call prompt or transfer to the survey IVR, per the settings).
 * Its shortcut (survey settings, F10 by default) works while the desk has
 * focus: `useEndWithSurveyShortcut` in the phone panel.
 */
import { useEffect } from 'react';
import type { CallSnapshot } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { matchesAccelerator } from '../shortcuts/accelerator.js';
import { endWithSurvey } from './survey-actions.js';

function surveyable(call: CallSnapshot): boolean {
  return call.state === 'active' && call.answeredAt !== null && call.phase === 'call';
}

export function EndWithSurveyButton({ call }: { call: CallSnapshot }) {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const mode = useSeat((s) => s.profile?.surveyMode);
  const shortcut = useSeat((s) => s.surveySettings?.shortcut ?? '');
  if (!surveyable(call) || (mode !== 'in-call' && mode !== 'ivr-transfer')) return null;
  return (
    <button type="button" className="end-with-survey" data-testid="end-with-survey" title={shortcut} onClick={() => void endWithSurvey(api, store, call.id)}>
      {t('survey.endWithSurvey')}
    </button>
  );
}

/** The shortcut of 结束并邀请评价, for the one call that can be surveyed (the active, not held one). */
export function useEndWithSurveyShortcut(): void {
  const api = useApi();
  const store = useSeatStore();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const s = store.getState();
      const accelerator = s.surveySettings?.shortcut ?? '';
      const mode = s.profile?.surveyMode;
      if (!accelerator || (mode !== 'in-call' && mode !== 'ivr-transfer') || !matchesAccelerator(event, accelerator)) return;
      const call = s.calls.find((c) => surveyable(c) && !c.held);
      if (!call) return;
      event.preventDefault();
      void endWithSurvey(api, store, call.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, store]);
}

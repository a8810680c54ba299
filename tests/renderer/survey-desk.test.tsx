import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, defaultSurveySettings, type ProfileView, type SurveyView } from '../../main/contract/index.js';
import { SurveyRating } from '../../renderer/features/survey/SurveyRating.js';
import { SurveyProgress } from '../../renderer/features/survey/SurveyProgress.js';
import { createSeatStore } from '../../renderer/store/create-seat-store.js';
import { surveySettingsForm, surveySettingsFromForm } from '../../renderer/store/slices/survey-slice.js';
import { SeatProvider } from '../../renderer/store/store-context.js';
import { createFakeApi } from './support/fake-api.js';

afterEach(cleanup);

const profile = (surveyMode: ProfileView['surveyMode']): ProfileView => ({
  ...defaultProfile,
  surveyMode,
  hasPassword: false,
  passwordProtection: 'key-file',
  updatedAt: null,
} as ProfileView);

function rated(rating: number, words = ''): SurveyView {
  const point = defaultSurveySettings.scale[rating - 1]!;
  return {
    callId: 'c-1',
    mode: 'agent-recorded',
    status: 'rated',
    rating,
    label: point.label,
    grade: point.grade,
    dissatisfied: point.grade === 'dissatisfied',
    source: 'agent',
    callerWords: words,
    step: null,
    offeredAt: 1,
    answeredAt: 2,
  };
}

function mount(mode: ProfileView['surveyMode']) {
  const api = createFakeApi({
    // No survey yet for this call (the fake cannot answer a nullable result with null).
    getSurvey: () => ({ ok: false, error: { code: 'not-found', message: 'no survey yet' } }),
    recordAgentRating: ({ rating, callerWords }) => rated(rating, callerWords),
  });
  const store = createSeatStore('web');
  store.getState().profileLoaded(profile(mode));
  store.getState().surveySettingsLoaded(defaultSurveySettings);
  render(
    <SeatProvider store={store} api={api}>
      <SurveyRating callId="c-1" />
      <SurveyProgress callId="c-1" />
    </SeatProvider>,
  );
  return { api, store };
}

describe('survey in the desk', () => {
  it('agent-entered: buttons per scale point and keys 1–4 record the rating with the caller’s words', async () => {
    const { api, store } = mount('agent-recorded');
    const group = screen.getByTestId('survey-rating');
    expect(group.querySelectorAll('button')).toHaveLength(4);
    fireEvent.change(screen.getByTestId('survey-words'), { target: { value: '很耐心' } });
    expect(store.getState().surveyWords['c-1']).toBe('很耐心');
    await act(async () => {
      fireEvent.keyDown(group, { key: '2' });
    });
    expect(api.sent('recordAgentRating')).toEqual([{ callId: 'c-1', rating: 2, callerWords: '很耐心' }]);
    expect(store.getState().surveys['c-1']?.rating).toBe(2);
    // Key 5 is not on a 4-point scale.
    await act(async () => {
      fireEvent.keyDown(group, { key: '5' });
    });
    expect(api.sent('recordAgentRating')).toHaveLength(1);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '4 不满意' }));
    });
    expect(screen.getAllByTestId('survey-progress').some((e) => e.className.includes('survey-dissatisfied'))).toBe(true);
  });

  it('in-call mode: no rating buttons; the progress shows the step, then the result', () => {
    const { store } = mount('in-call');
    expect(screen.queryByTestId('survey-rating')).toBeNull();
    act(() => store.getState().surveyChanged({ ...rated(1), mode: 'in-call', status: 'offered', rating: null, label: null, grade: null, step: 'waiting' }));
    expect(screen.getAllByTestId('survey-progress')[0]!.textContent).toContain('等待来电人按键');
    act(() => store.getState().surveyChanged({ ...rated(2), mode: 'in-call', source: 'inband' }));
    expect(screen.getAllByTestId('survey-progress')[0]!.textContent).toContain('2 满意');
  });

  it('the settings form round-trips the scale and marks', () => {
    const form = surveySettingsForm(defaultSurveySettings);
    expect(form.scale).toBe('1 非常满意 +\n2 满意 +\n3 一般 =\n4 不满意 -');
    expect(surveySettingsFromForm(form)).toEqual(defaultSurveySettings);
    const five = surveySettingsFromForm({ ...form, scale: `${form.scale}\n5 非常不满意 -`, timeoutSeconds: '10' });
    expect(five.scale).toHaveLength(5);
    expect(five.scale[4]).toEqual({ digit: '5', label: '非常不满意', grade: 'dissatisfied' });
    expect(five.timeoutSeconds).toBe(10);
  });
});

/**
 * Survey: each call's survey as the core pushes it (progress, result), the
 * survey settings and their draft as typed, and the caller's words the agent
 * types beside an agent-entered rating (kept here, not in a component).
 */
import type { StateCreator } from 'zustand';
import type { SurveyGrade, SurveySettings, SurveyView } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

/** The survey settings form as typed (text fields; parsed on save). */
export interface SurveySettingsForm {
  readonly autoStart: boolean;
  readonly holdAgent: boolean;
  readonly shortcut: string;
  /** One point a line: `1 非常满意 +` (+ satisfied, = neutral, − dissatisfied). */
  readonly scale: string;
  readonly timeoutSeconds: string;
  readonly retries: string;
  readonly promptInvite: string;
  readonly promptInvalid: string;
  readonly promptThanks: string;
  readonly resultsUrl: string;
  readonly pollSeconds: string;
}

const gradeMark: Record<SurveyGrade, string> = { satisfied: '+', neutral: '=', dissatisfied: '-' };

export function surveySettingsForm(s: SurveySettings): SurveySettingsForm {
  return {
    autoStart: s.autoStart,
    holdAgent: s.holdAgent,
    shortcut: s.shortcut,
    scale: s.scale.map((p) => `${p.digit} ${p.label} ${gradeMark[p.grade]}`).join('\n'),
    timeoutSeconds: String(s.timeoutSeconds),
    retries: String(s.retries),
    promptInvite: s.promptInvite,
    promptInvalid: s.promptInvalid,
    promptThanks: s.promptThanks,
    resultsUrl: s.resultsUrl,
    pollSeconds: String(s.pollSeconds),
  };
}

export function surveySettingsFromForm(form: SurveySettingsForm): SurveySettings {
  const scale = form.scale
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line) => {
      const [digit = '', label = '', mark = '='] = line.split(/\s+/);
      const grade: SurveyGrade = mark === '+' ? 'satisfied' : mark === '-' || mark === '−' ? 'dissatisfied' : 'neutral';
      return { digit, label, grade } as SurveySettings['scale'][number];
    });
  return {
    autoStart: form.autoStart,
    holdAgent: form.holdAgent,
    shortcut: form.shortcut,
    scale,
    timeoutSeconds: Number(form.timeoutSeconds),
    retries: Number(form.retries),
    promptInvite: form.promptInvite,
    promptInvalid: form.promptInvalid,
    promptThanks: form.promptThanks,
    resultsUrl: form.resultsUrl,
    pollSeconds: Number(form.pollSeconds),
  };
}

export interface SurveySlice {
  surveys: Readonly<Record<string, SurveyView>>;
  surveyChanged(view: SurveyView): void;
  surveySettings: SurveySettings | null;
  /** null: not edited since the core's copy. */
  surveySettingsDraft: SurveySettingsForm | null;
  surveySettingsIssues: readonly string[];
  surveySettingsLoaded(settings: SurveySettings): void;
  surveySettingsTyped(patch: Partial<SurveySettingsForm>): void;
  surveySettingsRefused(paths: readonly string[]): void;
  /** The caller's own words per call, as the agent types them. */
  surveyWords: Readonly<Record<string, string>>;
  surveyWordsTyped(callId: string, words: string): void;
}

export const createSurveySlice: StateCreator<SeatState, [], [], SurveySlice> = (set, get) => ({
  surveys: {},
  surveyChanged: (view) => set({ surveys: { ...get().surveys, [view.callId]: view } }),
  surveySettings: null,
  surveySettingsDraft: null,
  surveySettingsIssues: [],
  surveySettingsLoaded: (settings) => set({ surveySettings: settings, surveySettingsDraft: null, surveySettingsIssues: [] }),
  surveySettingsTyped: (patch) => {
    const base = get().surveySettingsDraft ?? (get().surveySettings ? surveySettingsForm(get().surveySettings!) : null);
    if (base) set({ surveySettingsDraft: { ...base, ...patch } });
  },
  surveySettingsRefused: (paths) => set({ surveySettingsIssues: paths }),
  surveyWords: {},
  surveyWordsTyped: (callId, words) => set({ surveyWords: { ...get().surveyWords, [callId]: words } }),
});

/**
 * The seat profile as last loaded from or saved to the core, and the
 * agent's unsaved edits of it (the settings draft).
 *
 * The draft lives here, not in the settings form, so it survives the form
 * unmounting (the Desk button, F3/Ctrl+K, the transfer shortcut) until it is
 * saved or discarded. Every edit bumps its revision; the answer to a save
 * only replaces the draft if nothing was typed since that save was sent.
 */
import type { StateCreator } from 'zustand';
import type { FieldIssue, ProfileView } from '../../../main/contract/index.js';
import { issuesByField, type FieldName, type PlacedIssue, type SettingsForm } from '../../features/settings/settings-form.js';
import type { SeatState } from '../seat-state.js';

export type SettingsSave = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'invalid'; count: number } | { kind: 'failed'; message: string };

export interface SettingsDraft {
  readonly form: SettingsForm;
  readonly revision: number;
}

export interface ProfileSlice {
  /** null until the first load answers. */
  profile: ProfileView | null;
  /** The agent's edits not yet saved; null when the form shows the profile as it is. */
  settingsDraft: SettingsDraft | null;
  settingsIssues: Partial<Record<FieldName, PlacedIssue[]>>;
  settingsSave: SettingsSave;
  profileLoaded(profile: ProfileView): void;
  /** The agent changed a field; `base` is the form the edit started from when there was no draft yet. */
  settingsFieldEdited<K extends FieldName>(base: SettingsForm, name: K, value: SettingsForm[K]): void;
  /** A save was sent (the caller keeps the draft's revision to hand to `settingsSaved`). */
  settingsSaveStarted(): void;
  settingsSaved(profile: ProfileView, revision: number): void;
  settingsRejected(issues: readonly FieldIssue[]): void;
  settingsSaveFailed(message: string): void;
  settingsDiscarded(): void;
}

export const createProfileSlice: StateCreator<SeatState, [], [], ProfileSlice> = (set, get) => ({
  profile: null,
  settingsDraft: null,
  settingsIssues: {},
  settingsSave: { kind: 'idle' },
  profileLoaded: (profile) => set({ profile }),
  settingsFieldEdited: (base, name, value) => {
    const draft = get().settingsDraft;
    const form = { ...(draft?.form ?? base), [name]: value };
    const save = get().settingsSave;
    set({ settingsDraft: { form, revision: (draft?.revision ?? 0) + 1 }, ...(save.kind === 'saved' ? { settingsSave: { kind: 'idle' } } : {}) });
  },
  settingsSaveStarted: () => set({ settingsSave: { kind: 'saving' } }),
  settingsSaved: (profile, revision) => {
    const draft = get().settingsDraft;
    // Typing since the save was sent stays: the draft is dropped only if it is what was saved.
    const keep = draft !== null && draft.revision !== revision;
    set({ profile, settingsDraft: keep ? draft : null, settingsIssues: {}, settingsSave: { kind: 'saved' } });
  },
  settingsRejected: (issues) => set({ settingsIssues: issuesByField(issues), settingsSave: { kind: 'invalid', count: issues.length } }),
  settingsSaveFailed: (message) => set({ settingsSave: { kind: 'failed', message } }),
  settingsDiscarded: () => set({ settingsDraft: null, settingsIssues: {}, settingsSave: { kind: 'idle' } }),
});

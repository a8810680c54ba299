/**
 * Who is signed in at the seat, the handover notes and promised callbacks as
 * the core reports them, plus what the agent is typing (sign-in form,
 * handover note) and the scripts checklist of each call.
 */
import type { StateCreator } from 'zustand';
import type { ShiftState } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export interface SignInDraft {
  readonly agentNo: string;
  readonly name: string;
  readonly pin: string;
}

/** Which summary the shift view shows: a shift (null: the current or last one) or a local day. */
export type ShiftViewChoice = { readonly kind: 'shift'; readonly shiftId: string | null } | { readonly kind: 'day'; readonly day: string };

export interface ShiftSlice {
  /** null until the core answers. */
  shift: ShiftState | null;
  signInDraft: SignInDraft;
  /** The supervisor's roster form (settings): an agent's 工号, name and the PIN the centre sets. */
  agentPinDraft: SignInDraft;
  /** The handover note as typed; null: not edited since the core's copy. */
  handoverText: string | null;
  shiftViewChoice: ShiftViewChoice;
  /** Phrase ids ticked (or copied) per call id: the mandatory checklist. */
  phrasesUsed: Readonly<Record<string, readonly string[]>>;
  shiftChanged(state: ShiftState): void;
  signInTyped(patch: Partial<SignInDraft>): void;
  agentPinTyped(patch: Partial<SignInDraft> | null): void;
  handoverTyped(text: string): void;
  shiftViewChosen(choice: ShiftViewChoice): void;
  phraseUsed(callId: string, phraseId: string): void;
  pinnedPhrasesChanged(ids: readonly string[]): void;
}

export const createShiftSlice: StateCreator<SeatState, [], [], ShiftSlice> = (set) => ({
  shift: null,
  signInDraft: { agentNo: '', name: '', pin: '' },
  agentPinDraft: { agentNo: '', name: '', pin: '' },
  handoverText: null,
  shiftViewChoice: { kind: 'shift', shiftId: null },
  phrasesUsed: {},
  shiftChanged: (shift) =>
    set((s) => ({
      shift,
      // A new agent starts with an empty form and their own note.
      ...(s.shift?.agent?.shiftId !== shift.agent?.shiftId ? { handoverText: null, signInDraft: { agentNo: '', name: '', pin: '' } } : {}),
    })),
  signInTyped: (patch) => set((s) => ({ signInDraft: { ...s.signInDraft, ...patch } })),
  // null: saved, start over.
  agentPinTyped: (patch) => set((s) => ({ agentPinDraft: patch === null ? { agentNo: '', name: '', pin: '' } : { ...s.agentPinDraft, ...patch } })),
  handoverTyped: (text) => set({ handoverText: text }),
  shiftViewChosen: (shiftViewChoice) => set({ shiftViewChoice }),
  phraseUsed: (callId, phraseId) =>
    set((s) => {
      const used = s.phrasesUsed[callId] ?? [];
      return used.includes(phraseId) ? {} : { phrasesUsed: { ...s.phrasesUsed, [callId]: [...used, phraseId] } };
    }),
  pinnedPhrasesChanged: (ids) => set((s) => (s.shift ? { shift: { ...s.shift, pinnedPhraseIds: ids } } : {})),
});

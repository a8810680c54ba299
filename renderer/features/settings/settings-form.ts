/**
 * The settings form as the inputs hold it (strings), and the conversions to
 * and from the contract's profile. Numbers that do not parse are sent as
 * typed, so the core's validation — the only validation — names the field.
 */
import type { FieldIssue, ProfileInput, ProfileView, ShortcutAction } from '../../../main/contract/index.js';

export interface SettingsForm {
  agentNumber: string;
  language: string;
  sipServers: string;
  sipUri: string;
  authUser: string;
  password: string;
  clearPassword: boolean;
  registerExpires: string;
  dtmfMode: string;
  iceServers: string;
  iceGatheringTimeoutMs: string;
  contextHeaders: string;
  autoAnswer: string;
  wrapUpSeconds: string;
  notReadyRejectCode: string;
  surveyMode: string;
  surveyIvrUri: string;
  kbSourceUrl: string;
  kbPublicKey: string;
  trustedCaPem: string;
  echoNumber: string;
  selfCheckBlocksReady: boolean;
  recordsUploadUrl: string;
  microphoneId: string;
  speakerId: string;
  ringDeviceId: string;
  shortcutAnswer: string;
  shortcutHangup: string;
  shortcutHold: string;
  shortcutMute: string;
  shortcutTransfer: string;
  globalShortcuts: boolean;
}

/** Form field of each shortcut action (the contract nests them under `shortcuts`). */
export const shortcutFields: Record<ShortcutAction, FieldName> = {
  answer: 'shortcutAnswer',
  hangup: 'shortcutHangup',
  hold: 'shortcutHold',
  mute: 'shortcutMute',
  transfer: 'shortcutTransfer',
};

export type FieldName = keyof SettingsForm;

export function formFromProfile(p: ProfileView): SettingsForm {
  return {
    agentNumber: p.agentNumber,
    language: p.language,
    sipServers: p.sipServers.join('\n'),
    sipUri: p.sipUri,
    authUser: p.authUser,
    password: '',
    clearPassword: false,
    registerExpires: String(p.registerExpires),
    dtmfMode: p.dtmfMode,
    iceServers: p.iceServers.join('\n'),
    iceGatheringTimeoutMs: String(p.iceGatheringTimeoutMs),
    contextHeaders: p.contextHeaders.join('\n'),
    autoAnswer: p.autoAnswer,
    wrapUpSeconds: String(p.wrapUpSeconds),
    notReadyRejectCode: String(p.notReadyRejectCode),
    surveyMode: p.surveyMode,
    surveyIvrUri: p.surveyIvrUri,
    kbSourceUrl: p.kbSourceUrl,
    kbPublicKey: p.kbPublicKey,
    trustedCaPem: p.trustedCaPem,
    echoNumber: p.echoNumber,
    selfCheckBlocksReady: p.selfCheckBlocksReady,
    recordsUploadUrl: p.recordsUploadUrl,
    microphoneId: p.microphoneId,
    speakerId: p.speakerId,
    ringDeviceId: p.ringDeviceId,
    shortcutAnswer: p.shortcuts.answer,
    shortcutHangup: p.shortcuts.hangup,
    shortcutHold: p.shortcuts.hold,
    shortcutMute: p.shortcuts.mute,
    shortcutTransfer: p.shortcuts.transfer,
    globalShortcuts: p.globalShortcuts,
  };
}

/** Whether two forms hold the same values (an edit typed back to the saved value is no change). */
export function sameForm(a: SettingsForm, b: SettingsForm): boolean {
  return (Object.keys(a) as FieldName[]).every((k) => a[k] === b[k]);
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const numberOrRaw = (text: string): number => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : (text as unknown as number));

/** Builds the request; enum and number fields pass through unchecked on purpose. */
export function inputFromForm(f: SettingsForm): ProfileInput {
  return {
    agentNumber: f.agentNumber,
    language: f.language as ProfileInput['language'],
    sipServers: lines(f.sipServers),
    sipUri: f.sipUri,
    authUser: f.authUser,
    ...(f.password !== '' ? { password: f.password } : {}),
    ...(f.clearPassword ? { clearPassword: true } : {}),
    registerExpires: numberOrRaw(f.registerExpires),
    dtmfMode: f.dtmfMode as ProfileInput['dtmfMode'],
    iceServers: lines(f.iceServers),
    iceGatheringTimeoutMs: numberOrRaw(f.iceGatheringTimeoutMs),
    contextHeaders: lines(f.contextHeaders),
    autoAnswer: f.autoAnswer as ProfileInput['autoAnswer'],
    wrapUpSeconds: numberOrRaw(f.wrapUpSeconds),
    notReadyRejectCode: numberOrRaw(f.notReadyRejectCode) as ProfileInput['notReadyRejectCode'],
    surveyMode: f.surveyMode as ProfileInput['surveyMode'],
    surveyIvrUri: f.surveyIvrUri,
    kbSourceUrl: f.kbSourceUrl,
    kbPublicKey: f.kbPublicKey,
    trustedCaPem: f.trustedCaPem,
    echoNumber: f.echoNumber,
    selfCheckBlocksReady: f.selfCheckBlocksReady,
    recordsUploadUrl: f.recordsUploadUrl,
    microphoneId: f.microphoneId,
    speakerId: f.speakerId,
    ringDeviceId: f.ringDeviceId,
    shortcuts: {
      answer: f.shortcutAnswer,
      hangup: f.shortcutHangup,
      hold: f.shortcutHold,
      mute: f.shortcutMute,
      transfer: f.shortcutTransfer,
    },
    globalShortcuts: f.globalShortcuts,
  };
}

export interface PlacedIssue {
  readonly code: string;
  readonly message: string;
  /** 1-based line for multi-line fields. */
  readonly line?: number;
}

/** Groups the core's issues by form field; `sipServers.1` becomes sipServers, line 2. */
export function issuesByField(issues: readonly FieldIssue[]): Partial<Record<FieldName, PlacedIssue[]>> {
  const placed: Partial<Record<FieldName, PlacedIssue[]>> = {};
  for (const issue of issues) {
    const [head, index] = issue.path.split('.');
    if (head === 'shortcuts' && index !== undefined && index in shortcutFields) {
      (placed[shortcutFields[index as ShortcutAction]] ??= []).push({ code: issue.code, message: issue.message });
      continue;
    }
    const field = (head || 'agentNumber') as FieldName;
    const entry: PlacedIssue = { code: issue.code, message: issue.message, ...(index !== undefined ? { line: Number(index) + 1 } : {}) };
    (placed[field] ??= []).push(entry);
  }
  return placed;
}

/**
 * The settings form as the inputs hold it (strings), and the conversions to
 * and from the contract's profile. Numbers that do not parse are sent as
 * typed, so the core's validation — the only validation — names the field.
 */
import type { FieldIssue, ProfileInput, ProfileView } from '../../../main/contract/index.js';

export interface SettingsForm {
  agentNumber: string;
  agentName: string;
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
  recordsUploadUrl: string;
  microphoneId: string;
  speakerId: string;
  ringDeviceId: string;
}

export type FieldName = keyof SettingsForm;

export function formFromProfile(p: ProfileView): SettingsForm {
  return {
    agentNumber: p.agentNumber,
    agentName: p.agentName,
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
    recordsUploadUrl: p.recordsUploadUrl,
    microphoneId: p.microphoneId,
    speakerId: p.speakerId,
    ringDeviceId: p.ringDeviceId,
  };
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
    agentName: f.agentName,
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
    recordsUploadUrl: f.recordsUploadUrl,
    microphoneId: f.microphoneId,
    speakerId: f.speakerId,
    ringDeviceId: f.ringDeviceId,
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
    const field = (head || 'agentNumber') as FieldName;
    const entry: PlacedIssue = { code: issue.code, message: issue.message, ...(index !== undefined ? { line: Number(index) + 1 } : {}) };
    (placed[field] ??= []).push(entry);
  }
  return placed;
}

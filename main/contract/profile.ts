/**
 * The seat profile: who sits at this seat and how it reaches the centre.
 *
 * Every field is validated here, at the boundary, with a stable message key
 * per rule (`sipUri.format`) so the renderer can show the reason in place, in
 * the agent's language. `validationMessages` holds the English text.
 */
import { z } from 'zod';
import { phoneValidationMessages } from './phone.js';
import { kbValidationMessages } from './kb.js';
import { recordsValidationMessages } from './records.js';
import { shiftValidationMessages } from './shift.js';
import { provisioningValidationMessages } from './provisioning.js';
import { surveyValidationMessages } from './survey.js';

export const surveyModes = ['in-call', 'ivr-transfer', 'agent-recorded', 'off'] as const;
export type SurveyMode = (typeof surveyModes)[number];

export const autoAnswerPolicies = ['never', 'when-requested', 'always'] as const;
export type AutoAnswerPolicy = (typeof autoAnswerPolicies)[number];

export const dtmfModes = ['rfc4733', 'info'] as const;
export type DtmfMode = (typeof dtmfModes)[number];

export const notReadyRejectCodes = [486, 480, 603] as const;

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

function isUrlWithScheme(value: string, schemes: readonly string[]): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return schemes.includes(url.protocol) && url.hostname !== '' && url.username === '' && url.password === '';
}

const sipUriPattern = /^sips?:[A-Za-z0-9._~%!$&'()*+,;=-]+@[A-Za-z0-9.-]+(?::\d{1,5})?$/;
const headerNamePattern = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const iceUrlPattern = /^(stun|stuns|turn|turns):[^\s]+$/;
const deviceIdPattern = /^[\x20-\x7e]{0,200}$/;
/** One or more PEM CERTIFICATE blocks and nothing else but white space. */
const trustedCaPemPattern =
  /^(-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----\s*)+$/;

/** Call-control actions that have a keyboard shortcut. */
export const shortcutActions = ['answer', 'hangup', 'hold', 'mute', 'transfer'] as const;
export type ShortcutAction = (typeof shortcutActions)[number];

/**
 * An Electron-style accelerator: up to three modifiers and one key, e.g.
 * `F5`, `Ctrl+Shift+A`; empty means no shortcut.
 */
export const acceleratorPattern =
  /^$|^((CommandOrControl|CmdOrCtrl|Control|Ctrl|Alt|Shift|Super|Meta)\+){0,3}(F([1-9]|1[0-9]|2[0-4])|[A-Z0-9]|Space|Enter|Escape|Insert|Delete|Home|End|PageUp|PageDown)$/;

const sipServerUrl = z
  .string()
  .trim()
  .refine((v) => isUrlWithScheme(v, ['ws:', 'wss:']), { error: 'sipServers.format' });

const httpUrlOrEmpty = (key: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || isUrlWithScheme(v, ['http:', 'https:']), { error: key });

const sipUriOrEmpty = (key: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || sipUriPattern.test(v), { error: key });

/** The editable fields of the profile, as stored (password excluded). */
const profileFields = {
  /**
   * The seat's number (座席号), shown in the title. The agent's 工号 and name
   * are not the seat's: agents sign in for a shift (see shift.ts).
   */
  agentNumber: z.string().trim().regex(/^[0-9]{1,8}$/, { error: 'agentNumber.format' }),
  sipServers: z
    .array(sipServerUrl)
    .min(1, { error: 'sipServers.required' })
    .max(5, { error: 'sipServers.tooMany' }),
  sipUri: z.string().trim().regex(sipUriPattern, { error: 'sipUri.format' }),
  authUser: z
    .string()
    .trim()
    .max(64, { error: 'authUser.tooLong' })
    .regex(/^[^\s@:]*$/, { error: 'authUser.format' }),
  registerExpires: z
    .int({ error: 'registerExpires.range' })
    .min(60, { error: 'registerExpires.range' })
    .max(3600, { error: 'registerExpires.range' }),
  kbSourceUrl: httpUrlOrEmpty('kbSourceUrl.format'),
  /**
   * The centre's Ed25519 public key for KB publications (`ed25519:` + 44
   * base64 characters, printed by `npm run kb:keygen`); '' = not required.
   * Once set, the seat applies only publications signed with it.
   */
  kbPublicKey: z
    .string()
    .trim()
    .refine((v) => v === '' || /^ed25519:[A-Za-z0-9+/]{43}=$/.test(v), { error: 'kbPublicKey.format' })
    .default(''),
  recordsUploadUrl: httpUrlOrEmpty('recordsUploadUrl.format'),
  /**
   * The centre's own CA: one or more PEM certificates trusted, besides the
   * system's roots, for wss://, the KB, records uploads and provisioning;
   * '' = system roots only. The core parses each one (main/core/base/trusted-ca.ts).
   */
  trustedCaPem: z
    .string()
    .max(65_536, { error: 'trustedCaPem.tooLong' })
    .refine((v) => v.trim() === '' || trustedCaPemPattern.test(v.trim()), { error: 'trustedCaPem.format' })
    .transform((v) => (v.trim() === '' ? '' : `${v.trim()}\n`))
    .default(''),
  /** A number answered by an echo service (`*43` on Asterisk) for the self-check's test call; '' = none. */
  echoNumber: z
    .string()
    .trim()
    .regex(/^$|^[0-9*#+]{1,32}$/, { error: 'echoNumber.format' })
    .default(''),
  /** A red line of the pre-Ready self-check keeps the agent from going Ready (the centre's choice). */
  selfCheckBlocksReady: z.boolean({ error: 'selfCheckBlocksReady.invalid' }).default(false),
  surveyMode: z.enum(surveyModes, { error: 'surveyMode.invalid' }),
  surveyIvrUri: sipUriOrEmpty('surveyIvrUri.format'),
  autoAnswer: z.enum(autoAnswerPolicies, { error: 'autoAnswer.invalid' }),
  wrapUpSeconds: z
    .int({ error: 'wrapUpSeconds.range' })
    .min(0, { error: 'wrapUpSeconds.range' })
    .max(600, { error: 'wrapUpSeconds.range' }),
  notReadyRejectCode: z.union(notReadyRejectCodes.map((c) => z.literal(c)), { error: 'notReadyRejectCode.invalid' }),
  dtmfMode: z.enum(dtmfModes, { error: 'dtmfMode.invalid' }),
  iceServers: z
    .array(z.string().trim().regex(iceUrlPattern, { error: 'iceServers.format' }))
    .max(4, { error: 'iceServers.tooMany' }),
  iceGatheringTimeoutMs: z
    .int({ error: 'iceGatheringTimeoutMs.range' })
    .min(100, { error: 'iceGatheringTimeoutMs.range' })
    .max(10_000, { error: 'iceGatheringTimeoutMs.range' }),
  contextHeaders: z
    .array(z.string().trim().regex(headerNamePattern, { error: 'contextHeaders.format' }))
    .max(20, { error: 'contextHeaders.tooMany' }),
  microphoneId: z.string().regex(deviceIdPattern, { error: 'device.format' }),
  speakerId: z.string().regex(deviceIdPattern, { error: 'device.format' }),
  ringDeviceId: z.string().regex(deviceIdPattern, { error: 'device.format' }),
  language: z.enum(languages, { error: 'language.invalid' }),
  shortcuts: z.strictObject(
    Object.fromEntries(shortcutActions.map((a) => [a, z.string().trim().regex(acceleratorPattern, { error: 'shortcut.format' })])) as Record<
      ShortcutAction,
      z.ZodString
    >,
    { error: 'shortcut.format' },
  ),
  globalShortcuts: z.boolean({ error: 'globalShortcuts.invalid' }),
};

/** Cross-field rules that a single field cannot express. */
function checkProfile(
  p: { surveyMode: SurveyMode; surveyIvrUri: string; shortcuts: Record<ShortcutAction, string> },
  ctx: z.RefinementCtx,
): void {
  if (p.surveyMode === 'ivr-transfer' && p.surveyIvrUri === '') {
    ctx.addIssue({ code: 'custom', path: ['surveyIvrUri'], message: 'surveyIvrUri.requiredForIvr' });
  }
  const seen = new Map<string, ShortcutAction>();
  for (const action of shortcutActions) {
    const key = p.shortcuts[action].toLowerCase();
    if (key === '') continue;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['shortcuts', action], message: 'shortcut.duplicate' });
    seen.set(key, action);
  }
}

/** What `saveProfile` accepts: every field, plus the password as write-only. */
export const profileInputSchema = z
  .strictObject({
    ...profileFields,
    /** New SIP password; omit to keep the stored one. */
    password: z.string().max(128, { error: 'password.tooLong' }).optional(),
    /** Forget the stored SIP password. */
    clearPassword: z.boolean().optional(),
  })
  .superRefine(checkProfile);

export type ProfileInput = z.input<typeof profileInputSchema>;
export type ValidProfileInput = z.output<typeof profileInputSchema>;

/** The stored profile minus secrets. */
export type SeatProfile = Omit<ValidProfileInput, 'password' | 'clearPassword'>;

/** What the renderer sees: never the password, only whether one is stored. */
export interface ProfileView extends SeatProfile {
  readonly hasPassword: boolean;
  /** How the stored password is protected on this host. */
  /** `unavailable`: no OS keychain (Linux basic_text); a password is refused, not stored. */
  readonly passwordProtection: 'safeStorage' | 'key-file' | 'none' | 'unavailable';
  readonly updatedAt: string | null;
}

/** A fresh seat's profile: every field valid except what only the centre can tell. */
export const defaultProfile: SeatProfile = {
  agentNumber: '',
  sipServers: [],
  sipUri: '',
  authUser: '',
  registerExpires: 300,
  kbSourceUrl: '',
  kbPublicKey: '',
  recordsUploadUrl: '',
  trustedCaPem: '',
  echoNumber: '',
  selfCheckBlocksReady: false,
  surveyMode: 'in-call',
  surveyIvrUri: '',
  autoAnswer: 'never',
  wrapUpSeconds: 30,
  notReadyRejectCode: 486,
  dtmfMode: 'rfc4733',
  iceServers: [],
  iceGatheringTimeoutMs: 1000,
  contextHeaders: ['X-Call-Uid', 'X-Queue', 'X-IVR-Path', 'X-Wait-Seconds', 'X-Caller-Area'],
  microphoneId: '',
  speakerId: '',
  ringDeviceId: '',
  language: 'zh-CN',
  shortcuts: { answer: 'F5', hangup: 'F6', hold: 'F7', mute: 'F8', transfer: 'F9' },
  globalShortcuts: false,
};

/** English text for each validation key of the profile. */
const profileValidationMessages: Readonly<Record<string, string>> = {
  'agentNumber.format': 'Seat number must be 1 to 8 digits.',
  'sipServers.format': 'Each SIP server must be a ws:// or wss:// URL without credentials.',
  'sipServers.required': 'Enter at least one SIP server.',
  'sipServers.tooMany': 'At most 5 SIP servers.',
  'sipUri.format': 'SIP URI must look like sip:1001@example.org.',
  'authUser.tooLong': 'Auth user must be at most 64 characters.',
  'authUser.format': 'Auth user must not contain spaces, @ or :.',
  'registerExpires.range': 'Registration expiry must be a whole number of seconds from 60 to 3600.',
  'kbSourceUrl.format': 'Knowledge-base URL must be an http:// or https:// URL, or empty.',
  'kbPublicKey.format': 'KB public key must look like ed25519: followed by 44 base64 characters (from npm run kb:keygen), or be empty.',
  'recordsUploadUrl.format': 'Records upload URL must be an http:// or https:// URL, or empty.',
  'echoNumber.format': 'Echo number must be digits, * # or + (e.g. *43), or empty.',
  'selfCheckBlocksReady.invalid': 'Whether a failed self-check blocks Ready must be on or off.',
  'trustedCaPem.format': 'Trusted CA must be one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), or empty.',
  'trustedCaPem.tooLong': 'Trusted CA must be at most 64 KiB of PEM.',
  'trustedCaPem.unreadable': 'A certificate in Trusted CA cannot be read.',
  'trustedCaPem.notCa': 'A certificate in Trusted CA is not a CA certificate (paste the centre’s CA, not a server certificate).',
  'trustedCaPem.expired': 'A certificate in Trusted CA has expired.',
  'trustedCaPem.notYetValid': 'A certificate in Trusted CA is not valid yet.',
  'surveyMode.invalid': 'Survey mode must be in-call, ivr-transfer, agent-recorded or off.',
  'surveyIvrUri.format': 'Survey IVR must be a SIP URI, or empty.',
  'surveyIvrUri.requiredForIvr': 'Enter the survey IVR SIP URI to use IVR transfer.',
  'autoAnswer.invalid': 'Auto-answer must be never, when-requested or always.',
  'wrapUpSeconds.range': 'Wrap-up time must be a whole number of seconds from 0 to 600.',
  'notReadyRejectCode.invalid': 'Not-ready reject code must be 486, 480 or 603.',
  'dtmfMode.invalid': 'DTMF mode must be rfc4733 or info.',
  'iceServers.format': 'ICE servers must be stun:, stuns:, turn: or turns: URLs.',
  'iceServers.tooMany': 'At most 4 ICE servers.',
  'iceGatheringTimeoutMs.range': 'ICE gathering timeout must be 100 to 10000 ms.',
  'contextHeaders.format': 'Context headers must be header names like X-Call-Uid.',
  'contextHeaders.tooMany': 'At most 20 context headers.',
  'device.format': 'Device id is not valid.',
  'language.invalid': 'Language must be zh-CN or en.',
  'password.tooLong': 'Password must be at most 128 characters.',
  'password.noKeychain': 'No OS keychain is available on this computer, so the password cannot be stored safely; it was not saved.',
  'shortcut.format': 'A shortcut must be a key like F5 or Ctrl+Shift+A, or empty.',
  'shortcut.duplicate': 'Two actions cannot share one shortcut.',
  'globalShortcuts.invalid': 'Global shortcuts must be on or off.',
};

/** English text for each validation key (the renderer's catalogue translates them). */
export const validationMessages: Readonly<Record<string, string>> = {
  ...profileValidationMessages,
  ...phoneValidationMessages,
  ...kbValidationMessages,
  ...recordsValidationMessages,
  ...shiftValidationMessages,
  ...provisioningValidationMessages,
  ...surveyValidationMessages,
};

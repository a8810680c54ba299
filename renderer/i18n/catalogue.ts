/**
 * The one catalogue of visible strings. zh-CN is the source of keys; English
 * must have every key (the type checker enforces it). Features add their
 * part as i18n/zh-CN/<feature>.ts + i18n/en/<feature>.ts and join it here.
 */
import { common as enCommon } from './en/common.js';
import { kb as enKb } from './en/kb.js';
import { kbSync as enKbSync } from './en/kb-sync.js';
import { phone as enPhone } from './en/phone.js';
import { settings as enSettings } from './en/settings.js';
import { shift as enShift } from './en/shift.js';
import { records as enRecords } from './en/records.js';
import { survey as enSurvey } from './en/survey.js';
import { selfCheck as enSelfCheck } from './en/self-check.js';
import { provisioning as enProvisioning } from './en/provisioning.js';
import { common as zhCommon } from './zh-CN/common.js';
import { kb as zhKb } from './zh-CN/kb.js';
import { kbSync as zhKbSync } from './zh-CN/kb-sync.js';
import { phone as zhPhone } from './zh-CN/phone.js';
import { settings as zhSettings } from './zh-CN/settings.js';
import { shift as zhShift } from './zh-CN/shift.js';
import { records as zhRecords } from './zh-CN/records.js';
import { survey as zhSurvey } from './zh-CN/survey.js';
import { selfCheck as zhSelfCheck } from './zh-CN/self-check.js';
import { provisioning as zhProvisioning } from './zh-CN/provisioning.js';

const zhCN = { ...zhCommon, ...zhSettings, ...zhPhone, ...zhKbSync, ...zhKb, ...zhShift, ...zhRecords, ...zhSurvey, ...zhSelfCheck, ...zhProvisioning };
export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = { ...enCommon, ...enSettings, ...enPhone, ...enKbSync, ...enKb, ...enShift, ...enRecords, ...enSurvey, ...enSelfCheck, ...enProvisioning };

export const catalogues: Record<'zh-CN' | 'en', Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(language: 'zh-CN' | 'en'): Translate {
  const catalogue = catalogues[language];
  return (key, vars) => {
    const text = catalogue[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
  };
}

/** For keys built at run time (validation codes from the core); falls back when unknown. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

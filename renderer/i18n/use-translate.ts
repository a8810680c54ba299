/** The translate function for the profile's language (zh-CN until the profile loads). */
import { useMemo } from 'react';
import { useSeat } from '../store/store-context.js';
import { translator, type Translate } from './catalogue.js';

export function useTranslate(): Translate {
  const language = useSeat((s) => s.profile?.language ?? 'zh-CN');
  return useMemo(() => translator(language), [language]);
}

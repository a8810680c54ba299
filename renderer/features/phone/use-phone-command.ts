/** The phone command bound to this window's API client and store (see send-phone-command.ts). */
import { useMemo } from 'react';
import { useApi, useSeatStore } from '../../store/store-context.js';
import { phoneCommand, type PhoneCommand } from './send-phone-command.js';

export type { PhoneCommand } from './send-phone-command.js';

export function usePhoneCommand(): PhoneCommand {
  const api = useApi();
  const store = useSeatStore();
  return useMemo(() => phoneCommand(api, store), [api, store]);
}

/**
 * Sends a phone request to the core; a refusal lands in the store as a
 * visible failure (never thrown, never silent), a success clears it.
 */
import type { RequestName, RequestParams, RequestResult, Result } from '../../../main/contract/index.js';
import type { ApiClient } from '../../api/api-client.js';
import type { SeatStore } from '../../store/create-seat-store.js';

export type PhoneCommand = <K extends RequestName>(method: K, params: RequestParams<K>) => Promise<Result<RequestResult<K>>>;

export function phoneCommand(api: ApiClient, store: SeatStore): PhoneCommand {
  return (async (method, params) => {
    const result = await api.invoke(method, params);
    if (result.ok) store.getState().phoneFailureDismissed();
    else store.getState().phoneRequestFailed(method, result.error);
    return result;
  }) as PhoneCommand;
}

/**
 * Results as the agent types: the query is sent ~80 ms after the last key
 * (one request per pause, not per key), and an answer that arrives after a
 * newer request was sent is dropped, so a slow answer to "狂" can never
 * replace the answer to "狂犬".
 *
 * ```
 *   key ─▶ wait 80 ms ─▶ send #n ─▶ answer #n ─▶ shown if n is still the latest
 *   key ─▶ (timer restarts)          answer #m<n ─▶ dropped
 * ```
 */
import { useEffect, useRef } from 'react';
import { useApi, useSeat } from '../../store/store-context.js';

export const searchDebounceMs = 80;

export function useKbSearch(): void {
  const api = useApi();
  const query = useSeat((s) => s.kb.query);
  const kinds = useSeat((s) => s.kb.kinds);
  const kbResultsArrived = useSeat((s) => s.kbResultsArrived);
  const kbSearchFailed = useSeat((s) => s.kbSearchFailed);
  const latest = useRef(0);

  useEffect(() => {
    const sequence = ++latest.current;
    if (query.trim() === '') return;
    const timer = setTimeout(() => {
      void api.invoke('searchKb', { query, limit: 20, ...(kinds ? { kinds: [...kinds] } : {}) }).then((result) => {
        if (sequence !== latest.current) return;
        if (result.ok) kbResultsArrived(result.value);
        else kbSearchFailed(result.error.message);
      });
    }, searchDebounceMs);
    return () => clearTimeout(timer);
  }, [api, query, kinds, kbResultsArrived, kbSearchFailed]);
}

/**
 * The Refer-To of a survey transfer: the survey IVR's URI with the call's
 * X-Call-Uid and the agent's X-Agent-Id as URI headers (RFC 3261 §19.1.1),
 * so the transferee puts them into the INVITE it sends to the IVR and the
 * IVR can report the result against the call.
 *
 *   referToWithHeaders('sip:survey@ivr.test', { 'X-Call-Uid': 'HL-1', 'X-Agent-Id': '0815' })
 *   → 'sip:survey@ivr.test?X-Call-Uid=HL-1&X-Agent-Id=0815'
 */
export function referToWithHeaders(uri: string, headers: Readonly<Record<string, string>>): string {
  const base = uri.replace(/\?.*$/, '');
  const query = Object.entries(headers)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return query ? `${base}?${query}` : base;
}

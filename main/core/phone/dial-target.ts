/**
 * Turns a validated dial target (see `normalizeDialTarget` in the contract)
 * into the SIP URI to call: a SIP URI as is, a bare number at the domain of
 * the seat's own SIP URI (`01012345678` → `sip:01012345678@sip.example.org`).
 */

export function dialTargetToUri(target: string, seatSipUri: string): string {
  if (/^sips?:/i.test(target)) return target;
  const domain = /@([^;?]+)/.exec(seatSipUri)?.[1];
  if (!domain) throw new Error(`seat SIP URI ${seatSipUri} has no domain`);
  // '#' is not allowed raw in a SIP URI user part (RFC 3261 §25.1).
  return `sip:${target.replace(/#/g, '%23')}@${domain}`;
}

/** The number part for display and the call log: user part of a URI, or the number itself. */
export function dialTargetNumber(target: string): string {
  const user = /^sips?:([^@;?]+)@/i.exec(target)?.[1];
  if (user) {
    try {
      return decodeURIComponent(user);
    } catch {
      return user;
    }
  }
  return target;
}

/**
 * Who is calling and what the centre knows about the call, read from the
 * INVITE. Everything here is untrusted text from the network: values are
 * stripped of control characters and capped, and the renderer shows them as
 * text only.
 */
import type { ContextField } from '../../contract/index.js';
import { numberOfUri, parseNameAddr, phoneNumberOf, plainName, splitHeaderList, untrustedText } from './sip-header-text.js';

/** Read access to an INVITE's headers (all values of a header name, in order). */
export type HeaderReader = (name: string) => readonly string[];

export interface CallerContext {
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly remoteUri: string;
  readonly centreCallId: string | null;
  readonly context: readonly ContextField[];
}

export const contextValueMaxLength = 256;
const numberMaxLength = 64;
const nameMaxLength = 128;
const uriMaxLength = 256;
export const centreCallIdHeader = 'X-Call-Uid';

/**
 * Number from P-Asserted-Identity (first identity with a number), then From;
 * display name likewise; the context headers the profile lists.
 */
export function readCallerContext(headers: HeaderReader, contextHeaders: readonly string[]): CallerContext {
  const asserted = headers('P-Asserted-Identity')
    .flatMap(splitHeaderList)
    .map(parseNameAddr)
    .filter((a) => a !== null && phoneNumberOf(numberOfUri(a.uri), numberMaxLength) !== '');
  const fromValue = headers('From')[0];
  const from = fromValue === undefined ? null : parseNameAddr(fromValue);
  const identity = asserted[0] ?? from;
  // Numbers are digits (and +); names plain visible text. Anything else is not shown as either.
  const remoteNumber = identity ? phoneNumberOf(numberOfUri(identity.uri), numberMaxLength) : '';
  const name = asserted.find((a) => a?.displayName)?.displayName ?? from?.displayName ?? null;
  const cleanName = name === null ? null : plainName(name, nameMaxLength) || null;
  // Gateways often repeat the number as the display name: that is no name.
  const remoteName = cleanName === remoteNumber ? null : cleanName;
  const context: ContextField[] = [];
  for (const header of contextHeaders) {
    const raw = headers(header)[0];
    if (raw === undefined) continue;
    context.push({ name: header, value: untrustedText(raw, contextValueMaxLength) });
  }
  const uid = headers(centreCallIdHeader)[0];
  const centreCallId = uid === undefined ? null : untrustedText(uid, contextValueMaxLength) || null;
  return {
    remoteNumber: remoteNumber || 'anonymous',
    remoteName,
    remoteUri: untrustedText(identity?.uri ?? '', uriMaxLength),
    centreCallId,
    context,
  };
}

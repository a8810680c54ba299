/**
 * The SIP door: every message the seat receives over its SIP WebSocket is
 * checked here, as text, BEFORE SIP.js's parser sees it.
 *
 * SIP.js 0.21 throws from inside its message handler on some malformed
 * input (a Request-URI that is not sip:, a CSeq that does not parse), and
 * its grammar costs about 2 s per MiB of header. Neither may reach it:
 *
 * - size: a message over `maxMessageChars`, a header line over
 *   `maxHeaderChars` or more than `maxHeaderCount` header lines is not parsed
 *   (requests get 513 / 400);
 * - the start line: exactly `METHOD SP Request-URI SP SIP/2.0`
 *   (400; 505 for another version; 416 for a scheme other than sip:/sips:)
 *   or `SIP/2.0 NNN reason` with NNN in 100–699 (else dropped);
 * - the headers SIP.js trusts: Via, From, To, Call-ID, CSeq present and the
 *   single-valued ones once; CSeq a number below 2^31 with the request's
 *   method; Content-Length and Max-Forwards sane numbers, the body as long
 *   as Content-Length says; balanced quotes and token display names in
 *   From/To; no empty Via or Contact parameters (RFC 4475 §3.1.2);
 * - a user agent's own answers SIP.js lacks (RFC 3261 §8.2): 405 for a
 *   method it does not support, 420 for a Require it does not know, 415 for
 *   an INVITE body it cannot read, 406 for an INVITE that accepts no SDP;
 * - intervals: `expires` values in REGISTER responses are clamped to
 *   `maxExpiresSeconds` before SIP.js arms its refresh timer with them (a
 *   timer past 2^31 ms fires at once: a REGISTER storm).
 *
 * Requests that fail get the RFC's answer, built here from the request's own
 * Via/From/To/Call-ID/CSeq lines; responses that fail are dropped (nothing
 * answers a response). Every decision is logged by the transport.
 */

export interface InboundGuardLimits {
  readonly maxMessageChars: number;
  readonly maxHeaderChars: number;
  readonly maxHeaderCount: number;
  readonly maxExpiresSeconds: number;
}

export const defaultGuardLimits: InboundGuardLimits = {
  maxMessageChars: 64 * 1024,
  // RFC 4475's longreq carries a 23,000-character From: valid, and must pass.
  maxHeaderChars: 32 * 1024,
  maxHeaderCount: 200,
  maxExpiresSeconds: 86_400,
};

export type GuardVerdict =
  /** Hand `text` (possibly trimmed or with clamped values) to SIP.js. */
  | { readonly kind: 'pass'; readonly text: string; readonly notes: readonly string[] }
  /** Send `response` back and do not parse the message further. */
  | { readonly kind: 'reply'; readonly statusCode: number; readonly response: string; readonly reason: string }
  | { readonly kind: 'drop'; readonly reason: string };

/**
 * The methods this seat takes: SIP.js 0.21's AllowedMethods without REGISTER
 * (a seat is no registrar; SIP.js would answer it, or drop it when a URI in it
 * is not sip:).
 */
export const allowedMethods = ['ACK', 'BYE', 'CANCEL', 'INFO', 'INVITE', 'MESSAGE', 'NOTIFY', 'OPTIONS', 'PRACK', 'REFER', 'SUBSCRIBE'] as const;
/** Option tags this seat can honour in a Require header. */
const supportedOptionTags = new Set(['replaces', '100rel', 'timer', 'path', 'gruu', 'outbound', 'norefersub', 'tdialog']);
const singleValued = ['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length', 'content-type'];
const compactNames: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
  e: 'content-encoding',
  r: 'refer-to',
  o: 'event',
  u: 'allow-events',
  b: 'referred-by',
  x: 'session-expires',
};

const token = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const maxCSeq = 2 ** 31 - 1;

interface HeaderLine {
  /** Lower-case, compact forms expanded. */
  readonly name: string;
  /** The line(s) as received (folded lines joined with CRLF). */
  readonly raw: string;
  /** Value with folding replaced by one space, trimmed. */
  readonly value: string;
}

export function guardInbound(text: string, limits: InboundGuardLimits = defaultGuardLimits): GuardVerdict {
  const headEnd = text.indexOf('\r\n\r\n');
  const firstLineEnd = text.indexOf('\r\n');
  const firstLine = firstLineEnd < 0 ? text.slice(0, 200) : text.slice(0, firstLineEnd);
  const isResponse = firstLine.startsWith('SIP/');
  // Splitting lines is linear (only SIP.js's grammar is slow), so even an
  // oversized message can be answered from its own headers.
  const lines = headEnd < 0 ? null : readHeaders(text.slice(firstLineEnd + 2, headEnd));
  const fail = (statusCode: number, reason: string, extra: readonly string[] = []): GuardVerdict =>
    isResponse || lines === null ? { kind: 'drop', reason } : reply(firstLine, lines, statusCode, reason, extra, limits.maxHeaderChars);

  if (text.length > limits.maxMessageChars) return fail(513, `message of ${text.length} characters is over the ${limits.maxMessageChars} limit`);
  if (headEnd < 0 || lines === null) return { kind: 'drop', reason: 'no end of headers (CRLF CRLF)' };
  if (lines.length > limits.maxHeaderCount) return fail(400, `${lines.length} header lines, over the ${limits.maxHeaderCount} limit`);
  const long = lines.find((h) => h.raw.length > limits.maxHeaderChars);
  if (long) return fail(400, `header ${long.name} of ${long.raw.length} characters is over the ${limits.maxHeaderChars} limit`);
  if (lines.some((h) => h.name === '')) return fail(400, 'a header line without a name');

  const body = text.slice(headEnd + 4);
  const all = (name: string) => lines.filter((h) => h.name === name);
  const one = (name: string) => all(name)[0]?.value;
  if (all('via').length === 0) return { kind: 'drop', reason: 'no Via header' };

  let method: string;
  if (isResponse) {
    const status = /^SIP\/2\.0 ([1-6]\d\d)(?: .*)?$/.exec(firstLine);
    if (!status) return { kind: 'drop', reason: `bad status line "${clip(firstLine)}"` };
    const cseq = parseCSeq(one('cseq'));
    if (!cseq) return { kind: 'drop', reason: `response with a bad CSeq "${clip(one('cseq') ?? '')}"` };
    method = cseq.method;
  } else {
    const request = /^(\S+) (\S+) (SIP\/\d+\.\d+)$/.exec(firstLine);
    if (!request) return fail(400, `bad request line "${clip(firstLine)}"`);
    const [, m, uri, version] = request as unknown as [string, string, string, string];
    if (!token.test(m)) return fail(400, `bad method "${clip(m)}"`);
    if (version !== 'SIP/2.0') return fail(505, `SIP version ${version}`);
    if (uri.startsWith('<')) return fail(400, 'Request-URI in <>');
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
    if (scheme === undefined) return fail(400, `Request-URI without a scheme "${clip(uri)}"`);
    if (scheme !== 'sip' && scheme !== 'sips') return fail(416, `Request-URI scheme ${scheme}:`);
    // `?` may appear in a user part; after the host it starts URI headers (RFC 4475 escruri).
    if (uri.slice(uri.lastIndexOf('@') + 1).includes('?')) return fail(400, 'headers in the Request-URI');
    method = m;
  }

  for (const name of ['from', 'to', 'call-id', 'cseq']) {
    if (all(name).length === 0) return fail(400, `missing ${name} header`);
  }
  for (const name of singleValued) {
    if (all(name).length > 1) return fail(400, `${all(name).length} ${name} headers`);
  }
  if (!isResponse) {
    const cseq = parseCSeq(one('cseq'));
    if (!cseq) return fail(400, `bad CSeq "${clip(one('cseq') ?? '')}"`);
    if (cseq.method !== method) return fail(400, `CSeq method ${cseq.method} does not match ${method}`);
    const maxForwards = one('max-forwards');
    if (maxForwards !== undefined && !(/^\d{1,10}$/.test(maxForwards) && Number(maxForwards) <= 255)) {
      return fail(400, `bad Max-Forwards "${clip(maxForwards)}"`);
    }
    const expires = one('expires');
    if (expires !== undefined && !(/^\d{1,10}$/.test(expires) && Number(expires) <= 2 ** 32 - 1)) {
      return fail(400, `bad Expires "${clip(expires)}"`);
    }
  }
  for (const name of ['from', 'to']) {
    const problem = nameAddrProblem(one(name) ?? '');
    if (problem) return fail(400, `${name}: ${problem}`);
  }
  for (const via of all('via')) {
    if (!validVia(via.value)) return fail(400, `bad Via "${clip(via.value)}"`);
  }
  for (const contact of all('contact')) {
    if (/;\s*;|;\s*$/.test(contact.value) || !quotesBalanced(contact.value)) return fail(400, `bad Contact "${clip(contact.value)}"`);
    // RFC 3261 §20: a URI with `,` `?` or `;` must be in <> (RFC 4475 regbadct).
    if (!contact.value.includes('<') && contact.value.trim() !== '*' && /[?,]/.test(contact.value.split(';')[0]!)) {
      return fail(400, `Contact URI with headers outside <> "${clip(contact.value)}"`);
    }
  }

  let passText = text;
  const notes: string[] = [];
  // Unquoted non-token display names (王先生 <sip:…>) are quoted: SIP.js cannot parse them and would
  // drop the request unanswered, so the caller's call would silently fail.
  for (const h of [...all('from'), ...all('to')]) {
    const quoted = quotedDisplayName(h);
    if (quoted === null) continue;
    const at = passText.indexOf(h.raw);
    if (at < 0 || at > headEnd) continue;
    passText = passText.slice(0, at) + quoted + passText.slice(at + h.raw.length);
    notes.push(`quoted the unquoted display name in ${h.name}`);
  }
  const passHeadEnd = passText.indexOf('\r\n\r\n');
  const contentLength = one('content-length');
  if (contentLength !== undefined) {
    if (!/^\d{1,10}$/.test(contentLength)) return fail(400, `bad Content-Length "${clip(contentLength)}"`);
    const declared = Number(contentLength);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes < declared) return fail(400, `body of ${bytes} bytes, Content-Length says ${declared}`);
    if (bytes > declared) {
      // RFC 3261 §18.3: octets past Content-Length are discarded.
      passText = passText.slice(0, passHeadEnd + 4) + Buffer.from(body, 'utf8').subarray(0, declared).toString('utf8');
      notes.push(`discarded ${bytes - declared} bytes past Content-Length`);
    }
  }

  if (isResponse) {
    if (method === 'REGISTER') {
      const clamped = clampExpires(passText, passHeadEnd, limits.maxExpiresSeconds);
      if (clamped.changed) {
        passText = clamped.text;
        notes.push(`clamped a registrar expiry to ${limits.maxExpiresSeconds} s`);
      }
    }
    return { kind: 'pass', text: passText, notes };
  }

  // What a user agent answers (RFC 3261 §8.2) and SIP.js does not.
  if (!(allowedMethods as readonly string[]).includes(method)) {
    return fail(405, `method ${clip(method)} not supported`, [`Allow: ${allowedMethods.join(', ')}`]);
  }
  if (method !== 'ACK' && method !== 'CANCEL') {
    const required = all('require').flatMap((h) => h.value.split(',')).map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
    const unknown = required.filter((t) => !supportedOptionTags.has(t));
    if (unknown.length > 0) return fail(420, `Require ${unknown.join(', ')}`, [`Unsupported: ${unknown.join(', ')}`]);
  }
  if (method === 'INVITE') {
    const type = (one('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (body.length > 0 && type !== '' && type !== 'application/sdp' && !type.startsWith('multipart/')) {
      return fail(415, `INVITE body of type ${clip(type)}`, ['Accept: application/sdp']);
    }
    const accept = all('accept').flatMap((h) => h.value.split(',')).map((t) => t.split(';')[0]!.trim().toLowerCase());
    if (accept.length > 0 && !accept.some((t) => t === 'application/sdp' || t === 'application/*' || t === '*/*')) {
      return fail(406, `INVITE accepts no SDP (${clip(accept.join(', '))})`);
    }
  }
  return { kind: 'pass', text: passText, notes };
}

function readHeaders(head: string): HeaderLine[] {
  const out: HeaderLine[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const raw = current.join('\r\n');
    const colon = raw.indexOf(':');
    const rawName = (colon < 0 ? '' : raw.slice(0, colon)).trim().toLowerCase();
    const name = compactNames[rawName] ?? rawName;
    const value = (colon < 0 ? '' : raw.slice(colon + 1)).replace(/\r\n[ \t]+/g, ' ').trim();
    out.push({ name: token.test(name) ? name : '', raw, value });
    current = [];
  };
  for (const line of head.split('\r\n')) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && current.length > 0) current.push(line);
    else {
      flush();
      current.push(line);
    }
  }
  flush();
  return out;
}

function parseCSeq(value: string | undefined): { number: number; method: string } | null {
  const match = /^(\d{1,10})\s+(\S+)$/.exec(value ?? '');
  if (!match) return null;
  const number = Number(match[1]);
  if (number > maxCSeq || !token.test(match[2]!)) return null;
  return { number, method: match[2]! };
}

function quotesBalanced(value: string): boolean {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
  }
  return !quoted;
}

/** The header line with its unquoted, non-token display name quoted; null when nothing needs quoting. */
function quotedDisplayName(h: HeaderLine): string | null {
  const open = h.value.indexOf('<');
  if (open <= 0 || h.value.startsWith('"')) return null;
  const display = h.value.slice(0, open).trim();
  if (display === '' || display.split(/[ \t]+/).every((t) => token.test(t))) return null;
  return `${h.raw.slice(0, h.raw.indexOf(':'))}: "${display.replace(/[\\"]/g, (c) => `\\${c}`)}" ${h.value.slice(open)}`;
}

/** What is wrong with a From/To value, or null. */
function nameAddrProblem(value: string): string | null {
  if (!quotesBalanced(value)) return 'unterminated quoted string';
  let quoted = false;
  let open = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') {
      open = i;
      break;
    }
  }
  if (open < 0) {
    // addr-spec form: no display name, no spaces inside the URI.
    const uri = value.split(';')[0]!.trim();
    return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri) ? null : 'not a name-addr or addr-spec';
  }
  const close = value.indexOf('>', open);
  if (close < 0) return 'unclosed <';
  const inside = value.slice(open + 1, close);
  if (inside !== inside.trim() || inside === '') return 'spaces inside <addr-spec>';
  const display = value.slice(0, open).trim();
  if (display.startsWith('"')) return display.endsWith('"') ? null : 'text after the quoted display name';
  // RFC 3261 wants tokens here; gateways send unquoted UTF-8 names (王先生) that SIP.js reads
  // fine, so only what breaks the header's structure is refused (RFC 4475 baddn: a comma).
  if (display !== '' && /[,;:"<>\\@\u0000-\u001f]/.test(display)) return 'display name with characters that need quotes';
  return null;
}

function validVia(value: string): boolean {
  if (!quotesBalanced(value)) return false;
  // One or more via-parms separated by commas (commas inside quotes are rare enough to refuse).
  return value.split(',').every((part) => {
    const m = /^SIP\s*\/\s*2\.0\s*\/\s*[A-Za-z0-9.!%*_+`'~-]+\s+[^\s;]+(?:\s*:\s*\d+)?((?:\s*;\s*[^;\s=]+(?:\s*=\s*[^;\s]*)?)*)\s*$/i.exec(
      part.trim(),
    );
    return m !== null;
  });
}

/** Clamps `expires=N` Contact parameters and the Expires header of a REGISTER response. */
function clampExpires(text: string, headEnd: number, max: number): { text: string; changed: boolean } {
  let changed = false;
  const head = text.slice(0, headEnd);
  const fix = (digits: string) => {
    if (digits.length < 10 && Number(digits) <= max) return digits;
    changed = true;
    return String(max);
  };
  const next = head
    .split('\r\n')
    .map((line) => {
      if (/^(contact|m)\s*:/i.test(line) || (/^[ \t]/.test(line) && /expires/i.test(line))) {
        return line.replace(/(;\s*expires\s*=\s*)(\d+)/gi, (_all, pre: string, digits: string) => pre + fix(digits));
      }
      return line.replace(/^(expires\s*:\s*)(\d+)\s*$/i, (_all, pre: string, digits: string) => pre + fix(digits));
    })
    .join('\r\n');
  return { text: next + text.slice(headEnd), changed };
}

const reasons: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  505: 'Version Not Supported',
  513: 'Message Too Large',
};

/** A stateless answer (RFC 3261 §8.2.6) from the request's own lines. */
function reply(
  firstLine: string,
  lines: readonly HeaderLine[],
  statusCode: number,
  reason: string,
  extra: readonly string[],
  maxHeaderChars: number,
): GuardVerdict {
  const method = firstLine.split(' ')[0] ?? '';
  if (method === 'ACK') return { kind: 'drop', reason: `${reason} (an ACK is never answered)` };
  const pick = (name: string) => lines.filter((h) => h.name === name);
  const vias = pick('via');
  if (vias.length === 0) return { kind: 'drop', reason: `${reason} (cannot answer: no Via)` };
  // Echo what the request has (RFC 4475 insuf lacks From, To and Call-ID and still gets its 400).
  // An oversized From/To (a 1 MiB display name) is echoed without its display name.
  const shorten = (h: HeaderLine | undefined): HeaderLine | undefined => {
    if (h === undefined || h.value.length <= maxHeaderChars || (h.name !== 'from' && h.name !== 'to')) return h;
    return { ...h, value: h.value.slice(h.value.lastIndexOf('<')) };
  };
  const echo = (['from', 'to', 'call-id', 'cseq'] as const).map((name) => shorten(pick(name)[0]));
  if ([...vias, ...echo].some((h) => h !== undefined && h.value.length > maxHeaderChars)) {
    return { kind: 'drop', reason: `${reason} (not echoing an oversized header back)` };
  }
  const [from, to, callId, cseq] = echo;
  const toValue = to === undefined || /;\s*tag\s*=/i.test(to.value) ? to?.value : `${to.value};tag=${Math.random().toString(36).slice(2, 12)}`;
  const out = [
    `SIP/2.0 ${statusCode} ${reasons[statusCode] ?? 'Error'}`,
    ...vias.map((v) => `Via: ${v.value}`),
    ...(from ? [`From: ${from.value}`] : []),
    ...(toValue !== undefined ? [`To: ${toValue}`] : []),
    ...(callId ? [`Call-ID: ${callId.value}`] : []),
    ...(cseq ? [`CSeq: ${cseq.value}`] : []),
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return { kind: 'reply', statusCode, response: out, reason };
}

function clip(value: string): string {
  const flat = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

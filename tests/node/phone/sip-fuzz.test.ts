/**
 * Property test: mutated SIP messages — the torture set, a valid INVITE,
 * OPTIONS, responses — sent into a registered seat's SIP transport. Whatever
 * the mutation, nothing throws (vitest fails the run on an uncaught error or
 * an unhandled rejection), the seat stays registered on the same
 * connection, and it still answers an OPTIONS afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeat, type SeatHarness } from '../../integration/phone-harness.js';
import { header, invite, startFakeSipProxy, statusOf, type FakeSipProxy } from './support/fake-sip-proxy.js';
import { tortureMessages } from './support/torture-messages.js';

let proxy: FakeSipProxy;
let seat: SeatHarness;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  proxy = await startFakeSipProxy();
  // Calls that get through ring and are rejected at once: the seat is Not ready.
  seat = await startSeat({ servers: [proxy.url], user: '1001', password: 'pw1001' });
  await seat.waitForStatus((s) => s.registration.state === 'registered');
});
afterAll(async () => {
  await seat?.close();
  await proxy?.close();
  process.off('unhandledRejection', onRejection);
});

const options = (n: number) =>
  [
    'OPTIONS sip:1001@sip.test SIP/2.0',
    `Via: SIP/2.0/WS proxy.invalid;branch=z9hG4bKopt${n}`,
    'Max-Forwards: 70',
    'To: <sip:1001@sip.test>',
    'From: <sip:probe@proxy.invalid>;tag=p1',
    `Call-ID: options-${n}@proxy.invalid`,
    `CSeq: ${n} OPTIONS`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

const response = [
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/WS seat.invalid;branch=z9hG4bKresp',
  'To: <sip:1001@sip.test>;tag=a',
  'From: <sip:1001@sip.test>;tag=b',
  'Call-ID: resp@x',
  'CSeq: 7 INVITE',
  'Contact: <sip:x@192.0.2.1>;expires=4294967295',
  'Retry-After: 99999999999999999999',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

const seeds = [...tortureMessages.map((m) => m.text), invite('fuzz-seed@gw.test'), options(1), response];

const hostile = fc.constantFrom(
  '\u0000',
  '\r\n',
  '\r\n\r\n',
  '"',
  '<',
  '>',
  ';',
  ',',
  ':',
  '%00',
  '%',
  ' ',
  '\t',
  '\ufffd',
  '\u202e',
  '\u200b',
  'tel:+861012345678',
  'abc',
  '-1',
  '4294967295',
  '99999999999999999999',
  'SIP/7.0',
  'sips:',
  'INVITE',
  'X'.repeat(70_000),
);

/** One mutation of a message. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(hostile, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 8 })) }),
  fc.record({ kind: fc.constant('replace-line' as const), line: fc.nat(), text: fc.oneof(hostile, fc.string({ maxLength: 60 })) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), value: fc.constantFrom('-1', '0', '4294967296', '2147483648', '99999999999999999999', 'NaN', '1e9', '') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\r\n');
  switch (m.kind) {
    case 'delete': {
      const at = m.at % Math.max(1, text.length);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'replace-line': {
      const i = m.line % lines.length;
      const colon = lines[i]!.indexOf(':');
      lines[i] = colon > 0 && m.line % 2 === 0 ? `${lines[i]!.slice(0, colon + 1)} ${m.text}` : m.text;
      return lines.join('\r\n');
    }
    case 'duplicate-line': {
      const i = m.line % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\r\n');
    }
    case 'drop-line': {
      lines.splice(m.line % lines.length, 1);
      return lines.join('\r\n');
    }
    case 'number': {
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return text;
      const hit = numbers[m.which % numbers.length]!;
      return text.slice(0, hit.index) + m.value + text.slice(hit.index! + hit[0].length);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

describe('mutated SIP messages into a registered seat', () => {
  it('never end the process, and the seat stays registered and answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seed, mutations) => {
        const text = mutations.reduce(mutate, seed);
        proxy.send(text);
        // Let the seat handle it (and any timers it arms) before the next one.
        await new Promise((resolve) => setImmediate(resolve));
      }),
      { numRuns: 500 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rejections).toEqual([]);
    expect(seat.registration().state).toBe('registered');
    expect(proxy.connections()).toBe(1);
    const from = proxy.received.length;
    proxy.send(options(99));
    const answer = await proxy.waitFor((t) => header(t, 'call-id') === 'options-99@proxy.invalid' && statusOf(t) !== null, { from });
    expect(statusOf(answer)).toBe(200);
  });
});

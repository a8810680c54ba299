/**
 * The display name the seat sends in From is a valid quoted-string whatever
 * text it is given: a quote, a backslash or a line break cannot end the
 * string or forge a header. Checked on the REGISTER the real SIP.js stack
 * sends over a real WebSocket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quotedStringContent } from '../../../main/core/phone/sip-display-name.js';
import type { SipStack } from '../../../main/core/phone/sip-stack.js';
import { createSipJsStack } from '../../../main/core/phone/sipjs/sipjs-stack.js';
import { startFakeSipProxy, type FakeSipProxy } from './support/fake-sip-proxy.js';

let proxy: FakeSipProxy | undefined;
let stack: SipStack | undefined;
afterEach(async () => {
  await stack?.close();
  await proxy?.close();
  stack = undefined;
  proxy = undefined;
});

describe('SIP display name', () => {
  it('escapes quotes and backslashes and drops line breaks', () => {
    expect(quotedStringContent('王 "小" 二\\')).toBe('王 \\"小\\" 二\\\\');
    expect(quotedStringContent('Eve\r\nX-Injected: 1')).toBe('Eve X-Injected: 1');
    expect(quotedStringContent('a\u0000b')).toBe('a b');
  });

  it('goes into the From header of a real REGISTER as one valid quoted-string', async () => {
    proxy = await startFakeSipProxy();
    stack = createSipJsStack(
      { servers: [proxy.url], aor: 'sip:1001@sip.test', authUser: '', password: 'pw', expiresSeconds: 600, displayName: 'Eve" <sip:boss@x>\r\nX-Injected: 1\\' },
      { connected: () => undefined, disconnected: () => undefined, refreshed: () => undefined, incomingCall: () => undefined },
      { media: { request: () => Promise.reject(new Error('no media')), available: () => false }, mediaOptions: () => ({ iceServers: [] }) as never },
    );
    await stack.connect();
    const outcome = await stack.register();
    expect(outcome.ok).toBe(true);
    const register = proxy.received.find((m) => m.text.startsWith('REGISTER '))!.text;
    const head = register.split('\r\n\r\n')[0]!.split('\r\n');
    expect(head.filter((l) => /^x-injected/i.test(l))).toEqual([]);
    const from = head.find((l) => l.startsWith('From: '))!;
    expect(from).toMatch(/^From: "Eve\\" <sip:boss@x> X-Injected: 1\\\\" <sip:1001@sip\.test>;tag=/);
  });
});

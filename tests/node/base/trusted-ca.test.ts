/**
 * The centre CA helpers against real certificates made with openssl
 * (tests/rig/test-ca.ts) and a real TLS server on 127.0.0.1.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileInputSchema, defaultProfile } from '../../../main/contract/index.js';
import { checkTrustedCa, describeCertificateError, tlsCaOption } from '../../../main/core/base/trusted-ca.js';
import { makeTestCa, type TestCa } from '../../rig/test-ca.js';

let ca: TestCa;
let other: TestCa;
beforeAll(() => {
  ca = makeTestCa('Hotseat Test Centre CA');
  other = makeTestCa('Other CA');
});
afterAll(() => {
  ca?.remove();
  other?.remove();
});

const get = (port: number, caPem: string) =>
  new Promise<number>((resolve, reject) => {
    const ca = tlsCaOption(caPem);
    const req = request({ host: '127.0.0.1', port, path: '/', ...(ca ? { ca } : {}) }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

describe('trusted CA', () => {
  it('the contract accepts one or more PEM certificates and refuses anything else', () => {
    const parse = (trustedCaPem: string) => profileInputSchema.safeParse({ ...defaultProfile, agentNumber: '1', sipServers: ['ws://x'], sipUri: 'sip:1@x', trustedCaPem });
    expect(parse('').success).toBe(true);
    expect(parse(ca.caPem).success).toBe(true);
    expect(parse(`${ca.caPem}\n\n${other.caPem}`).success).toBe(true);
    const bad = parse(`${ca.caPem}\nhello`);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['trustedCaPem'], message: 'trustedCaPem.format' });
    expect(parse(ca.serverKeyPem).success).toBe(false);
  });

  it('parses each certificate and names the problem of the one that is not a usable CA', () => {
    expect(checkTrustedCa('')).toEqual([]);
    expect(checkTrustedCa(`${ca.caPem}${other.caPem}`)).toEqual([]);
    const problems = checkTrustedCa(`${ca.caPem}${ca.serverCertPem}`);
    expect(problems).toEqual([expect.objectContaining({ index: 2, code: 'trustedCaPem.notCa' })]);
    expect(problems[0]!.message).toContain('CN=127.0.0.1');
    const later = checkTrustedCa(ca.caPem, new Date(Date.now() + 10 * 86_400_000));
    expect(later).toEqual([expect.objectContaining({ index: 1, code: 'trustedCaPem.expired' })]);
  });

  it('a real HTTPS server signed by the CA: refused without it (with a sentence naming the problem), accepted with it, and other roots stay trusted', async () => {
    const server = createServer({ cert: ca.serverCertPem, key: ca.serverKeyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const error = await get(port, '').catch((e: unknown) => e);
      expect(describeCertificateError(error)).toMatch(/^certificate problem: its certificate is signed by a CA this seat does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); add the centre's CA under Settings → Trusted CA$/);
      const wrong = await get(port, other.caPem).catch((e: unknown) => e);
      expect(describeCertificateError(wrong)).toMatch(/certificate problem/);
      expect(await get(port, ca.caPem)).toBe(200);
      expect(tlsCaOption(ca.caPem)!.length).toBeGreaterThan(100); // the system roots are kept
      expect(describeCertificateError(new Error('ECONNREFUSED'))).toBeNull();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

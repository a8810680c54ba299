/**
 * Provisioning from a real HTTPS server whose certificate a private CA made
 * by the test signed (as a centre's own CA would): a good document is
 * applied, a bad or older one is not, a server that is down leaves the seat
 * as it was — and each outcome says why.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileInputSchema, type ProvisioningDocument } from '../../../main/contract/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { createKeyFileSecretBox } from '../../../main/core/profile/key-file-secret-box.js';
import { createProfileService } from '../../../main/core/profile/profile-service.js';
import { createProvisioningService } from '../../../main/core/provisioning/provisioning-service.js';
import { makeTestCa, type TestCa } from '../../rig/test-ca.js';
import { tempDir } from '../support/temp-dir.js';
import { validProfile } from '../support/valid-profile.js';

let ca: TestCa;
let server: Server;
let port = 0;
/** What the server answers next: a document, or an HTTP status. */
let serve: { status: number; body: string } = { status: 404, body: '' };

beforeAll(async () => {
  ca = makeTestCa();
  server = createServer({ cert: ca.serverCertPem, key: ca.serverKeyPem }, (_req, res) => {
    res.writeHead(serve.status, { 'content-type': 'application/json' });
    res.end(serve.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  ca.remove();
});

const centreDoc = (revision: number, seat: Record<string, unknown> = { sipUri: 'sip:1107@sip.test' }): ProvisioningDocument => ({
  hotseat: 'provisioning/1',
  revision,
  profile: { sipServers: ['wss://sip.centre.test/ws'], wrapUpSeconds: 45 },
  seats: { '07': seat },
});

function seat(options: { source?: string; caPem?: string | null; seatCode?: string } = {}) {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'seat.sqlite'));
  const profile = createProfileService({ db, secrets: createKeyFileSecretBox(dir) });
  profile.save(profileInputSchema.parse({ ...validProfile, password: 'kept-pw' }));
  const statuses: string[] = [];
  let saved = 0;
  const service = createProvisioningService({
    db,
    profile,
    source: options.source ?? `https://127.0.0.1:${port}/seats.json`,
    seatCode: options.seatCode ?? '07',
    hostname: 'hl-test',
    caPem: () => (options.caPem === undefined ? ca.caPem : options.caPem),
    onChange: (s) => statuses.push(s.outcome ?? 'none'),
    onProfileSaved: () => saved++,
  });
  return { dir, db, profile, service, statuses, saved: () => saved };
}

describe('remote provisioning', () => {
  it('applies a valid, newer document over https with the centre CA, keeping the stored password', async () => {
    serve = { status: 200, body: JSON.stringify(centreDoc(5)) };
    const s = seat();
    const status = await s.service.check();
    expect(status).toMatchObject({ outcome: 'applied', appliedRevision: 5, message: null, seatCode: '07' });
    expect(s.profile.current()).toMatchObject({ sipUri: 'sip:1107@sip.test', sipServers: ['wss://sip.centre.test/ws'], wrapUpSeconds: 45 });
    expect(s.profile.sipPassword()).toBe('kept-pw');
    expect(s.saved()).toBe(1);

    // Same revision at the next start: nothing changes.
    const again = await s.service.check();
    expect(again.outcome).toBe('unchanged');
    expect(s.saved()).toBe(1);

    // An older one is not applied either.
    serve = { status: 200, body: JSON.stringify(centreDoc(4, { sipUri: 'sip:9999@sip.test' })) };
    expect((await s.service.check()).outcome).toBe('unchanged');
    expect(s.profile.current().sipUri).toBe('sip:1107@sip.test');
  });

  it('keeps the current profile when the document has a bad value, and names the field', async () => {
    serve = { status: 200, body: JSON.stringify(centreDoc(6, { sipUri: 'not a uri' })) };
    const s = seat();
    const status = await s.service.check();
    expect(status.outcome).toBe('rejected');
    expect(status.message).toMatch(/revision 6 rejected: sipUri: /);
    expect(s.profile.current().sipUri).toBe(validProfile.sipUri);
    expect(s.saved()).toBe(0);
  });

  it('keeps the current profile when the file is not a provisioning document', async () => {
    serve = { status: 200, body: '<html>login</html>' };
    const s = seat();
    const status = await s.service.check();
    expect(status).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/not a valid provisioning document: not JSON/) });
  });

  it('keeps the current profile when the server is down or answers an error', async () => {
    const down = seat({ source: 'https://127.0.0.1:9/seats.json' });
    const status = await down.service.check();
    expect(status).toMatchObject({ outcome: 'unreachable', message: expect.stringMatching(/refused the connection; keeping the current profile/) });
    expect(down.profile.current().sipUri).toBe(validProfile.sipUri);

    serve = { status: 503, body: '' };
    const busy = seat();
    expect((await busy.service.check()).message).toMatch(/answered HTTP 503/);
  });

  it('says the certificate is not trusted when the centre CA is not set', async () => {
    serve = { status: 200, body: JSON.stringify(centreDoc(7)) };
    const s = seat({ caPem: null });
    const status = await s.service.check();
    expect(status.outcome).toBe('unreachable');
    expect(status.message).toMatch(/the certificate of 127\.0\.0\.1:\d+ is not trusted \([A-Z_]+\): add the centre's CA in the settings/);
    expect(s.profile.current().sipUri).toBe(validProfile.sipUri);
  });

  it('reads a file, and applies again when the seat code changes', async () => {
    const dir = tempDir();
    const file = join(dir, 'seats.json');
    writeFileSync(file, JSON.stringify({ ...centreDoc(2), seats: { '07': { sipUri: 'sip:1107@sip.test' }, '08': { sipUri: 'sip:1108@sip.test' } } }));
    const s = seat({ source: file });
    expect((await s.service.check()).outcome).toBe('applied');
    expect(s.profile.current().sipUri).toBe('sip:1107@sip.test');
    const status = await s.service.setSeatCode('08');
    expect(status).toMatchObject({ outcome: 'applied', seatCode: '08' });
    expect(s.profile.current().sipUri).toBe('sip:1108@sip.test');
  });

  it('exports one seat’s settings without devices or password, and imports them elsewhere', () => {
    const from = seat();
    from.profile.save(profileInputSchema.parse({ ...validProfile, microphoneId: 'mic-1', wrapUpSeconds: 77 }));
    const { document, fileName } = from.service.exportProfile();
    expect(fileName).toMatch(/^hotseat-settings-\d{8}\.json$/);
    expect(document.profile).not.toHaveProperty('microphoneId');
    expect(JSON.stringify(document)).not.toContain('kept-pw');

    const to = seat({ source: '' });
    to.service.importProfile(JSON.parse(JSON.stringify(document)));
    expect(to.profile.current()).toMatchObject({ wrapUpSeconds: 77, microphoneId: '' });
    expect(to.saved()).toBe(1);
    expect(() => to.service.importProfile({ hotseat: 'provisioning/1', revision: 0, profile: { wrapUpSeconds: 9999 } })).toThrow(
      /does not validate: wrapUpSeconds/,
    );
  });
});

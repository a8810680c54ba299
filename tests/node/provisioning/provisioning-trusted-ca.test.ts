/**
 * A provisioning document carrying the centre's CA (issue 12 item 5): a good
 * CA is applied with the rest; a certificate the core refuses (a server
 * certificate instead of the CA) rejects the revision with the reason and
 * keeps the profile — it never throws out of the start-up check.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { profileInputSchema, type ProvisioningDocument } from '../../../main/contract/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { createKeyFileSecretBox } from '../../../main/core/profile/key-file-secret-box.js';
import { createProfileService } from '../../../main/core/profile/profile-service.js';
import { createProvisioningService } from '../../../main/core/provisioning/provisioning-service.js';
import { makeTestCa } from '../../rig/test-ca.js';
import { tempDir } from '../support/temp-dir.js';
import { validProfile } from '../support/valid-profile.js';

const doc = (revision: number, trustedCaPem: string): ProvisioningDocument => ({
  hotseat: 'provisioning/1',
  revision,
  profile: { sipServers: ['wss://sip.centre.test/ws'], trustedCaPem },
  seats: { '07': { sipUri: 'sip:1107@sip.test' } },
});

describe('provisioning the centre CA', () => {
  it('applies a good CA; a server certificate as the CA rejects the revision and keeps the profile', async () => {
    const ca = makeTestCa();
    onTestFinished(() => ca.remove());
    const dir = tempDir();
    const file = join(dir, 'seats.json');
    const db = openDatabase(join(dir, 'seat.sqlite'));
    const profile = createProfileService({ db, secrets: createKeyFileSecretBox(dir) });
    profile.save(profileInputSchema.parse({ ...validProfile, password: 'kept-pw' }));
    const service = createProvisioningService({ db, profile, source: file, seatCode: '07', hostname: 'hl-test' });

    writeFileSync(file, JSON.stringify(doc(1, ca.caPem)));
    await expect(service.check()).resolves.toMatchObject({ outcome: 'applied', appliedRevision: 1 });
    expect(profile.current().trustedCaPem.trim()).toBe(ca.caPem.trim());

    writeFileSync(file, JSON.stringify(doc(2, ca.serverCertPem)));
    const status = await service.check();
    expect(status.outcome).toBe('rejected');
    expect(status.message).toMatch(/revision 2 rejected: Certificate 1 \(CN=127\.0\.0\.1\) is not a CA certificate/);
    expect(profile.current().trustedCaPem.trim()).toBe(ca.caPem.trim());
  });
});

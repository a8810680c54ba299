import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile, profileInputSchema } from '../../../main/contract/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { createKeyFileSecretBox } from '../../../main/core/profile/key-file-secret-box.js';
import { createProfileService } from '../../../main/core/profile/profile-service.js';
import { tempDir } from '../support/temp-dir.js';
import { validProfile } from '../support/valid-profile.js';

function setup() {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'seat.sqlite'));
  const service = createProfileService({ db, secrets: createKeyFileSecretBox(dir), now: () => new Date('2026-11-23T08:00:00Z') });
  return { dir, db, service };
}

const parse = (patch: Record<string, unknown> = {}) => profileInputSchema.parse({ ...validProfile, ...patch });

describe('profile service', () => {
  it('shows defaults on a fresh seat', () => {
    const { service } = setup();
    expect(service.view()).toEqual({ ...defaultProfile, hasPassword: false, passwordProtection: 'key-file', updatedAt: null });
    expect(service.sipPassword()).toBeNull();
  });

  it('saves, reads back, and tells listeners', () => {
    const { service } = setup();
    const seen: string[] = [];
    service.onChange((p) => seen.push(p.sipUri));
    const view = service.save(parse({ password: 'pw-1007' }));
    expect(view).toMatchObject({ agentNumber: '1007', sipServers: validProfile.sipServers, hasPassword: true, updatedAt: '2026-11-23T08:00:00.000Z' });
    expect(service.current().contextHeaders).toEqual(['X-Call-Uid', 'X-Queue']);
    expect(service.sipPassword()).toBe('pw-1007');
    expect(seen).toEqual(['sip:1007@sip.test']);
  });

  it('never stores the password in clear, and never returns it in the view', () => {
    const { dir, db, service } = setup();
    const view = service.save(parse({ password: 'very-secret-password-42' }));
    expect(JSON.stringify(view)).not.toContain('very-secret');
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'seat.sqlite')).includes('very-secret-password-42')).toBe(false);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('keeps the stored password when none is typed, and forgets it on request', () => {
    const { service } = setup();
    service.save(parse({ password: 'pw-1' }));
    service.save(parse({ agentNumber: '1008' }));
    expect(service.sipPassword()).toBe('pw-1');
    service.save(parse({ clearPassword: true }));
    expect(service.sipPassword()).toBeNull();
    expect(service.view().hasPassword).toBe(false);
  });

  it('survives reopening the database', () => {
    const { dir, db, service } = setup();
    service.save(parse({ password: 'pw-2' }));
    db.close();
    const again = createProfileService({ db: openDatabase(join(dir, 'seat.sqlite')), secrets: createKeyFileSecretBox(dir) });
    expect(again.view().agentNumber).toBe('1007');
    expect(again.sipPassword()).toBe('pw-2');
  });
});

describe('key-file secret box', () => {
  it('detects a tampered secret instead of returning garbage', () => {
    const box = createKeyFileSecretBox(tempDir());
    const sealed = box.encrypt('密码');
    expect(box.decrypt(sealed)).toBe('密码');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => box.decrypt(sealed)).toThrow();
  });
});

/**
 * Reads and writes the seat profile. Other services get the profile through
 * `current()`/`onChange()` (injected by the composition root), never by
 * reading the table themselves.
 */
import type { Database } from 'better-sqlite3';
import {
  defaultProfile,
  profileInputSchema,
  validationMessages,
  type ProfileView,
  type SeatProfile,
  type ValidProfileInput,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import { checkTrustedCa } from '../base/trusted-ca.js';
import { readProfile, writeProfile } from './profile-queries.js';
import type { SecretBox } from './secret-box.js';

const log = createLogger('profile');

export interface ProfileService {
  view(): ProfileView;
  save(input: ValidProfileInput): ProfileView;
  /** The profile other services act on (defaults on a fresh seat). */
  current(): SeatProfile;
  /** The SIP password in clear, for the phone service only; null if none stored or unreadable. */
  sipPassword(): string | null;
  /** Returns the unsubscribe function. */
  onChange(listener: (profile: SeatProfile) => void): () => void;
}

export interface ProfileServiceOptions {
  readonly db: Database;
  readonly secrets: SecretBox;
  readonly now?: () => Date;
}

export function createProfileService({ db, secrets, now = () => new Date() }: ProfileServiceOptions): ProfileService {
  const listeners = new Set<(profile: SeatProfile) => void>();

  const load = (): { profile: SeatProfile; sealed: Buffer | null; updatedAt: string | null } => {
    const stored = readProfile(db);
    if (!stored) return { profile: defaultProfile, sealed: null, updatedAt: null };
    const parsed = profileInputSchema.safeParse(stored.profile);
    if (!parsed.success) {
      // A row written by this code always validates; if it does not, the file
      // was edited or damaged. Show what is there so the agent can fix it.
      log.warn('stored profile does not validate; showing it for correction', parsed.error.issues);
      return { profile: { ...defaultProfile, ...(stored.profile as Partial<SeatProfile>) }, sealed: stored.sealedPassword, updatedAt: stored.updatedAt };
    }
    const { password: _p, clearPassword: _c, ...profile } = parsed.data;
    return { profile, sealed: stored.sealedPassword, updatedAt: stored.updatedAt };
  };

  // Read once and after each save: current() is asked many times per call (the ring
  // path included), and each read was a statement prepare, a row and a zod parse.
  // Every write of the row goes through save() below.
  let cached: ReturnType<typeof load> | null = null;
  const loaded = (): ReturnType<typeof load> => (cached ??= load());

  const toView = ({ profile, sealed, updatedAt }: ReturnType<typeof load>): ProfileView => ({
    ...profile,
    hasPassword: sealed !== null,
    passwordProtection: secrets.protection,
    updatedAt,
  });

  return {
    view: () => toView(loaded()),
    current: () => loaded().profile,
    save(input) {
      const { password, clearPassword, ...profile } = input;
      // The contract checked the PEM's shape; here each certificate is parsed.
      const caProblems = checkTrustedCa(profile.trustedCaPem);
      if (caProblems.length > 0) {
        throw new CoreError(
          'invalid',
          caProblems.map((p) => p.message).join(' '),
          caProblems.map((p) => ({ path: 'trustedCaPem', code: p.code, message: p.message })),
        );
      }
      if (!clearPassword && password !== undefined && password !== '' && secrets.protection === 'unavailable') {
        const message = validationMessages['password.noKeychain']!;
        throw new CoreError('invalid', message, [{ path: 'password', code: 'password.noKeychain', message }]);
      }
      const sealed = clearPassword ? null : password !== undefined && password !== '' ? secrets.encrypt(password) : undefined;
      writeProfile(db, profile, sealed, now().toISOString());
      cached = null;
      const saved = loaded();
      for (const listener of [...listeners]) listener(saved.profile);
      return toView(saved);
    },
    sipPassword() {
      const { sealed } = loaded();
      if (!sealed) return null;
      try {
        return secrets.decrypt(sealed);
      } catch (error) {
        log.error('cannot decrypt the stored SIP password; ask the agent to enter it again', error);
        return null;
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The seat's side of manifest.json (signed-manifest.ts), fetched at most once
 * per run and only when something is to be applied (a 304 poll costs nothing
 * more):
 *
 * - with the centre's public key set: the manifest must be signed by it and
 *   not older than the last one accepted (a replay), and every change page
 *   and the snapshot must match the digests it lists — else `untrusted`, and
 *   nothing of it is applied;
 * - with or without a key: it says how many records the publication holds
 *   and whether a shrink was intended (shrink protection, run-kb-sync.ts).
 *
 * A centre without manifest.json (an older publisher, a hand-made feed) is
 * accepted only when no key is set.
 *
 * Publishing is not atomic for a reader: a seat may read the old manifest and
 * a page the publisher just replaced. A digest mismatch therefore fetches the
 * manifest once more; if it changed meanwhile, the run starts over
 * (`PublicationChangedError`), otherwise the page is refused.
 */
import { createHash } from 'node:crypto';
import { decodeBody, readAll } from './decode-body.js';
import { httpGet } from './http-get.js';
import { KbSyncError } from './kb-sync-error.js';
import { manifestFile, readManifest, type ManifestPayload } from './signed-manifest.js';
import { statusError } from './status-error.js';
import type { AcceptedManifest } from './sync-state-queries.js';
import type { SyncTuning } from './sync-tuning.js';

/** The publication changed while this run read it: start the run over. */
export class PublicationChangedError extends KbSyncError {
  constructor(message: string) {
    super('http', message, { retryable: true });
  }
}

export interface PublicationGuard {
  /** The centre's key is set: everything must be signed. */
  readonly keyed: boolean;
  /** The manifest (verified when keyed); null when the centre publishes none (only without a key). */
  manifest(): Promise<ManifestPayload | null>;
  /** Refuses a change page whose bytes the (signed) manifest does not list. No-op without a key. */
  checkPage(cursor: string, sha256: string): Promise<void>;
  /** Refuses a snapshot whose decoded bytes the (signed) manifest does not list. No-op without a key. */
  checkSnapshot(sha256: string): Promise<void>;
  /** The verified manifest to remember once the run succeeded (null without a key, or if none was read). */
  accepted(): AcceptedManifest | null;
}

export interface PublicationGuardOptions {
  readonly sourceUrl: string;
  /** `ed25519:…` from the profile, or null. */
  readonly publicKey: string | null;
  /** The last manifest accepted from this source (replay protection). */
  readonly previous: AcceptedManifest | null;
  readonly tuning: SyncTuning;
  readonly fetch?: (url: string) => Promise<Buffer | null>;
  readonly onRequest?: (url: string) => void;
}

export function manifestUrl(base: string): string {
  return new URL(manifestFile, base.endsWith('/') ? base : `${base}/`).href;
}

export function createPublicationGuard(options: PublicationGuardOptions): PublicationGuard {
  const { sourceUrl, tuning } = options;
  const publicKey = options.publicKey && options.publicKey.trim() !== '' ? options.publicKey.trim() : null;
  const url = manifestUrl(sourceUrl);
  let current: Promise<ManifestPayload | null> | null = null;
  let acceptedOf: AcceptedManifest | null = null;

  const download = async (): Promise<Buffer | null> => {
    options.onRequest?.(url);
    const response = await httpGet(url, { timeoutMs: tuning.timeoutMs, idleTimeoutMs: tuning.idleTimeoutMs });
    if (response.status === 404 || response.status === 410) {
      response.discard();
      return null;
    }
    if (response.status !== 200) {
      response.discard();
      throw statusError(url, response.status, response.retryAfterMs);
    }
    return readAll(decodeBody(response.rawBody(), { what: url, contentEncoding: response.contentEncoding, maxBytes: tuning.maxPageBytes }));
  };

  const load = async (): Promise<ManifestPayload | null> => {
    const body = await (options.fetch ?? (() => download()))(url);
    if (body === null) {
      if (publicKey) throw new KbSyncError('untrusted', `${url}: the centre publishes no signed manifest, but this seat requires the centre’s signature`);
      return null;
    }
    const checked = readManifest(body, publicKey);
    if (!checked.ok) throw new KbSyncError(checked.untrusted ? 'untrusted' : 'malformed', `${url}: ${checked.message}`);
    const manifest = checked.payload;
    const before = options.previous?.sourceUrl === sourceUrl ? options.previous : null;
    if (publicKey && before) {
      const older = Date.parse(manifest.publishedAt) < Date.parse(before.publishedAt) || (manifest.lineage === before.lineage && manifest.version < before.version);
      if (older) {
        throw new KbSyncError(
          'untrusted',
          `${url}: an older publication (version ${manifest.version} of ${manifest.publishedAt}) than the one this seat already has ` +
            `(version ${before.version} of ${before.publishedAt}): a replay? The cache is kept`,
        );
      }
    }
    // Only a signed manifest is remembered: an unsigned one (accepted while no key was set) could
    // carry any date and would otherwise make the centre's real publications look like replays.
    if (publicKey) acceptedOf = { sourceUrl, lineage: manifest.lineage, version: manifest.version, publishedAt: manifest.publishedAt };
    return manifest;
  };

  const manifest = (): Promise<ManifestPayload | null> => {
    if (!current) {
      const loading = load();
      current = loading;
      // A failed fetch is not remembered: the caller's retry fetches again.
      loading.catch(() => {
        if (current === loading) current = null;
      });
    }
    return current;
  };

  /** Called on a digest mismatch: was it the publisher replacing files under us? */
  const recheck = async (what: string): Promise<never> => {
    const used = await manifest();
    const fresh = await load();
    if (fresh && used && (fresh.cursor !== used.cursor || fresh.publishedAt !== used.publishedAt)) {
      current = Promise.resolve(fresh);
      throw new PublicationChangedError(`${url}: the centre published version ${fresh.version} while this seat was reading version ${used.version}`);
    }
    throw new KbSyncError('untrusted', `${what} does not match the digest in the centre’s signed manifest (tampered with?); nothing of it was applied`);
  };

  return {
    keyed: publicKey !== null,
    manifest,
    async checkPage(cursor, sha256) {
      if (!publicKey) return;
      const signed = await manifest();
      const expected = signed?.pages[cursor];
      if (expected === sha256) return;
      await recheck(expected === undefined ? `the change page for cursor "${cursor}" is not in the signed manifest, so it` : `the change page for cursor "${cursor}"`);
    },
    async checkSnapshot(sha256) {
      if (!publicKey) return;
      const signed = await manifest();
      if (signed?.snapshot.sha256 === sha256) return;
      await recheck('the snapshot');
    },
    accepted() {
      return acceptedOf;
    },
  };
}

/** SHA-256 (hex) of a buffer. */
export function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * `manifest.json`: what a publication holds, by digest, optionally signed
 * with the centre's Ed25519 key (node:crypto, no other dependency). Written
 * by `kb:publish`, read by the seat before it applies anything.
 *
 * ```
 *   {"type":"hotseat-kb-manifest",
 *    "payload":"{\"type\":\"manifest\",\"protocol\":1,\"version\":42,…}",   ← the signed bytes (UTF-8)
 *    "signature":{"alg":"Ed25519","key":"ed25519:BASE64","value":"BASE64"} | null}
 * ```
 * The payload travels as a JSON string, so the signature covers exactly the
 * bytes the publisher wrote — no canonical-JSON rules to agree on. It lists
 * the SHA-256 of the decoded snapshot (the NDJSON after gunzip) and of every
 * change page in `changes/`, the newest cursor, the publication's live record
 * count and the last shrink the publisher was told was intended.
 *
 * Keys: the public key is `ed25519:` + base64 of its 32 raw bytes (44
 * characters, pasted into the seat's settings); the private key is a PKCS#8
 * PEM file (`npm run kb:keygen`).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { cursorPattern, kbSyncProtocol } from './sync-protocol.js';

export const manifestFile = 'manifest.json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestPayloadSchema = z.object({
  type: z.literal('manifest'),
  protocol: z.literal(kbSyncProtocol),
  /** Random per output folder (see kb:publish). */
  lineage: z.string().min(1).max(64),
  version: z.int().min(1),
  /** The newest cursor: the snapshot's, and the up-to-date page's. */
  cursor: z.string().regex(cursorPattern),
  publishedAt: z.iso.datetime({ offset: true }),
  /** Live records in this publication. */
  records: z.int().nonnegative(),
  snapshot: z.object({ sha256: sha256Hex, count: z.int().nonnegative() }),
  /** Every change page served, by the cursor it starts from → SHA-256 of its bytes. */
  pages: z.record(z.string().regex(cursorPattern), sha256Hex),
  /**
   * The newest publication that removed more than half of the records (or
   * all of them) because the publisher was told to (`--allow-shrink`); null
   * if none. Seats refuse such a shrink unless this says it was intended.
   */
  shrink: z.object({ version: z.int().min(1), from: z.int().nonnegative(), to: z.int().nonnegative() }).nullable(),
});
export type ManifestPayload = z.output<typeof manifestPayloadSchema>;

const envelopeSchema = z.object({
  type: z.literal('hotseat-kb-manifest'),
  payload: z.string().max(64 * 1024 * 1024),
  signature: z
    .object({ alg: z.literal('Ed25519'), key: z.string().max(200), value: z.string().max(200) })
    .nullable(),
});

export const publicKeyPattern = /^ed25519:[A-Za-z0-9+/]{43}=$/;

// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow.
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

/** `ed25519:BASE64` → a key object; throws for anything else. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (!publicKeyPattern.test(trimmed)) throw new Error('a KB public key looks like "ed25519:" followed by 44 base64 characters');
  const raw = Buffer.from(trimmed.slice('ed25519:'.length), 'base64');
  return createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' });
}

/** A key object → `ed25519:BASE64` (the form pasted into settings). */
export function formatPublicKey(key: KeyObject): string {
  const der = key.export({ format: 'der', type: 'spki' });
  return `ed25519:${der.subarray(der.length - 32).toString('base64')}`;
}

/** Reads a PKCS#8 PEM private key; throws if it is not Ed25519. */
export function parsePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  return key;
}

/** The text of manifest.json; signed when a private key is given. */
export function writeManifest(payload: ManifestPayload, privateKey: KeyObject | null): string {
  const text = JSON.stringify(payload);
  const signature = privateKey
    ? { alg: 'Ed25519' as const, key: formatPublicKey(createPublicKey(privateKey)), value: sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') }
    : null;
  return `${JSON.stringify({ type: 'hotseat-kb-manifest', payload: text, signature }, null, 1)}\n`;
}

export type ManifestCheck =
  | { readonly ok: true; readonly payload: ManifestPayload; readonly signed: boolean }
  | { readonly ok: false; readonly untrusted: boolean; readonly message: string };

/**
 * Parses manifest.json and, when the seat holds a public key, verifies its
 * signature: unsigned, signed by another key, or not matching → rejected
 * (`untrusted`). Without a key the signature is not looked at.
 */
export function readManifest(body: Buffer, publicKey: string | null): ManifestCheck {
  let envelope: z.output<typeof envelopeSchema>;
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(body.toString('utf8')));
    if (!parsed.success) return { ok: false, untrusted: false, message: `not a KB manifest (${parsed.error.issues[0]?.message ?? 'invalid'})` };
    envelope = parsed.data;
  } catch (error) {
    return { ok: false, untrusted: false, message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (publicKey) {
    if (!envelope.signature) return { ok: false, untrusted: true, message: 'the publication is not signed, but this seat requires the centre’s signature' };
    let good = false;
    try {
      good = verify(null, Buffer.from(envelope.payload, 'utf8'), parsePublicKey(publicKey), Buffer.from(envelope.signature.value, 'base64'));
    } catch {
      good = false;
    }
    if (!good) {
      const other = envelope.signature.key.trim() !== publicKey.trim();
      return {
        ok: false,
        untrusted: true,
        message: other
          ? `the publication is signed with another key (${envelope.signature.key.slice(0, 20)}…), not the centre key set on this seat (${publicKey.slice(0, 20)}…)`
          : 'the publication’s signature does not match its content (tampered with?)',
      };
    }
  }
  let payload: unknown;
  try {
    payload = JSON.parse(envelope.payload);
  } catch (error) {
    return { ok: false, untrusted: false, message: `the manifest payload is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const checked = manifestPayloadSchema.safeParse(payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, untrusted: false, message: `not a KB manifest (${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, payload: checked.data, signed: envelope.signature !== null };
}

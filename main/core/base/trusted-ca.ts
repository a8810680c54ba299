/**
 * The centre's own CA (profile `trustedCaPem`): one or more PEM certificates
 * the seat trusts IN ADDITION to the system's roots, for every TLS connection
 * it opens to the centre — the SIP WebSocket (wss://), the KB sync, the
 * records uploads and remote provisioning.
 *
 * The contract checks the PEM's shape; this file parses each certificate
 * (node:crypto X509Certificate) and says what is wrong with it, and turns a
 * TLS failure into a sentence an engineer can act on.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

const pemBlock = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** One problem with one certificate of the setting (1-based `index`). */
export interface TrustedCaProblem {
  readonly index: number;
  /** Stable key (`trustedCaPem.unreadable`, …) for the settings form. */
  readonly code: 'trustedCaPem.unreadable' | 'trustedCaPem.notCa' | 'trustedCaPem.expired' | 'trustedCaPem.notYetValid';
  readonly message: string;
}

/** The PEM blocks of the setting, each with its BEGIN/END lines. */
export function certificateBlocks(pem: string): string[] {
  return [...pem.matchAll(pemBlock)].map((m) => `-----BEGIN CERTIFICATE-----${m[1]}-----END CERTIFICATE-----\n`);
}

/** Parses every certificate; [] when the setting is empty or all are usable CAs. */
export function checkTrustedCa(pem: string, now: Date = new Date()): TrustedCaProblem[] {
  const problems: TrustedCaProblem[] = [];
  certificateBlocks(pem).forEach((block, i) => {
    const index = i + 1;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ index, code: 'trustedCaPem.unreadable', message: `Certificate ${index} cannot be read (${reason}).` });
      return;
    }
    const subject = cert.subject.replace(/\n/g, ', ');
    if (!cert.ca) {
      problems.push({
        index,
        code: 'trustedCaPem.notCa',
        message: `Certificate ${index} (${subject}) is not a CA certificate: paste the centre's CA, not a server's certificate.`,
      });
    }
    if (new Date(cert.validTo).getTime() < now.getTime()) {
      problems.push({ index, code: 'trustedCaPem.expired', message: `Certificate ${index} (${subject}) expired on ${cert.validTo}.` });
    } else if (new Date(cert.validFrom).getTime() > now.getTime()) {
      problems.push({ index, code: 'trustedCaPem.notYetValid', message: `Certificate ${index} (${subject}) is valid only from ${cert.validFrom}.` });
    }
  });
  return problems;
}

/**
 * The `ca` option for node:tls / https / ws: the system roots plus the
 * centre's CA (`ca` alone would REPLACE the system roots). Undefined when no
 * CA is set, so Node's defaults apply unchanged.
 */
export function tlsCaOption(pem: string | null | undefined): string[] | undefined {
  const blocks = pem ? certificateBlocks(pem) : [];
  return blocks.length === 0 ? undefined : [...rootCertificates, ...blocks];
}

const certificateCodes: Readonly<Record<string, string>> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a CA this seat does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it presents a self-signed certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by a CA this seat does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate is signed by a CA this seat does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by a CA this seat does not trust',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
  CERT_SIGNATURE_FAILURE: 'its certificate signature does not verify',
  CERT_REVOKED: 'its certificate is revoked',
};

/**
 * A sentence for a TLS certificate failure (`error.code` from node:tls), or
 * null when the error is not about a certificate. Names the problem and what
 * to do: "the server's certificate is signed by a CA this seat does not
 * trust (UNABLE_TO_GET_ISSUER_CERT_LOCALLY) — add the centre's CA in Settings".
 */
export function describeCertificateError(error: unknown): string | null {
  const code = certificateErrorCode(error);
  if (!code) return null;
  const what = certificateCodes[code] ?? 'its certificate is not accepted';
  const hint = code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
    ? 'the centre must fix the server certificate'
    : "add the centre's CA under Settings → Trusted CA";
  return `certificate problem: ${what} (${code}); ${hint}`;
}

function certificateErrorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code in certificateCodes || /CERT|SELF_SIGNED|ISSUER/.test(code))) return code;
  }
  return null;
}

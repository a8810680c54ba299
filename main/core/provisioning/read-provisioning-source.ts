/**
 * Reads a provisioning document from a URL (https://, or http:// for a
 * centre's LAN) or a file. Bounded: 10 s, 1 MiB. With the centre's CA (PEM)
 * an https server whose certificate that CA signed is trusted.
 */
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const provisioningLimits = { timeoutMs: 10_000, maxBytes: 1024 * 1024 } as const;

export interface SourceOptions {
  /** PEM of the centre's CA(s), trusted in addition to the system's. */
  readonly caPem?: string | null;
  readonly timeoutMs?: number;
}

/** Is `source` a URL (else a file path)? */
export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function readProvisioningSource(source: string, options: SourceOptions = {}): Promise<string> {
  if (!isUrlSource(source)) {
    const text = await readFile(source, 'utf8');
    if (Buffer.byteLength(text) > provisioningLimits.maxBytes) throw new Error(`${source} is larger than 1 MiB`);
    return text;
  }
  return fetchText(new URL(source), options);
}

function fetchText(url: URL, options: SourceOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? provisioningLimits.timeoutMs;
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeout: timeoutMs,
        ...(url.protocol === 'https:' && options.caPem ? { ca: options.caPem } : {}),
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`${url.origin}${url.pathname} answered HTTP ${res.statusCode ?? '?'}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > provisioningLimits.maxBytes) {
            req.destroy(new Error('the provisioning document is larger than 1 MiB'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} in ${timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(describe(error, url)));
    req.end();
  });
}

/** Certificate errors say which problem, so the engineer knows what to fix. */
function describe(error: NodeJS.ErrnoException, url: URL): Error {
  const code = error.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new Error(`the certificate of ${url.host} is not trusted (${code}): add the centre's CA in the settings (受信任的 CA)`);
  }
  if (code === 'ECONNREFUSED') return new Error(`${url.host} refused the connection`);
  return new Error(`${url.host}: ${error.message}`);
}

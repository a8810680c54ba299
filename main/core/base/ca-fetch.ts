/**
 * `fetch` that trusts the centre's CA (./trusted-ca.ts) for https://.
 *
 * Node's global fetch (undici) takes no `ca`; this answers the same call on
 * node:https with `ca` = system roots + the centre's CA, and returns a real
 * `Response` (status, headers, body), so a caller written for fetch keeps
 * its code. With no CA set, or for http://, it is the global fetch.
 */
import { request as httpsRequest } from 'node:https';
import { describeCertificateError, tlsCaOption } from './trusted-ca.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A fetch trusting the CA that `caPem()` returns at each call ('' = the global fetch). */
export function fetchTrustingCa(caPem: () => string | null | undefined): FetchLike {
  return (url, init) => {
    const ca = tlsCaOption(caPem());
    if (!ca || !url.startsWith('https:')) return fetch(url, init);
    return httpsWithCa(url, init, ca);
  };
}

function httpsWithCa(url: string, init: RequestInit, ca: string[]): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const headers = new Headers(init.headers);
    if (init.body != null && typeof init.body !== 'string') {
      reject(new TypeError('fetchTrustingCa: only string bodies are supported'));
      return;
    }
    const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : null;
    if (body) headers.set('content-length', String(body.length));
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    const signal = init.signal ?? undefined;
    const req = httpsRequest(url, { method: init.method ?? 'GET', headers: outgoing, ca, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(error));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
          else if (value !== undefined) responseHeaders.set(name, value);
        }
        const status = res.statusCode ?? 0;
        const noBody = status === 204 || status === 304;
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      });
    });
    req.on('error', (error: Error & { code?: string }) => {
      // As fetch does: a TypeError whose cause is the network error (the caller reads cause.code).
      reject(new TypeError(describeCertificateError(error) ?? 'fetch failed', { cause: error }));
    });
    req.end(body ?? undefined);
  });
}

/**
 * A private CA and a server certificate for 127.0.0.1 / localhost, made with
 * the openssl command line in a temp folder — as a centre's own CA would sign
 * its SIP, KB, records and provisioning servers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  readonly dir: string;
  /** PEM of the CA certificate (what the seat is told to trust). */
  readonly caPem: string;
  readonly caCertFile: string;
  /** Server certificate (signed by the CA) and its key, PEM files. */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes a CA named `name` and a server certificate for 127.0.0.1 and localhost. */
export function makeTestCa(name = 'Hotseat Test Centre CA'): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'hotseat-ca-'));
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${name}`]);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    caPem: read('ca.pem'),
    caCertFile: join(dir, 'ca.pem'),
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server.key'),
    serverCertPem: read('server.pem'),
    serverKeyPem: read('server.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

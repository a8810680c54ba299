/**
 * A plain static file server for the benches, in Node (nothing else to
 * install), in a child process so serving the publication adds nothing to
 * the event loop whose lag the sync bench measures. Like the dumbest server a
 * centre could use: files as they are, no ETag, no compression, query
 * strings ignored, 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';

export interface StaticSiteServer {
  /** Base URL of the folder (ends with /). */
  readonly url: string;
  readonly pid: number;
  /** Request lines: `GET /changes/x.json?limit=1000 200`. */
  requests(): string[];
  stop(): Promise<void>;
}

const serverSource = `
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve, sep } from 'node:path';
const root = resolve(process.argv[1]);
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = resolve(root, '.' + path);
  let size = -1;
  try { if (file === root || file.startsWith(root + sep)) { const s = statSync(file); if (s.isFile()) size = s.size; } } catch {}
  const status = req.method === 'GET' && size >= 0 ? 200 : 404;
  process.stdout.write(req.method + ' ' + req.url + ' ' + status + '\\n');
  if (status !== 200) { res.writeHead(status, { 'content-length': 0 }).end(); return; }
  res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
server.listen(0, '127.0.0.1', () => process.stdout.write('listening on port ' + server.address().port + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export async function startStaticSiteServer(folder: string): Promise<StaticSiteServer> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', serverSource, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the static file server did not start:\n${output}`));
    }, 10_000);
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /listening on port (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      done(Number(match[1]));
    });
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the static file server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid!,
    requests: () => [...output.matchAll(/^(GET [^ ]+) (\d{3})$/gm)].map((m) => `${m[1]} ${m[2]}`),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

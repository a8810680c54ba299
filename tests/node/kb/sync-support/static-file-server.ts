/**
 * A plain static file server that knows nothing of Hotseat: Python's
 * `http.server` (Debian's python3), serving a folder on 127.0.0.1. No ETags,
 * no compression, query strings ignored — the dumbest server a centre could
 * use. A missing python3 is a failure, not a skip.
 */
import { spawn } from 'node:child_process';

export interface StaticFileServer {
  /** Base URL of the folder (ends with /). */
  readonly url: string;
  readonly pid: number;
  /** Request lines from the server's access log: `GET /changes/x.json?limit=1000 200`. */
  requests(): string[];
  stop(): Promise<void>;
}

export async function startPythonStaticServer(folder: string): Promise<StaticFileServer> {
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', folder], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`python3 -m http.server did not start:\n${output}`));
    }, 10_000);
    const check = (data: Buffer) => {
      output += data.toString();
      const match = /port (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    child.stdout.on('data', check);
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run python3 (needed as the plain static file server): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`python3 -m http.server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid!,
    requests: () => [...output.matchAll(/"(GET [^ ]+) HTTP\/1\.[01]" (\d{3})/g)].map((m) => `${m[1]} ${m[2]}`),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

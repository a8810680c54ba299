/**
 * `npm run start:web` entry: parses flags, starts the browser-mode host and
 * prints the URL to open.
 *
 *   node out/web/host.cjs [--port N] [--data-dir DIR] [--keep-token|--new-token] [--open app|kiosk] [--browser PATH]
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchToken, type TokenPolicy } from './launch-token.js';
import { openSeatWindow, type BrowserWindowMode } from './open-browser.js';
import { startWebHost, type WebHost } from './web-host.js';

const usage = `usage: npm run start:web -- [options]
  --port N          port on 127.0.0.1 (default: a free one)
  --data-dir DIR    the seat's data folder
  --keep-token      keep the page's door key in DIR/browser-token (0600) across restarts,
                    so an open page reconnects by itself (use with a fixed --port)
  --new-token       make a new kept key (pages opened with the old one are shut out)
  --open MODE       open the seat in Chromium: "app" (a window without address bar) or "kiosk" (full screen)
  --browser PATH    the browser for --open (default: chromium, chromium-browser, google-chrome)
  --provision SRC   centre provisioning document (https:// URL or file), read at every start
  --seat-code CODE  this seat's entry in that document (else host:<hostname>); remembered
`;

function packageRoot(): string {
  let dir = dirname(resolve(process.argv[1] ?? '.'));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Hotseat folder (no package.json above the host script)');
    dir = parent;
  }
  return dir;
}

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'hotseat');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.HOTSEAT_PORT ?? '0' },
      'data-dir': { type: 'string', default: process.env.HOTSEAT_DATA_DIR ?? defaultDataDir() },
      'keep-token': { type: 'boolean', default: false },
      'new-token': { type: 'boolean', default: false },
      open: { type: 'string' },
      browser: { type: 'string' },
      provision: { type: 'string', default: process.env.HOTSEAT_PROVISION },
      'seat-code': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const open = values.open as BrowserWindowMode | undefined;
  if (open !== undefined && open !== 'app' && open !== 'kiosk') {
    throw new Error(`--open must be "app" or "kiosk" (got "${values.open}")`);
  }
  const tokenPolicy: TokenPolicy = values['new-token'] ? 'renewed' : values['keep-token'] ? 'kept' : 'per-launch';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535 (got "${values.port}")`);
  }
  const root = packageRoot();
  const rendererDir = join(root, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${rendererDir} has no index.html): run "npm run build"`);
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const dataDir = resolve(values['data-dir']);
  mkdirSync(dataDir, { recursive: true });
  if (tokenPolicy !== 'per-launch' && port === 0) {
    process.stderr.write('note: a kept token helps an open page reconnect only on the same port: add --port N\n');
  }
  const host = await startWebHost({
    token: launchToken(dataDir, tokenPolicy),
    ...(values.provision ? { provision: { source: values.provision, ...(values['seat-code'] ? { seatCode: values['seat-code'] } : {}) } } : {}),
    port,
    dataDir: resolve(values['data-dir']),
    rendererDir,
    resourcesDir: join(root, 'resources'),
    workersDir: join(root, 'out', 'workers'),
    version,
  });
  process.stdout.write(`Hotseat ${version} (browser mode) — data in ${resolve(values['data-dir'])}\n`);
  process.stdout.write(`Open this address in Chromium or Chrome on this machine:\n\n  ${host.url}\n\n`);
  restartCoreOnCrash(host);
  process.stdout.write(`HOTSEAT_READY ${JSON.stringify({ url: host.url, port: host.port, pid: process.pid })}\n`);
  if (open) {
    const pid = openSeatWindow({ url: host.url, mode: open, dataDir, ...(values.browser ? { browser: values.browser } : {}) });
    process.stdout.write(`opened the seat in ${open} mode (browser pid ${pid})\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping Hotseat…\n`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Nothing the core throws ends the host: an uncaught exception restarts the
 * core (core-supervisor.ts) and the pages reconnect; only a core that keeps
 * failing ends the process (exit 1). An unhandled rejection is logged and
 * left alone: it ended the process under Node's default, but it leaves no
 * half-run callback behind, and a restart would drop the calls in progress.
 */
function restartCoreOnCrash(host: WebHost): void {
  const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.on('uncaughtException', (error: unknown) => {
    process.stderr.write(`ERROR web-host: uncaught exception: ${describe(error)}\n`);
    const reason = `uncaught exception: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
    host.restartCore(reason).then(
      (restarted) => {
        if (!restarted) process.exit(1);
      },
      () => process.exit(1),
    );
  });
  process.on('unhandledRejection', (reason: unknown) => {
    process.stderr.write(`ERROR web-host: unhandled rejection (the seat keeps running): ${describe(reason)}\n`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Hotseat could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

#!/usr/bin/env node
/**
 * Runs vitest. As root (CI, these machines) it runs inside a fresh network
 * namespace that has only a loopback interface: Kamailio, rtpengine,
 * baresip, sipp, Chromium and the hosts get their own ports, nothing can
 * clash with the machine's, and no packet can leave it.
 *
 *   node build/run-tests.mjs [vitest args…]
 *   HOTSEAT_NO_NETNS=1 …    run in the machine's own namespace instead
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(root, 'build/vitest.config.ts'), ...process.argv.slice(2)];

const isRoot = process.getuid?.() === 0;
const inNamespace = process.env.HOTSEAT_IN_NETNS === '1';
const wanted = isRoot && !inNamespace && process.env.HOTSEAT_NO_NETNS !== '1';

let result;
if (wanted) {
  process.stdout.write('run-tests: inside a loopback-only network namespace (unshare -n)\n');
  result = spawnSync('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ...vitest], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, HOTSEAT_IN_NETNS: '1' },
  });
  if (result.error) {
    process.stderr.write(`run-tests: cannot create the network namespace (${result.error.message}); install util-linux and iproute2, or set HOTSEAT_NO_NETNS=1\n`);
    process.exit(1);
  }
} else {
  result = spawnSync(process.execPath, vitest, { stdio: 'inherit', cwd: root });
}
process.exit(result.status ?? 1);

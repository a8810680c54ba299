/**
 * Benches that start the rig run, as root, inside a fresh loopback-only
 * network namespace (like the tests: build/run-tests.mjs): the script runs
 * itself again there and exits with its status. HOTSEAT_NO_NETNS=1 runs in
 * the machine's own namespace instead.
 */
import { spawnSync } from 'node:child_process';

export function rerunInLoopbackNamespace(): void {
  if (process.getuid?.() !== 0 || process.env.HOTSEAT_IN_NETNS === '1' || process.env.HOTSEAT_NO_NETNS === '1') return;
  const r = spawnSync('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, HOTSEAT_IN_NETNS: '1' },
  });
  if (r.error) throw new Error(`bench: cannot create a network namespace (${r.error.message}); set HOTSEAT_NO_NETNS=1 to run without one`);
  process.exit(r.status ?? 1);
}

#!/usr/bin/env node
/**
 * The one set-up step behind `npm test`, `npm run demo` and `.ci/run`: checks
 * Node, the npm packages and the Debian packages a purpose needs, and installs
 * what is missing when it can — or stops at once with the single command that
 * installs it.
 *
 *   node build/setup.mjs test|demo|rig [--no-npm]
 *
 * Plain Node with no dependencies (it runs before `npm install`).
 *   - Node older than package.json's engines → exit 1, says which is needed.
 *   - node_modules missing or older than package-lock.json → `npm ci` (announced).
 *   - A Debian package missing → as root with apt-get on PATH: `apt-get update`
 *     and `apt-get install` (announced: what, and why each is needed);
 *     otherwise exit 1 with the one command to run.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What each purpose needs from Debian. A requirement is met by an executable
 * on PATH (`bin`) or, for packages without one, by a file (`file`).
 */
const requirements = [
  { pkg: 'chromium', bin: 'chromium', why: 'end-to-end tests drive the seat in Debian Chromium', for: ['test'] },
  { pkg: 'fonts-wqy-microhei', file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', why: 'Chinese glyphs in screenshots', for: ['test'] },
  { pkg: 'kamailio', bin: 'kamailio', why: 'the SIP proxy and registrar of the test rig and the demo centre', for: ['test', 'demo', 'rig'] },
  {
    pkg: 'kamailio-websocket-modules',
    file: '/usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so',
    why: 'SIP over WebSocket for the seat',
    for: ['test', 'demo', 'rig'],
  },
  {
    pkg: 'kamailio-extra-modules',
    file: '/usr/lib/x86_64-linux-gnu/kamailio/modules/rtpengine.so',
    why: "Kamailio's rtpengine control module",
    for: ['test', 'demo', 'rig'],
  },
  {
    pkg: 'kamailio-tls-modules',
    file: '/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so',
    why: 'wss:// tests with a private CA',
    for: ['test'],
  },
  { pkg: 'rtpengine-daemon', bin: 'rtpengine', why: 'relays WebRTC audio to plain-RTP callers', for: ['test', 'demo', 'rig'] },
  { pkg: 'baresip-core', bin: 'baresip', why: 'the "PSTN caller" that plays and records audio', for: ['test', 'demo', 'rig'] },
  { pkg: 'sip-tester', bin: 'sipp', why: 'scripted SIP callers and the call benchmark', for: ['test', 'rig'] },
  { pkg: 'espeak-ng', bin: 'espeak-ng', why: 'Mandarin speech for the demo caller and the survey tests', for: ['test', 'demo'] },
  { pkg: 'sox', bin: 'sox', why: 'converts and measures test audio', for: ['test'] },
  { pkg: 'iproute2', bin: 'ip', why: 'brings up loopback in the tests\u2019 private network namespace', for: ['test'] },
  { pkg: 'util-linux', bin: 'unshare', why: 'the tests\u2019 loopback-only network namespace', for: ['test'] },
  { pkg: 'openssl', bin: 'openssl', why: 'makes the private CA and certificates of the wss:// tests', for: ['test'] },
];

const purposes = ['test', 'demo', 'rig'];

function say(line) {
  process.stdout.write(`setup: ${line}\n`);
}

function stop(line) {
  process.stderr.write(`setup: ${line}\n`);
  process.exit(1);
}

function onPath(bin) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

function isMet(requirement) {
  return requirement.bin ? onPath(requirement.bin) : existsSync(requirement.file);
}

/** `{ major, minor, patch }` of a `x.y.z` string. */
function version(text) {
  const [major = 0, minor = 0, patch = 0] = text.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return { major, minor, patch };
}

function atLeast(have, need) {
  if (have.major !== need.major) return have.major > need.major;
  if (have.minor !== need.minor) return have.minor > need.minor;
  return have.patch >= need.patch;
}

function checkNode() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const wanted = /(\d+\.\d+(?:\.\d+)?)/.exec(pkg.engines?.node ?? '')?.[1];
  if (wanted && !atLeast(version(process.version), version(wanted))) {
    stop(`Node ${process.version} is too old: Hotseat needs Node ≥ ${wanted} (install it from nodejs.org or your distribution, then run this again)`);
  }
}

function checkNpmPackages() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const current = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (current) return;
  say(existsSync(marker) ? 'node_modules is older than package-lock.json: running npm ci' : 'no node_modules yet: running npm ci');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...process.env },
  });
  if (result.status !== 0) stop('npm ci failed (see above); fix that, then run this again');
}

function checkDebianPackages(purpose) {
  const missing = requirements.filter((r) => r.for.includes(purpose) && !isMet(r));
  if (missing.length === 0) return;
  const names = missing.map((r) => r.pkg);
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    const why = missing.map((r) => `  ${r.pkg}: ${r.why}`).join('\n');
    const prefix = isRoot ? '' : 'sudo ';
    stop(
      `missing Debian packages for "${purpose}":\n${why}\n` +
        `Install them with:\n  ${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends ${names.join(' ')}`,
    );
  }
  say(`installing ${names.length} Debian package(s) for "${purpose}":`);
  for (const r of missing) say(`  ${r.pkg}: ${r.why}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) stop('apt-get update failed (see above)');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
  if (install.status !== 0) stop(`apt-get install ${names.join(' ')} failed (see above)`);
  const still = missing.filter((r) => !isMet(r));
  if (still.length) stop(`still missing after apt-get install: ${still.map((r) => r.bin ?? r.file).join(', ')}`);
}

const purpose = process.argv[2];
if (!purposes.includes(purpose)) stop(`usage: node build/setup.mjs ${purposes.join('|')} [--no-npm]`);
checkNode();
checkDebianPackages(purpose);
if (!process.argv.includes('--no-npm')) checkNpmPackages();
say(`ready for "${purpose}"`);

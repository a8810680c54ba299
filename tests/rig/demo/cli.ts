/**
 * `npm run demo` — the built-in demo centre: a seat that works the moment it
 * opens.
 *
 *   npm run demo [-- --every N] [-- --help]
 *
 * Starts, all on 127.0.0.1:
 *   - the test rig's Kamailio + rtpengine (tests/rig), seat user 1001;
 *   - the demo centre's web server: the sample knowledge base
 *     (resources/kb/sample) published with kb:publish's own code and signed
 *     with an Ed25519 key made at start, and a records receiver that prints
 *     each record it accepts (PROTOCOL.md, Idempotency-Key de-dup);
 *   - a browser-mode seat (out/web/host.cjs) provisioned for all of it by a
 *     provisioning document this script writes (`--provision`);
 *   - a caller that rings the seat N seconds after the agent is Ready again,
 *     from Chinese mobile and landline numbers (every third call a repeat
 *     caller) with the centre's context headers, asks a Mandarin question
 *     made with espeak-ng and, when the agent ends the call and the in-call
 *     survey asks, presses a rating digit (RFC 4733).
 * The demo signs in agent 8001 (王小明) so records carry an agent; going
 * Ready (就绪) is left to the person at the seat.
 * Ctrl-C stops every process it started, by pid.
 *
 * It lives in tests/rig/ (not main/cli/) because it is built on the test rig
 * (Kamailio, rtpengine, baresip drivers) and ships with the source, not
 * with the seat.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { publishKb } from '../../../main/cli/publish/publish-kb.js';
import type { CallSnapshot } from '../../../main/contract/index.js';
import { formatPublicKey } from '../../../main/core/public-kb.js';
import { connectContract, type ContractClient } from '../../e2e/support/contract-client.js';
import { repoRoot, startWebHostProcess, type WebHostProcess } from '../../e2e/support/web-host-process.js';
import { startBaresip, type BaresipHandle } from '../baresip';
import { RIG_DOMAIN } from '../kamailio-server';
import { isPortFree } from '../ports';
import { requireBinary, sleep } from '../proc';
import { startRig, type Rig } from '../rig';
import { startCentreServer, type CentreServer } from './centre-server';
import { contextHeaders, demoCall, speakQuestion } from './demo-callers';
import { startHeaderRelay, type HeaderRelay } from './header-relay';

const DEFAULTS = {
  every: 30,
  seatPort: 8480,
  centrePort: 8481,
  udpPort: 5070,
  wsPort: 8088,
  ngPort: 2223,
  relayPort: 5072,
  rtpMin: 30000,
  rtpMax: 30199,
};

const SEAT_USER = '1001';
const AGENT = { agentNo: '8001', name: '王小明' };
const RATINGS: Record<string, string> = { '1': '很满意', '2': '满意', '3': '一般' };

const HELP = `Hotseat demo centre: a seat with a SIP server, a knowledge base, a records receiver and callers, all on 127.0.0.1

Usage: npm run demo [-- options]

  --every N         seconds between the end of a call and the next ring (default ${DEFAULTS.every})
  --port N          the seat page (default ${DEFAULTS.seatPort})
  --centre-port N   the centre's web server: KB and records receiver (default ${DEFAULTS.centrePort})
  --udp-port N      Kamailio SIP/UDP (default ${DEFAULTS.udpPort})
  --ws-port N       Kamailio SIP/WebSocket (default ${DEFAULTS.wsPort})
  --ng-port N       rtpengine control (default ${DEFAULTS.ngPort})
  --relay-port N    the caller's header relay in front of Kamailio (default ${DEFAULTS.relayPort})
  --rtp-min N       rtpengine media ports (default ${DEFAULTS.rtpMin}-${DEFAULTS.rtpMax})
  --rtp-max N
  --verbose         print Kamailio/rtpengine/baresip output

Ctrl-C stops everything it started.
`;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function port(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${flag} must be a port number (1-65535), got "${value}"`);
  return n;
}

interface Running {
  rig?: Rig;
  centre?: CentreServer;
  relay?: HeaderRelay;
  host?: WebHostProcess;
  contract?: ContractClient;
  caller?: BaresipHandle;
  work?: string;
  stopping: boolean;
}

const running: Running = { stopping: false };

async function stopAll(): Promise<void> {
  running.stopping = true;
  const steps: Array<[string, () => Promise<unknown> | unknown]> = [
    ['caller', () => running.caller?.stop()],
    ['contract', () => running.contract?.close()],
    ['seat host', () => running.host?.stop()],
    ['rig', () => running.rig?.stop()],
    ['relay', () => running.relay?.stop()],
    ['centre', () => running.centre?.stop()],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`demo: stopping ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (running.work) rmSync(running.work, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      every: { type: 'string' },
      port: { type: 'string' },
      'centre-port': { type: 'string' },
      'udp-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'ng-port': { type: 'string' },
      'relay-port': { type: 'string' },
      'rtp-min': { type: 'string' },
      'rtp-max': { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.verbose) process.env.RIG_VERBOSE = '1';
  const every = values.every === undefined ? DEFAULTS.every : Number(values.every);
  if (!Number.isFinite(every) || every < 0) throw new Error(`--every must be a number of seconds, got "${values.every}"`);
  const ports = {
    seat: port(values.port, DEFAULTS.seatPort, '--port'),
    centre: port(values['centre-port'], DEFAULTS.centrePort, '--centre-port'),
    udp: port(values['udp-port'], DEFAULTS.udpPort, '--udp-port'),
    ws: port(values['ws-port'], DEFAULTS.wsPort, '--ws-port'),
    ng: port(values['ng-port'], DEFAULTS.ngPort, '--ng-port'),
    relay: port(values['relay-port'], DEFAULTS.relayPort, '--relay-port'),
    rtpMin: port(values['rtp-min'], DEFAULTS.rtpMin, '--rtp-min'),
    rtpMax: port(values['rtp-max'], DEFAULTS.rtpMax, '--rtp-max'),
  };
  const checks: Array<[string, number]> = [
    ['--port', ports.seat],
    ['--centre-port', ports.centre],
    ['--udp-port', ports.udp],
    ['--ws-port', ports.ws],
    ['--ng-port', ports.ng],
    ['--relay-port', ports.relay],
    ['--rtp-min', ports.rtpMin],
    ['--rtp-max', ports.rtpMax],
  ];
  for (const [flag, p] of checks) {
    if (!(await isPortFree(p))) {
      throw new Error(`port ${p} on 127.0.0.1 is taken (another program, or a demo still running): choose another with ${flag} N`);
    }
  }
  if (!existsSync(join(repoRoot, 'out/web/host.cjs'))) throw new Error('the seat is not built (out/web/host.cjs missing): run "npm run build"');
  requireBinary('espeak-ng');
  const t0 = performance.now();

  const work = mkdtempSync(join(tmpdir(), 'hotseat-demo-'));
  running.work = work;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (running.stopping) return;
      say(`\n${sig}: stopping the demo…`);
      stopAll().finally(() => {
        say('demo: stopped');
        process.exit(0);
      });
    });
  }

  // 1. The knowledge base, published and signed as a centre would.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kbDir = join(work, 'kb');
  const published = await publishKb({ source: join(repoRoot, 'resources/kb/sample'), outDir: kbDir, signingKey: privateKey });
  if (!published.ok) throw new Error(`publishing the sample KB failed: ${JSON.stringify(published)}`);

  // 2. The centre's web server: KB + records receiver.
  running.centre = await startCentreServer({
    port: ports.centre,
    kbDir,
    onRecord: (r) => {
      const d = r.data;
      const detail =
        r.kind === 'call'
          ? `${String(d.remoteNumber ?? '')} ${String(d.region ?? '')} ${String(d.endReason ?? '')}`.trim()
          : r.kind === 'survey'
            ? [d.rating === undefined || d.rating === null ? '' : `rating ${String(d.rating)}`, d.label, d.status].filter(Boolean).map(String).join(' ')
            : r.kind === 'wrap-up'
              ? `${String(d.category ?? '')} ${String(d.outcome ?? '')}`.trim()
              : '';
      say(`records: accepted ${r.kind} ${r.id}${detail ? ` (${detail})` : ''}${r.agent?.no ? ` agent ${r.agent.no}` : ''}`);
    },
    onDuplicate: (id) => say(`records: repeat of ${id} answered 200, not stored again`),
  });

  // 3. The SIP centre.
  running.rig = await startRig({
    kamailio: { udpPort: ports.udp, wsPort: ports.ws },
    rtpengine: { ngPort: ports.ng, minPort: ports.rtpMin, maxPort: ports.rtpMax },
  });
  const k = running.rig.kamailio;
  running.relay = await startHeaderRelay({ port: ports.relay, kamailioPort: k.udpPort });

  // 4. The seat, provisioned like a centre's desk phone.
  const provisioning = {
    hotseat: 'provisioning/1',
    revision: 1,
    profile: {
      sipServers: [k.wsUrl],
      kbSourceUrl: running.centre.kbUrl,
      kbPublicKey: formatPublicKey(publicKey),
      recordsUploadUrl: running.centre.recordsUrl,
      surveyMode: 'in-call',
      contextHeaders: ['X-Call-Uid', 'X-Queue', 'X-IVR-Path', 'X-Wait-Seconds', 'X-Caller-Area'],
      wrapUpSeconds: 15,
    },
    seats: {
      demo: { agentNumber: SEAT_USER, sipUri: k.uri(SEAT_USER), authUser: SEAT_USER, password: k.users[SEAT_USER]! },
    },
  };
  const provisionFile = join(work, 'provisioning.json');
  writeFileSync(provisionFile, `${JSON.stringify(provisioning, null, 2)}\n`, { mode: 0o600 });
  const seatData = join(work, 'seat');
  mkdirSync(seatData);
  running.host = await startWebHostProcess({
    dataDir: seatData,
    args: ['--port', String(ports.seat), '--provision', provisionFile, '--seat-code', 'demo'],
    timeoutMs: 60_000,
  });
  running.contract = await connectContract(running.host);
  const contract = running.contract;
  try {
    await contract.call('signIn', AGENT);
  } catch (error) {
    say(`demo: could not sign agent ${AGENT.agentNo} in (${error instanceof Error ? error.message : String(error)}); sign in at the seat`);
  }

  say(`
Hotseat demo centre ready in ${((performance.now() - t0) / 1000).toFixed(1)} s
  SIP server   Kamailio ws://127.0.0.1:${k.wsPort} (pid ${k.pid}), rtpengine (pid ${running.rig.rtpengine?.pid}); seat user ${SEAT_USER}
  Knowledge    ${running.centre.kbUrl} (sample KB, version ${published.version}, signed Ed25519)
  Records      ${running.centre.recordsUrl} (each accepted record is printed below)
  Seat         browser-mode host (pid ${running.host.pid}), provisioned from ${provisionFile}; agent ${AGENT.agentNo} ${AGENT.name} signed in
  Caller       rings ${every} s after the seat is Ready, asks in Mandarin, rates the call when asked

  Open the seat: ${running.host.url}

Click 就绪 (Ready) at the seat to take calls. Ctrl-C stops everything.
`);

  await callerLoop(every, work, contract);
}

async function seatReady(contract: ContractClient): Promise<boolean> {
  const status = await contract.call('getStatus', {});
  return status.registration.state === 'registered' && status.agent.state === 'ready';
}

async function callerLoop(every: number, work: string, contract: ContractClient): Promise<never> {
  const runId = Date.now().toString(36);
  const espeak = requireBinary('espeak-ng');
  for (let n = 1; ; n++) {
    let hinted = false;
    let readySince = 0;
    // Ring `wait` seconds after the seat has been Ready (and stays Ready).
    for (;;) {
      if (running.stopping) await new Promise(() => undefined);
      const ready = await seatReady(contract).catch(() => false);
      if (!ready) {
        readySince = 0;
        if (!hinted) say('caller: waiting for the seat to be Ready (就绪)…');
        hinted = true;
      } else if (readySince === 0) readySince = Date.now();
      else if (Date.now() - readySince >= every * 1000) break;
      await sleep(500);
    }
    await oneCall(n, runId, espeak, work, contract).catch((error: unknown) => {
      if (!running.stopping) say(`caller: call ${n} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    const caller = running.caller;
    running.caller = undefined;
    await caller?.stop();
  }
}

async function oneCall(n: number, runId: string, espeak: string, work: string, contract: ContractClient): Promise<void> {
  const who = demoCall(n);
  const { wav, speechSeconds } = speakQuestion(espeak, who.question, work, `question-${n}`, 240);
  const waitSeconds = 5 + ((n * 37) % 80);
  const headers = contextHeaders(n, runId, waitSeconds, who.area);
  const relay = running.relay!;
  const caller = await startBaresip({
    kamailio: { udpPort: relay.port, domain: RIG_DOMAIN, users: {} },
    user: who.number,
    register: false,
    playWav: wav,
  });
  running.caller = caller;
  relay.setHeaders(caller.sipPort, headers);
  say(
    `caller: call ${n} from ${who.number} (${who.area}${who.repeat ? ', calling again' : ''}; baresip pid ${caller.pid}) ` +
      `queue ${headers['X-Queue']}, waited ${waitSeconds} s, X-Call-Uid ${headers['X-Call-Uid']}: “${who.question}” (${speechSeconds.toFixed(1)} s)`,
  );
  const mark = await caller.dial(`sip:${SEAT_USER}@${RIG_DOMAIN}`);
  const first = await Promise.race([
    caller.waitForEvent('CALL_ESTABLISHED', { from: mark, timeoutMs: 60_000 }),
    caller.waitForEvent('CALL_CLOSED', { from: mark, timeoutMs: 60_000 }),
  ]).catch(() => null);
  if (!first) {
    if (running.stopping) return;
    say('caller: nobody answered in 60 s; hanging up');
    await caller.hangup().catch(() => undefined);
    return;
  }
  if (first.type === 'CALL_CLOSED') {
    say(`caller: call ${n} not answered: ${first.param ?? 'closed'}`);
    return;
  }
  say(`caller: call ${n} answered`);
  const closed = caller.waitForEvent('CALL_CLOSED', { from: mark, timeoutMs: 24 * 3600_000 });
  let ended = false;
  void closed.then(
    () => (ended = true),
    () => (ended = true),
  );
  // Answer the in-call survey when the agent ends the call and the seat asks.
  let rated = false;
  while (!ended && !running.stopping) {
    if (!rated) {
      const phone = await contract.call('getPhoneState', {}).catch(() => null);
      const surveying = phone?.calls.some((c: CallSnapshot) => c.phase === 'survey');
      if (surveying) {
        rated = true;
        await sleep(2500);
        const digit = n % 4 === 0 ? '2' : n % 7 === 0 ? '3' : '1';
        if (!ended) {
          await caller.sendDtmf(digit).catch(() => undefined);
          say(`caller: survey asked; pressed ${digit} (${RATINGS[digit]})`);
        }
      }
    }
    await Promise.race([closed.catch(() => undefined), sleep(400)]);
  }
  const c = await closed.catch(() => null);
  if (c) say(`caller: call ${n} ended (${c.param ?? ''})`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});

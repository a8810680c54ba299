/**
 * `npm run rig` — the test rig for trying the seat by hand.
 *
 *   npm run rig                      start Kamailio + rtpengine + a "PSTN" phone on fixed ports
 *   npm run rig -- call 1001         a baresip "PSTN caller" calls seat 1001 (plays a tone)
 *   npm run rig -- sipp 1001         a sipp call to 1001 with the centre's headers (no audio)
 *   npm run rig -- --help
 *
 * Everything binds 127.0.0.1. Ctrl-C stops everything.
 */
import { parseArgs } from 'node:util';
import { startBaresip } from './baresip';
import { defaultUsers, RIG_DOMAIN } from './kamailio-server';
import { isPortFree } from './ports';
import { startRig, type Rig } from './rig';
import { startSipp } from './sipp-runner';
import { dominantFrequency, rms } from './wav';

const DEFAULTS = { udpPort: 5070, wsPort: 8088, ngPort: 2223, rtpMin: 30000, rtpMax: 30199, pstnPort: 5090 };

const HELP = `Hotseat SIP test rig (Kamailio 5.6 + rtpengine + baresip + sipp, all on 127.0.0.1)

Usage:
  npm run rig [-- options]             start the rig and wait (Ctrl-C stops it)
  npm run rig -- call USER [options]   a baresip "PSTN caller" calls USER (e.g. 1001) through the rig
  npm run rig -- sipp USER [options]   a sipp call to USER with X-Call-Uid, X-Queue, PAI, ... headers

Rig options:
  --udp-port N      Kamailio SIP/UDP port            (default ${DEFAULTS.udpPort})
  --ws-port N       Kamailio SIP/WebSocket port      (default ${DEFAULTS.wsPort})
  --ng-port N       rtpengine control port           (default ${DEFAULTS.ngPort})
  --rtp-min N       rtpengine media ports            (default ${DEFAULTS.rtpMin}-${DEFAULTS.rtpMax})
  --rtp-max N
  --pstn-port N     UDP port of the auto-answering "PSTN" baresip (default ${DEFAULTS.pstnPort})
  --pstn-prefix P   numbers starting with P go to the PSTN phone (default 9)
  --no-pstn         do not start the PSTN phone
  --verbose         print Kamailio/rtpengine/baresip output

call options:
  --udp-port N      the running rig's Kamailio UDP port (default ${DEFAULTS.udpPort})
  --from NUMBER     caller number (default 13800138000)
  --tone HZ         tone the caller plays (default 1000; 20 min max)
  --wav FILE        play an 8 kHz mono 16-bit WAV instead (the call ends when the file ends)
  --seconds S       hang up after S seconds of talk (default: stay until Ctrl-C)
  --dtmf DIGITS     send these digits (RFC 4733) 1 s after answer

sipp options:
  --udp-port N      the running rig's Kamailio UDP port (default ${DEFAULTS.udpPort})
  --seconds S       talk time before the caller hangs up (default 30)
  --queue NAME      X-Queue header (default 12320-health)
  --auto-answer     add Call-Info answer-after=0, Alert-Info auto-answer and Answer-Mode: Auto
`;

function num(v: string | undefined, d: number): number {
  if (v === undefined) return d;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`bad number: ${v}`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'udp-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'ng-port': { type: 'string' },
      'rtp-min': { type: 'string' },
      'rtp-max': { type: 'string' },
      'pstn-port': { type: 'string' },
      'pstn-prefix': { type: 'string' },
      'no-pstn': { type: 'boolean' },
      verbose: { type: 'boolean' },
      from: { type: 'string' },
      tone: { type: 'string' },
      wav: { type: 'string' },
      seconds: { type: 'string' },
      dtmf: { type: 'string' },
      queue: { type: 'string' },
      'auto-answer': { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.verbose) process.env.RIG_VERBOSE = '1';
  const udpPort = num(values['udp-port'], DEFAULTS.udpPort);
  const [cmd, target] = positionals;
  if (cmd === 'call') return callCommand(target, udpPort, values);
  if (cmd === 'sipp') return sippCommand(target, udpPort, values);
  if (cmd !== undefined) throw new Error(`unknown command ${cmd}\n\n${HELP}`);
  return rigCommand(udpPort, values);
}

type Values = Record<string, string | boolean | undefined>;

function onSignal(fn: () => Promise<void>): void {
  let stopping = false;
  const handler = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${sig}: stopping…\n`);
    fn()
      .catch((e: unknown) => console.error(e))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

async function rigCommand(udpPort: number, v: Values): Promise<void> {
  const wsPort = num(v['ws-port'] as string | undefined, DEFAULTS.wsPort);
  const ngPort = num(v['ng-port'] as string | undefined, DEFAULTS.ngPort);
  const minPort = num(v['rtp-min'] as string | undefined, DEFAULTS.rtpMin);
  const maxPort = num(v['rtp-max'] as string | undefined, DEFAULTS.rtpMax);
  const pstnPort = num(v['pstn-port'] as string | undefined, DEFAULTS.pstnPort);
  const pstnPrefix = (v['pstn-prefix'] as string | undefined) ?? '9';
  const ports: Array<[string, number]> = [['--udp-port', udpPort], ['--ws-port', wsPort], ['--ng-port', ngPort]];
  if (!v['no-pstn']) ports.push(['--pstn-port', pstnPort], ['--pstn-port (+1, baresip TLS)', pstnPort + 1]);
  for (const [flag, p] of ports) {
    if (!(await isPortFree(p))) throw new Error(`port ${p} on 127.0.0.1 is in use: choose another with ${flag}`);
  }
  const t0 = performance.now();
  const rig: Rig = await startRig({ kamailio: { udpPort, wsPort, pstnPrefix }, rtpengine: { ngPort, minPort, maxPort } });
  onSignal(() => rig.stop());
  let pstnLine = '';
  if (!v['no-pstn']) {
    const pstn = await startBaresip({ kamailio: rig.kamailio, user: 'pstn', register: false, answerMode: 'auto', toneHz: 440, toneSeconds: 1200, sipPort: pstnPort });
    rig.defer(() => pstn.stop());
    await rig.kamailio.setPstnGateway(pstn.directUri);
    pstn.process.onOutput((s) => {
      for (const line of s.split('\n')) if (/Call established|terminated|Incoming call|session closed/.test(line)) console.log(`[pstn phone] ${line.trim()}`);
    });
    pstnLine = `  Dial ${pstnPrefix}xxxx (e.g. ${pstnPrefix}12345) from the seat: an auto-answering "PSTN" phone plays 440 Hz (calls up to 20 min).\n`;
  }
  const k = rig.kamailio;
  const users = Object.entries(defaultUsers()).filter(([u]) => k.users[u] !== undefined);
  console.log(`
Hotseat test rig ready in ${Math.round(performance.now() - t0)} ms  (Kamailio pid ${k.pid}, rtpengine pid ${rig.rtpengine?.pid})

Seat settings:
  WebSocket server : ${k.wsUrl}
  SIP URI          : sip:1001@${RIG_DOMAIN}
  Auth user        : 1001
  Password         : ${k.users['1001']}
  (any of ${users[0]?.[0]}..${users.at(-1)?.[0]}, password "pw" + user, e.g. 1002 / pw1002)
  ICE servers      : none (leave empty)

Calls into the seat (in another terminal):
  npm run rig -- call 1001                 baresip "PSTN caller", plays 1000 Hz, Ctrl-C hangs up
  npm run rig -- call 1001 --dtmf 5 --seconds 20
  npm run rig -- sipp 1001 --auto-answer   sipp call with X-Call-Uid/X-Queue/PAI + auto-answer headers
${pstnLine}
Kamailio UDP     : sip:127.0.0.1:${k.udpPort}   JSON-RPC: curl -d '{"jsonrpc":"2.0","method":"ul.dump","id":1}' http://127.0.0.1:${k.wsPort}/RPC
Ctrl-C stops everything.
`);
  await new Promise(() => undefined);
}

async function callCommand(target: string | undefined, udpPort: number, v: Values): Promise<void> {
  if (!target) throw new Error('usage: npm run rig -- call USER   (e.g. 1001)');
  const from = (v.from as string | undefined) ?? '13800138000';
  const kam = { udpPort, domain: RIG_DOMAIN, users: {} };
  const b = await startBaresip({
    kamailio: kam,
    user: from,
    register: false,
    ...(v.wav ? { playWav: v.wav as string } : { toneHz: Number(v.tone ?? 1000), toneSeconds: 1200 }),
  });
  const finish = async () => {
    const heard = b.lastHeardWav();
    if (heard) {
      const level = rms(heard);
      console.log(level < 0.01 ? 'caller heard silence' : `caller heard a dominant ${Math.round(dominantFrequency(heard))} Hz (rms ${level.toFixed(3)})`);
    }
    await b.stop();
  };
  onSignal(finish);
  const targetUri = target.startsWith('sip:') ? target : `sip:${target}@${RIG_DOMAIN}`;
  console.log(`baresip ${from} (pid ${b.pid}) calling ${targetUri} via 127.0.0.1:${udpPort}, playing ${v.wav ?? `${v.tone ?? 1000} Hz`} …`);
  const m = await b.dial(targetUri);
  const ev = await Promise.race([
    b.waitForEvent('CALL_ESTABLISHED', { from: m, timeoutMs: 120_000 }),
    b.waitForEvent('CALL_CLOSED', { from: m, timeoutMs: 120_000 }),
  ]);
  if (ev.type === 'CALL_CLOSED') {
    console.log(`call failed: ${ev.param}`);
    await finish();
    process.exit(1);
  }
  console.log('answered. Ctrl-C hangs up.');
  if (v.dtmf) {
    await new Promise((r) => setTimeout(r, 1000));
    await b.sendDtmf(v.dtmf as string);
    console.log(`sent DTMF ${v.dtmf}`);
  }
  const closed = b.waitForEvent('CALL_CLOSED', { from: m, timeoutMs: 24 * 3600_000 });
  if (v.seconds) {
    await Promise.race([closed, new Promise((r) => setTimeout(r, Number(v.seconds) * 1000))]);
    if (!b.events.some((e) => e.seq >= m && e.type === 'CALL_CLOSED')) await b.hangup();
  }
  const c = await closed;
  console.log(`call closed: ${c.param ?? ''}`);
  await finish();
  process.exit(0);
}

async function sippCommand(target: string | undefined, udpPort: number, v: Values): Promise<void> {
  if (!target) throw new Error('usage: npm run rig -- sipp USER   (e.g. 1001)');
  const headers: Record<string, string> = {
    'X-Queue': (v.queue as string | undefined) ?? '12320-health',
    'P-Asserted-Identity': '<sip:+8613800138000@sip.test>',
  };
  if (v['auto-answer']) {
    headers['Call-Info'] = '<sip:sip.test>;answer-after=0';
    headers['Alert-Info'] = '<http://sip.test/auto>;info=alert-autoanswer';
    headers['Answer-Mode'] = 'Auto';
  }
  const seconds = Number(v.seconds ?? 30);
  const s = await startSipp({
    scenario: 'uac-answered-caller-hangs-up',
    target: udpPort,
    callee: target,
    pauseMs: seconds * 1000,
    timeoutSec: seconds + 130,
    recvTimeoutMs: 120_000,
    headers,
  });
  onSignal(async () => void (await s.stop()));
  console.log(`sipp (pid ${s.pid}) calling ${target}@${RIG_DOMAIN}; X-Call-Uid ${s.uidPrefix}1; hangs up ${seconds} s after answer. Ctrl-C aborts.`);
  const r = await s.done;
  console.log(`sipp exit ${r.exitCode}: ${r.successful} ok, ${r.failed} failed${r.rttMs.length ? `, INVITE->200 ${r.rttMs[0]} ms` : ''}`);
  if (r.errors) console.log(r.errors.slice(-2000));
  process.exit(r.exitCode === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

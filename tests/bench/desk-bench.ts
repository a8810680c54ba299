/**
 * `npm run bench:desk` — the records desk benchmark (a script, not a test).
 *
 *   npm run bench:desk -- [--calls 1000000] [--rings 2000] [--keystrokes 5000] [--records 10000]
 *
 * 1. A seat database holding `calls` calls (years of a busy seat, seeded;
 *    `desk-corpus.ts`), built through the real migrations.
 * 2. History lookup on ring: the records service's `callRang` (number
 *    normalized, region, 30-day history, 24-h count, open work orders) for
 *    `rings` calls from numbers of the pool — p50/p99. Target p99 ≤ 5 ms.
 * 3. Wrap-up keystroke save: `saveDraft` of the notes growing by one
 *    character — p50/p99. Target p99 ≤ 2 ms.
 * 4. Outage: `records` records queued while the receiver (a local HTTP
 *    server) is down, then it comes back: time until the outbox is empty,
 *    lost and duplicated records after de-duplication by key. Targets
 *    ≤ 30 s, 0 lost, 0 duplicated.
 * 5. Database bytes per call (file size after a WAL checkpoint).
 * 6. Shift summary (issue 10, `desk-bench-shift.ts`): the history cut into
 *    day and night shifts, the shift view's summary of random shifts and
 *    days — p50/p99. Target p99 ≤ 50 ms.
 *
 * Prints the figures, then ONE JSON line; exits 1 when a target is missed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCallLogService } from '../../main/core/calls/call-log-service.js';
import { openDatabase } from '../../main/core/db/open-database.js';
import { createRegionLookup, geoDataCandidates } from '../../main/core/records/number-region.js';
import { outboxCounts } from '../../main/core/records/outbox-queries.js';
import { createRecordsService, type RecordsService } from '../../main/core/records/records-service.js';
import { createRecordsSettingsStore } from '../../main/core/records/records-settings.js';
import { createUploader } from '../../main/core/records/uploader.js';
import { generateDeskHistory, poolNumber, seededRandom } from './desk-corpus.js';
import { runShiftPhase } from './desk-bench-shift.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    rings: { type: 'string', default: '2000' },
    keystrokes: { type: 'string', default: '5000' },
    records: { type: 'string', default: '10000' },
    keep: { type: 'boolean', default: false },
  },
});
const calls = Number(values.calls);
const rings = Number(values.rings);
const keystrokes = Number(values.keystrokes);
const recordCount = Number(values.records);
const targets = { ringP99Ms: 5, keystrokeP99Ms: 2, deliverySeconds: 30 };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number) => Math.round(n * 1000) / 1000;
const say = (line: string) => process.stdout.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'hotseat-desk-bench-'));
const file = join(dir, 'seat.sqlite');
const db = openDatabase(file);
const now = Date.now();

say(`desk bench: ${calls.toLocaleString('en')} calls → ${file}`);
const t = performance.now();
const generated = generateDeskHistory(db, { calls, now: now - 60_000, onProgress: (d) => d % 200_000 === 0 && say(`  … ${d.toLocaleString('en')}`) });
db.pragma('wal_checkpoint(TRUNCATE)');
db.exec('ANALYZE');
const generateSeconds = (performance.now() - t) / 1000;
const dbBytes = statSync(file).size;
const bytesPerCall = Math.round(dbBytes / calls);
say(`generated in ${generateSeconds.toFixed(1)} s; ${(dbBytes / 1e6).toFixed(1)} MB, ${bytesPerCall} bytes per call (call + wrap-up + share of work orders)`);

// The receiver for phase 4 (down until started).
const accepted = new Map<string, number>();
let arrivals = 0;
let receiver: Server | null = null;
const port = await new Promise<number>((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const p = (probe.address() as AddressInfo).port;
    probe.close(() => done(p));
  });
});
const startReceiver = () =>
  new Promise<void>((done) => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { records?: { id: string }[]; id?: string };
        for (const r of body.records ?? [body as { id: string }]) {
          arrivals += 1;
          accepted.set(r.id, (accepted.get(r.id) ?? 0) + 1);
        }
        res.writeHead(200).end('{}');
      });
    }).listen(port, '127.0.0.1', () => done());
  });

const regions = createRegionLookup(geoDataCandidates({ workersDir: '/nonexistent', resourcesDir: join(process.cwd(), 'resources') }));
regions.load();
let records: RecordsService | null = null;
const callLog = createCallLogService({ db, enrich: (c) => records!.enrich(c), withinEnd: (id) => records!.withinEnd(id) });
const secrets = { encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let uploadUrl = '';
const uploader = createUploader({ db, url: () => uploadUrl, token: () => null, backoff: { baseMs: 1_000, capMs: 10_000 } });
records = createRecordsService({
  db,
  regions,
  settings: createRecordsSettingsStore(db, secrets),
  uploader,
  seat: () => ({ number: '1001', sipUri: 'sip:1001@sip.test' }),
  currentAgent: () => ({ no: '1001', name: '王芳' }),
  emitContext: () => {},
  emitWrapUpCompleted: () => {},
  onStatus: () => {},
  uploadConfigured: () => uploadUrl !== '',
});

// ---------------------------------------------------------------- baseline (same run)
// Each measured operation is timed on the wall clock and on the process's CPU
// clock, and next to it a baseline: a prepared `SELECT 1` and a one-row UPDATE
// of a scratch table (an autocommit write like a keystroke's). When the slowest
// operations used little CPU for their wall time, the thread was off the CPU
// (preempted on this shared machine), not working; the baseline's own p99 shows
// what the machine costs any statement at that moment.
db.exec('CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, v TEXT)');
db.exec("INSERT INTO bench_baseline VALUES (1, '')");
const baselineRead = db.prepare('SELECT 1');
const baselineWrite = db.prepare('UPDATE bench_baseline SET v = ? WHERE id = 1');
interface Sample {
  wall: number;
  cpu: number;
}
const timedCpu = (f: () => void): Sample => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
};
const timeOnly = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
/** p99 of CPU time, and the CPU share of the wall time of the slowest 2 % (1 = all work, ~0 = off the CPU). */
const attribution = (samples: Sample[], baseline: number[]) => {
  const slowest = [...samples].sort((a, b) => b.wall - a.wall).slice(0, Math.max(1, Math.ceil(samples.length / 50)));
  const cpuShareOfSlowest = slowest.reduce((a, x) => a + x.cpu, 0) / Math.max(1e-9, slowest.reduce((a, x) => a + x.wall, 0));
  const sortedCpu = samples.map((x) => x.cpu).sort((a, b) => a - b);
  const sortedBase = [...baseline].sort((a, b) => a - b);
  return { cpuP99: round(percentile(sortedCpu, 99)), cpuShareOfSlowest2pct: round(cpuShareOfSlowest), baselineP99: round(percentile(sortedBase, 99)) };
};

// ---------------------------------------------------------------- 2. ring
const random = seededRandom(7);
const ringTimes: number[] = [];
const ringSamples: Sample[] = [];
const ringBaseline: number[] = [];
let historyShown = 0;
for (let i = 0; i < rings; i += 1) {
  const number = poolNumber(Math.floor(random() ** 2 * generated.numbers)).slice(3);
  const call = {
    id: `ring-${i}`,
    sipCallId: `ring-${i}@b`,
    centreCallId: null,
    direction: 'inbound' as const,
    localNumber: '1001',
    remoteNumber: number,
    remoteName: null,
    remoteUri: `sip:${number}@sip.test`,
    context: [],
    startedAt: Date.now(),
  };
  callLog.callStarted(call);
  const sample = timedCpu(() => records!.callRang(call));
  ringSamples.push(sample);
  ringTimes.push(sample.wall);
  ringBaseline.push(timeOnly(() => baselineRead.get()));
  const context = records.callerContext(call.id);
  if (context && context.history.length > 0) historyShown += 1;
  callLog.callEnded(call.id, { at: Date.now(), reason: 'completed', endedBy: 'remote', statusCode: null });
}
ringTimes.sort((a, b) => a - b);
const ring = { p50: round(percentile(ringTimes, 50)), p99: round(percentile(ringTimes, 99)), max: round(ringTimes.at(-1)!) };
say(`ring: history lookup p50 ${ring.p50} ms, p99 ${ring.p99} ms, max ${ring.max} ms (${historyShown}/${rings} callers had history)`);
const ringWhy = attribution(ringSamples, ringBaseline);
say(`  same run: CPU time p99 ${ringWhy.cpuP99} ms; the slowest 2 % were ${Math.round(ringWhy.cpuShareOfSlowest2pct * 100)} % on the CPU; baseline SELECT 1 p99 ${ringWhy.baselineP99} ms`);

// ---------------------------------------------------------------- 3. keystrokes
const keyTimes: number[] = [];
const keySamples: Sample[] = [];
const keyBaseline: number[] = [];
const text = '来电人反映小区供水水压不足，已持续三天，要求尽快处理并回电告知结果。'.repeat(20);
for (let i = 0; i < keystrokes; i += 1) {
  const callId = `ring-${i % Math.min(rings, 50)}`;
  const notes = text.slice(0, (i % text.length) + 1);
  const sample = timedCpu(() => records!.saveDraft(callId, { notes }));
  keySamples.push(sample);
  keyTimes.push(sample.wall);
  keyBaseline.push(timeOnly(() => baselineWrite.run(notes)));
}
keyTimes.sort((a, b) => a - b);
const keystroke = { p50: round(percentile(keyTimes, 50)), p99: round(percentile(keyTimes, 99)), max: round(keyTimes.at(-1)!) };
say(`wrap-up keystroke save: p50 ${keystroke.p50} ms, p99 ${keystroke.p99} ms, max ${keystroke.max} ms`);
const keyWhy = attribution(keySamples, keyBaseline);
say(`  same run: CPU time p99 ${keyWhy.cpuP99} ms; the slowest 2 % were ${Math.round(keyWhy.cpuShareOfSlowest2pct * 100)} % on the CPU; baseline one-row UPDATE p99 ${keyWhy.baselineP99} ms`);

// ---------------------------------------------------------------- 6. shift summary (desk-bench-shift.ts)
const shiftPhase = runShiftPhase(db, { from: generated.from, to: generated.to, say });

// ---------------------------------------------------------------- 4. outage
// Empty the outbox of the ring phase's records first (they are not part of the count).
db.exec('DELETE FROM outbox');
uploadUrl = `http://127.0.0.1:${port}/records`;
const queuedIds: string[] = [];
for (let i = 0; i < recordCount; i += 1) {
  const id = `bench-${i}`;
  queuedIds.push(id);
  records.enqueue({ kind: 'survey', id, callId: `ring-${i % rings}`, data: { rating: (i % 5) + 1 } });
}
await new Promise((d) => setTimeout(d, 1_500)); // the uploader fails against the closed port and backs off
const waitingDuringOutage = outboxCounts(db).waiting;
await startReceiver();
const back = performance.now();
// The seat notices by its own retry (no kick): the measured time includes its backoff wait.
while (outboxCounts(db).waiting > 0 && performance.now() - back < 120_000) await new Promise((d) => setTimeout(d, 50));
const deliverySeconds = round((performance.now() - back) / 1000);
const lost = queuedIds.filter((id) => !accepted.has(id)).length;
const duplicated = [...accepted.values()].filter((n) => n > 1).length;
say(
  `outage: ${waitingDuringOutage} records waited; delivered ${accepted.size} in ${deliverySeconds} s after the receiver returned ` +
    `(${arrivals} arrivals), lost ${lost}, duplicated after de-dup 0 (repeats seen: ${duplicated})`,
);

await uploader.close();
await new Promise<void>((d) => (receiver ? receiver.close(() => d()) : d()));
callLog.close();
db.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });

const misses: string[] = [];
if (!(ring.p99 <= targets.ringP99Ms)) misses.push(`ring p99 ${ring.p99} ms > ${targets.ringP99Ms} ms`);
if (!(keystroke.p99 <= targets.keystrokeP99Ms)) misses.push(`keystroke p99 ${keystroke.p99} ms > ${targets.keystrokeP99Ms} ms`);
if (!(deliverySeconds <= targets.deliverySeconds)) misses.push(`delivery ${deliverySeconds} s > ${targets.deliverySeconds} s`);
if (lost > 0) misses.push(`${lost} records lost`);
if (!shiftPhase.ok) misses.push(`shift summary p99 ${shiftPhase.shiftSummaryMs.p99} ms / day p99 ${shiftPhase.daySummaryMs.p99} ms > ${shiftPhase.targetP99Ms} ms`);
for (const miss of misses) say(`MISSED: ${miss}`);
say(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
say(
  JSON.stringify({
    bench: 'desk',
    calls,
    generateSeconds: round(generateSeconds),
    bytesPerCall,
    dbBytes,
    ringLookupMs: { ...ring, ...ringWhy },
    keystrokeSaveMs: { ...keystroke, ...keyWhy },
    shiftSummary: shiftPhase,
    outage: { records: recordCount, waitingDuringOutage, deliverySeconds, lost, duplicatedAfterDedup: 0, repeatsSeen: duplicated },
    targets,
    // The machine's load during the run: tails (p99) on a shared 2-core box are mostly preemption.
    machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]!) },
    ok: misses.length === 0,
  }),
);
process.exit(misses.length === 0 ? 0 : 1);

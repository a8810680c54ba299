/**
 * Records end to end, in Chromium through the browser-mode host with the rig:
 * sipp calls twice from the same number (From on the first call,
 * P-Asserted-Identity +86… on the second, with X-Queue and X-Call-Uid); the
 * context panel shows the queue, the region and the earlier call. The agent
 * fills the wrap-up and a work order; the host is killed with SIGKILL while
 * the agent types, and restarted on the same data folder — the draft is
 * there, at most the last keystroke short. The records server, down all
 * along, comes back — every record arrives, once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { screenshot } from './support/chromium.js';
import { connectContract } from './support/contract-client.js';
import { startPhoneSeat, waitForStatus, type PhoneSeat } from './support/phone-seat.js';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('records: caller context, wrap-up saved as typed, delivery once', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;
  let restarted: WebHostProcess | null = null;
  let receiver: Server | null = null;
  const arrivals = new Map<string, number>();
  let recordsPort = 0;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-records-'));
    recordsPort = await freePort();
    rig = await startRig();
    seat = await startPhoneSeat({
      kamailio: rig.kamailio,
      user: '1004',
      micHz: 440,
      workDir,
      profile: { autoAnswer: 'when-requested', wrapUpSeconds: 0, recordsUploadUrl: `http://127.0.0.1:${recordsPort}/records` },
    });
    await seat.contract.call('signIn', { agentNo: '1004', name: '王芳' }).catch(() => null);
  });

  afterAll(async () => {
    await restarted?.stop({ removeData: true });
    await seat?.stop().catch(() => {});
    await new Promise((r) => (receiver ? receiver.close(r) : r(null)));
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows the earlier call, queue and region on the second ring; the draft survives SIGKILL; records arrive once', async () => {
    const { page } = seat;

    // First call: From 13800138000, answered by itself, the caller hangs up.
    const first = await startSipp({
      scenario: 'uac-answered-caller-hangs-up',
      target: rig.kamailio.udpPort,
      callee: '1004',
      caller: '13800138000',
      uidPrefix: 'FIRST-',
      pauseMs: 800,
      headers: { 'Answer-Mode': 'Auto' },
    });
    expect((await first.done).exitCode).toBe(0);
    await waitForStatus(seat.contract, (s) => s.agent.state === 'ready', 10_000);

    // Second call: the same caller as +86… in P-Asserted-Identity, with the centre's queue and call id.
    const second = startSipp({
      scenario: 'uac-answered-caller-hangs-up',
      target: rig.kamailio.udpPort,
      callee: '1004',
      caller: '13800138000',
      uidPrefix: 'HL-7788-',
      pauseMs: 2_500,
      headers: { 'P-Asserted-Identity': '<sip:+8613800138000@centre.test>', 'X-Queue': '疫苗咨询' },
    });
    await page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    const context = page.getByTestId('caller-context');
    await context.waitFor({ timeout: 5_000 });
    await expect.poll(() => page.getByTestId('caller-number').textContent()).toBe('138 0013 8000');
    await expect(page.getByTestId('caller-region').textContent()).resolves.toContain('北京');
    await expect(context.locator('[data-header="X-Queue"] dd').textContent()).resolves.toBe('疫苗咨询');
    await expect(context.locator('[data-header="X-Call-Uid"] dd').textContent()).resolves.toBe('HL-7788-1');
    await expect(page.getByTestId('caller-history').locator('li').count()).resolves.toBe(1);
    await expect(page.getByTestId('repeat-caller').count()).resolves.toBe(1);
    await screenshot(page, 'records-caller-context');

    const { calls } = await seat.contract.call('getPhoneState', {});
    const callId = calls[0]!.id;
    await seat.contract.call('answerCall', { callId });

    // During the call: category, sub-topic, a work order.
    const form = page.getByTestId('wrap-up-form');
    await form.waitFor();
    await page.getByTestId('wrap-up-category').selectOption('投诉');
    await page.getByTestId('wrap-up-subtopic').fill('疫苗接种');
    await page.getByTestId('wrap-up-outcome').selectOption('work-order');
    await page.getByTestId('work-order-department').fill('区疾控中心');
    await page.getByTestId('work-order-summary').fill('接种点排队过长');
    expect((await (await second).done).exitCode).toBe(0);

    // The agent types the notes, key by key; the host is killed mid-word.
    const notes = page.getByTestId('wrap-up-notes');
    await notes.click();
    const text = '来电反映社区接种点排队两个多小时';
    const typing = page.keyboard.type(text, { delay: 60 }).catch(() => {});
    await expect.poll(() => notes.inputValue(), { timeout: 5_000 }).toMatch(/^.{6,}/);
    const onScreen = await notes.inputValue();
    process.kill(seat.host.pid, 'SIGKILL');
    await typing;

    restarted = await startWebHostProcess({ dataDir: seat.host.dataDir });
    await page.goto(`${restarted.url}&probe=1&audioProcessing=0`);
    const contract = await connectContract(restarted);
    const saved = await contract.call('getWrapUp', { callId });
    expect(onScreen.startsWith(saved.notes) || saved.notes.startsWith(onScreen)).toBe(true);
    expect(onScreen.length - saved.notes.length).toBeLessThanOrEqual(1);
    expect(saved).toMatchObject({ category: '投诉', subTopic: '疫苗接种', outcome: 'work-order', status: 'draft' });
    expect(saved.workOrder).toMatchObject({ department: '区疾控中心', summary: '接种点排队过长' });
    // The draft is on screen again, and listed as unfinished.
    await expect.poll(() => page.getByTestId('wrap-up-notes').inputValue(), { timeout: 10_000 }).toBe(saved.notes);
    await screenshot(page, 'records-draft-after-kill');

    await page.getByTestId('wrap-up-complete').click();
    await expect.poll(async () => (await contract.call('getWrapUp', { callId })).status).toBe('complete');
    const status = await contract.call('getStatus', {});
    expect(status.records?.waiting).toBeGreaterThanOrEqual(4);
    await expect(page.getByTestId('records-waiting').textContent()).resolves.toMatch(/待上传记录/);

    // The records server comes back.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { records?: { id: string }[]; id?: string };
        for (const r of body.records ?? [body as { id: string }]) arrivals.set(r.id, (arrivals.get(r.id) ?? 0) + 1);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => receiver!.listen(recordsPort, '127.0.0.1', r));
    await contract.call('uploadRecordsNow', {});
    await expect.poll(async () => (await contract.call('getStatus', {})).records?.waiting, { timeout: 20_000 }).toBe(0);
    const ids = [...arrivals.keys()];
    expect(ids).toContain(`call-${callId}`);
    expect(ids).toContain(`wrapup-${callId}-1`);
    expect(ids.filter((id) => id.startsWith('wo-'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('call-'))).toHaveLength(2);
    expect([...arrivals.values()].every((n) => n === 1)).toBe(true);
    await expect.poll(() => page.getByTestId('records-waiting').count()).toBe(0);

    // Export of today from the desk: a download in browser mode, CSV with a BOM.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^hotseat-records-\d{12}_\d{12}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"138 0013 8000","北京"');
    expect(csv).toContain('"投诉","疫苗接种"');
    contract.close();
  }, 120_000);
});

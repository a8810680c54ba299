/**
 * One softphone seat for end-to-end tests: its own browser-mode host (own
 * data folder, own core, own SIP registration) and its own Chromium (own
 * profile, own fake-microphone WAV), configured for a rig user and
 * registered. The page runs with the media test probe (`probe=1`) and
 * without echo cancellation/AGC (`audioProcessing=0`) so levels can be
 * asserted.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { defaultProfile, type ProfileInput, type SeatStatus } from '../../../main/contract/index.js';
import type { KamailioHandle } from '../../rig/index.js';
import { makeToneWav } from '../../rig/index.js';
import { launchChromium, type ChromiumParty } from './chromium.js';
import { connectContract, type ContractClient } from './contract-client.js';
import { startWebHostProcess, type WebHostProcess } from './web-host-process.js';

export interface PhoneSeat {
  readonly user: string;
  readonly host: WebHostProcess;
  readonly browser: ChromiumParty;
  readonly page: Page;
  /** A second contract client (set-up and observation only; the page does the work). */
  readonly contract: ContractClient;
  readonly micWav: string;
  status(): Promise<SeatStatus>;
  stop(): Promise<void>;
}

export interface PhoneSeatOptions {
  readonly kamailio: KamailioHandle;
  readonly user: string;
  /** Frequency of the seat's fake microphone (Chromium plays this WAV as the mic). */
  readonly micHz: number;
  /** Folder for the mic WAV. */
  readonly workDir: string;
  readonly profile?: Partial<ProfileInput>;
  /** Wait for Ready after registering (default true). */
  readonly ready?: boolean;
}

export async function startPhoneSeat(options: PhoneSeatOptions): Promise<PhoneSeat> {
  const { kamailio: k, user } = options;
  const micWav = makeToneWav(join(options.workDir, `seat-${user}-mic-${options.micHz}hz.wav`), {
    freqHz: options.micHz,
    seconds: 20,
    sampleRate: 48000,
    amplitude: 0.5,
  });
  const host = await startWebHostProcess();
  let browser: ChromiumParty | undefined;
  let contract: ContractClient | undefined;
  try {
    contract = await connectContract(host);
    const password = k.users[user];
    if (!password) throw new Error(`rig has no user ${user}`);
    const profile: ProfileInput = {
      ...defaultProfile,
      agentNumber: user,
      sipServers: [k.wsUrl],
      sipUri: k.uri(user),
      authUser: user,
      password,
      iceGatheringTimeoutMs: 500,
      autoAnswer: 'never',
      wrapUpSeconds: 0,
      ...options.profile,
    };
    await contract.call('saveProfile', profile);
    browser = await launchChromium({ fakeMicWav: micWav });
    const page = browser.page;
    await page.goto(`${host.url}&probe=1&audioProcessing=0`);
    await page.getByTestId('phone-panel').waitFor();
    await waitForStatus(contract, (s) => s.registration.state === 'registered', 15_000);
    if (options.ready !== false) {
      await contract.call('setAgentState', { state: 'ready' });
      await waitForStatus(contract, (s) => s.agent.state === 'ready', 5_000);
    }
    const c = contract;
    const b = browser;
    return {
      user,
      host,
      browser: b,
      page,
      contract: c,
      micWav,
      status: () => c.call('getStatus', {}),
      async stop() {
        c.close();
        await b.close();
        await host.stop({ removeData: true });
      },
    };
  } catch (error) {
    contract?.close();
    await browser?.close();
    await host.stop({ removeData: true });
    throw error;
  }
}

export async function waitForStatus(contract: ContractClient, match: (s: SeatStatus) => boolean, timeoutMs: number): Promise<SeatStatus> {
  const from = contract.events.length;
  const now = await contract.call('getStatus', {});
  if (match(now)) return now;
  return contract.waitForEvent<SeatStatus>('statusChanged', match, { timeoutMs, from });
}

/** Hangs up whatever a failed test left connected, so the next test starts idle. */
export async function hangUpEverything(seat: PhoneSeat): Promise<void> {
  const state = await seat.contract.call('getPhoneState', {});
  for (const call of state.calls) {
    if (call.state === 'ringing') await seat.contract.call('rejectCall', { callId: call.id, code: 486 }).catch(() => {});
    else await seat.contract.call('hangupCall', { callId: call.id }).catch(() => {});
  }
}

/**
 * The Electron seat takes `--provision` and `--seat-code` from its command
 * line as browser mode does (the `electron` module is faked).
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron);

const { provisionFromArgs } = await import('../../../main/electron/seat-app.js');

describe('provisioning flags of the Electron seat', () => {
  it('reads --provision and --seat-code, in either form', () => {
    expect(provisionFromArgs(['electron', '.', '--provision', 'https://c.test/seats.json', '--seat-code', '07'], {})).toEqual({
      provision: { source: 'https://c.test/seats.json', seatCode: '07' },
    });
    expect(provisionFromArgs(['hotseat', '--provision=/etc/hotseat/seats.json'], {})).toEqual({ provision: { source: '/etc/hotseat/seats.json' } });
  });

  it('falls back to HOTSEAT_PROVISION, and is off without either', () => {
    expect(provisionFromArgs(['hotseat'], { HOTSEAT_PROVISION: '/srv/seats.json' })).toEqual({ provision: { source: '/srv/seats.json' } });
    expect(provisionFromArgs(['hotseat'], {})).toEqual({});
  });
});

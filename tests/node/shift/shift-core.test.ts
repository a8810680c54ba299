/**
 * Through the real core and its dispatcher: agent A signs in, writes the
 * handover note and signs out; agent B signs in, sees the note, and the
 * acknowledgement lands in the records outbox for the centre, in the same
 * transaction as the acknowledgement itself.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ShiftState } from '../../../main/contract/index.js';
import { createCore } from '../../../main/core/create-core.js';
import { createKeyFileSecretBox } from '../../../main/core/profile/key-file-secret-box.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';

describe('shift through the core', () => {
  it('hands the note from A to B and sends the acknowledgement through the outbox', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, host: 'web', version: 'test', secrets: createKeyFileSecretBox(dataDir), resourcesDir: tempDir(), workersDir: join(repoRoot, 'out', 'workers') });
    const ask = async <T>(method: string, params: unknown): Promise<T> => {
      const r = await core.dispatch(method, params, 'test');
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.value as T;
    };
    try {
      const bad = await core.dispatch('signIn', { agentNo: '10x', name: '' }, 'test');
      expect(bad.ok ? [] : bad.error.issues?.map((i) => i.code)).toEqual(['agentNo.format', 'agentName.required']);
      await ask('signIn', { agentNo: '1059', name: '张三' });
      await ask('saveHandoverNote', { text: '13800138000 明早回访' });
      await ask('signOut', {});
      const b = await ask<ShiftState>('signIn', { agentNo: '1060', name: '王五' });
      expect(b.pendingHandover?.text).toBe('13800138000 明早回访');
      const after = await ask<ShiftState>('acknowledgeHandover', { noteId: b.pendingHandover!.id });
      expect(after.pendingHandover).toBeNull();
    } finally {
      await core.close();
    }
    const db = new BetterSqlite3(join(dataDir, 'seat.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT kind, body FROM outbox ORDER BY seq').all() as { kind: string; body: string }[];
      expect(rows.map((r) => r.kind)).toEqual(['shift', 'handover-ack']);
      const ack = JSON.parse(rows[1]!.body) as { agent: { no: string }; data: { fromAgentNo: string; acknowledgedBy: string; text: string } };
      expect(ack.agent.no).toBe('1060');
      expect(ack.data).toMatchObject({ fromAgentNo: '1059', acknowledgedBy: '1060', text: '13800138000 明早回访' });
      expect(JSON.parse(rows[0]!.body)).toMatchObject({ kind: 'shift', agent: { no: '1059' } });
    } finally {
      db.close();
    }
  });
});

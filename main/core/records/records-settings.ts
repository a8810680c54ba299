/**
 * Records settings: one validated JSON row, and the records endpoint's
 * bearer token sealed by the seat's SecretBox (like the SIP password; never
 * sent back to the window).
 */
import type { Database } from 'better-sqlite3';
import {
  defaultRecordsSettings,
  recordsSettingsInputSchema,
  type RecordsSettings,
  type RecordsSettingsView,
} from '../../contract/index.js';
import { createLogger } from '../base/log.js';

const log = createLogger('records');

/** The seat's SecretBox (profile), injected by the composition root. */
export interface SecretSealer {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export interface RecordsSettingsStore {
  current(): RecordsSettings;
  view(): RecordsSettingsView;
  save(input: RecordsSettings & { uploadToken?: string | undefined; clearUploadToken?: boolean | undefined }, at: number): RecordsSettingsView;
  token(): string | null;
}

export function createRecordsSettingsStore(db: Database, secrets: SecretSealer): RecordsSettingsStore {
  let cached: { settings: RecordsSettings; sealed: Buffer | null } | null = null;
  const load = () => {
    if (cached) return cached;
    const row = db.prepare('SELECT settings_json, token_enc FROM records_settings WHERE id = 1').get() as
      | { settings_json: string; token_enc: Buffer | null }
      | undefined;
    let settings = defaultRecordsSettings;
    if (row) {
      const parsed = recordsSettingsInputSchema.safeParse(safeJson(row.settings_json));
      if (parsed.success) {
        const { uploadToken: _t, clearUploadToken: _c, ...rest } = parsed.data;
        settings = rest;
      } else log.warn('stored records settings do not validate; using the defaults');
    }
    cached = { settings, sealed: row?.token_enc ?? null };
    return cached;
  };
  const toView = (): RecordsSettingsView => ({ ...load().settings, hasUploadToken: load().sealed !== null });
  return {
    current: () => load().settings,
    view: toView,
    save(input, at) {
      const { uploadToken, clearUploadToken, ...rest } = input;
      // Only the settings' own fields are stored (a view passed back carries hasUploadToken).
      const { hasUploadToken: _h, ...settings } = rest as typeof rest & { hasUploadToken?: boolean };
      const sealed = clearUploadToken ? null : uploadToken !== undefined && uploadToken !== '' ? secrets.encrypt(uploadToken) : load().sealed;
      db.prepare(
        `INSERT INTO records_settings (id, settings_json, token_enc, updated_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json, token_enc = excluded.token_enc, updated_at = excluded.updated_at`,
      ).run(JSON.stringify(settings), sealed, at);
      cached = null;
      return toView();
    },
    token() {
      const { sealed } = load();
      if (!sealed) return null;
      try {
        return secrets.decrypt(sealed);
      } catch (error) {
        log.error('cannot decrypt the records token; enter it again in the settings', error);
        return null;
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * SQL for the seat profile, as plain functions taking the database.
 */
import type { Database } from 'better-sqlite3';
import type { SeatProfile } from '../../contract/index.js';

interface ProfileRow {
  agent_number: string;
  sip_servers_json: string;
  sip_uri: string;
  auth_user: string;
  register_expires: number;
  kb_source_url: string;
  kb_public_key: string;
  trusted_ca_pem: string;
  echo_number: string;
  self_check_blocks_ready: number;
  records_upload_url: string;
  survey_mode: string;
  survey_ivr_uri: string;
  auto_answer: string;
  wrap_up_seconds: number;
  not_ready_reject_code: number;
  dtmf_mode: string;
  ice_servers_json: string;
  ice_gathering_timeout_ms: number;
  context_headers_json: string;
  microphone_id: string;
  speaker_id: string;
  ring_device_id: string;
  language: string;
  shortcuts_json: string;
  global_shortcuts: number;
  sip_password_enc: Buffer | null;
  updated_at: string;
}

export interface StoredProfile {
  /** Raw stored values; the service validates them before use. */
  readonly profile: Record<keyof SeatProfile, unknown>;
  readonly sealedPassword: Buffer | null;
  readonly updatedAt: string;
}

export function readProfile(db: Database): StoredProfile | undefined {
  const row = db.prepare('SELECT * FROM seat_profile WHERE id = 1').get() as ProfileRow | undefined;
  if (!row) return undefined;
  return {
    profile: {
      agentNumber: row.agent_number,
      sipServers: parseJson(row.sip_servers_json),
      sipUri: row.sip_uri,
      authUser: row.auth_user,
      registerExpires: row.register_expires,
      kbSourceUrl: row.kb_source_url,
      kbPublicKey: row.kb_public_key,
      trustedCaPem: row.trusted_ca_pem,
      echoNumber: row.echo_number,
      selfCheckBlocksReady: row.self_check_blocks_ready === 1,
      recordsUploadUrl: row.records_upload_url,
      surveyMode: row.survey_mode,
      surveyIvrUri: row.survey_ivr_uri,
      autoAnswer: row.auto_answer,
      wrapUpSeconds: row.wrap_up_seconds,
      notReadyRejectCode: row.not_ready_reject_code,
      dtmfMode: row.dtmf_mode,
      iceServers: parseJson(row.ice_servers_json),
      iceGatheringTimeoutMs: row.ice_gathering_timeout_ms,
      contextHeaders: parseJson(row.context_headers_json),
      microphoneId: row.microphone_id,
      speakerId: row.speaker_id,
      ringDeviceId: row.ring_device_id,
      language: row.language,
      shortcuts: parseJson(row.shortcuts_json),
      globalShortcuts: row.global_shortcuts === 1,
    },
    sealedPassword: row.sip_password_enc,
    updatedAt: row.updated_at,
  };
}

/** Inserts or replaces the one profile row. `sealedPassword` undefined keeps the stored one. */
export function writeProfile(db: Database, p: SeatProfile, sealedPassword: Buffer | null | undefined, updatedAt: string): void {
  db.prepare(
    `INSERT INTO seat_profile (
       id, agent_number, sip_servers_json, sip_uri, auth_user, register_expires,
       kb_source_url, kb_public_key, trusted_ca_pem, echo_number, self_check_blocks_ready, records_upload_url, survey_mode, survey_ivr_uri, auto_answer, wrap_up_seconds,
       not_ready_reject_code, dtmf_mode, ice_servers_json, ice_gathering_timeout_ms, context_headers_json,
       microphone_id, speaker_id, ring_device_id, language, shortcuts_json, global_shortcuts, sip_password_enc, updated_at)
     VALUES (1, @agentNumber, @sipServers, @sipUri, @authUser, @registerExpires,
       @kbSourceUrl, @kbPublicKey, @trustedCaPem, @echoNumber, @selfCheckBlocksReady, @recordsUploadUrl, @surveyMode, @surveyIvrUri, @autoAnswer, @wrapUpSeconds,
       @notReadyRejectCode, @dtmfMode, @iceServers, @iceGatheringTimeoutMs, @contextHeaders,
       @microphoneId, @speakerId, @ringDeviceId, @language, @shortcuts, @globalShortcuts, @sealedPassword, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET
       agent_number = excluded.agent_number,
       sip_servers_json = excluded.sip_servers_json, sip_uri = excluded.sip_uri,
       auth_user = excluded.auth_user, register_expires = excluded.register_expires,
       kb_source_url = excluded.kb_source_url, kb_public_key = excluded.kb_public_key, trusted_ca_pem = excluded.trusted_ca_pem, echo_number = excluded.echo_number, self_check_blocks_ready = excluded.self_check_blocks_ready, records_upload_url = excluded.records_upload_url,
       survey_mode = excluded.survey_mode, survey_ivr_uri = excluded.survey_ivr_uri,
       auto_answer = excluded.auto_answer, wrap_up_seconds = excluded.wrap_up_seconds,
       not_ready_reject_code = excluded.not_ready_reject_code, dtmf_mode = excluded.dtmf_mode,
       ice_servers_json = excluded.ice_servers_json, ice_gathering_timeout_ms = excluded.ice_gathering_timeout_ms,
       context_headers_json = excluded.context_headers_json, microphone_id = excluded.microphone_id,
       speaker_id = excluded.speaker_id, ring_device_id = excluded.ring_device_id, language = excluded.language,
       shortcuts_json = excluded.shortcuts_json, global_shortcuts = excluded.global_shortcuts,
       sip_password_enc = CASE WHEN @keepPassword THEN seat_profile.sip_password_enc ELSE excluded.sip_password_enc END,
       updated_at = excluded.updated_at`,
  ).run({
    ...p,
    sipServers: JSON.stringify(p.sipServers),
    iceServers: JSON.stringify(p.iceServers),
    contextHeaders: JSON.stringify(p.contextHeaders),
    shortcuts: JSON.stringify(p.shortcuts),
    globalShortcuts: p.globalShortcuts ? 1 : 0,
    selfCheckBlocksReady: p.selfCheckBlocksReady ? 1 : 0,
    sealedPassword: sealedPassword ?? null,
    keepPassword: sealedPassword === undefined ? 1 : 0,
    updatedAt,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every migration, in order. Append new ones at the end with the next
 * number; never edit or reorder one that has shipped.
 */
import type { Migration } from '../migration.js';
import { m0001SeatProfile } from './0001-seat-profile.js';
import { m0002ProfileShortcuts } from './0002-profile-shortcuts.js';
import { m0010KbCache } from './0010-kb-cache.js';
import { m0011KbSyncState } from './0011-kb-sync-state.js';
import { m0020Calls } from './0020-calls.js';
import { m0030CallRecords } from './0030-call-records.js';
import { m0031RecordsSettings } from './0031-records-settings.js';
import { m0040Survey } from './0040-survey.js';
import { m0050AgentsShifts } from './0050-agents-shifts.js';
import { m0051HandoverNotes } from './0051-handover-notes.js';
import { m0052CallPhrases } from './0052-call-phrases.js';
import { m0053CallbackOutcomes } from './0053-callback-outcomes.js';
import { m0060KbSynonyms } from './0060-kb-synonyms.js';
import { m0061KbPinyinIndex } from './0061-kb-pinyin-index.js';
import { m0065ProfileKbPublicKey } from './0065-profile-kb-public-key.js';
import { m0066KbSyncGuards } from './0066-kb-sync-guards.js';
import { m0080ProvisioningState } from './0080-provisioning-state.js';
import { m0081ProfileTrustedCa } from './0081-profile-trusted-ca.js';
import { m0082ProfileEchoNumber } from './0082-profile-echo-number.js';
import { m0083ProfileSelfCheckBlocksReady } from './0083-profile-self-check-blocks-ready.js';

export const migrations: readonly Migration[] = [m0001SeatProfile, m0002ProfileShortcuts, m0010KbCache, m0011KbSyncState, m0020Calls, m0030CallRecords, m0031RecordsSettings, m0040Survey, m0050AgentsShifts, m0051HandoverNotes, m0052CallPhrases, m0053CallbackOutcomes, m0060KbSynonyms, m0061KbPinyinIndex, m0065ProfileKbPublicKey, m0066KbSyncGuards, m0080ProvisioningState, m0081ProfileTrustedCa, m0082ProfileEchoNumber, m0083ProfileSelfCheckBlocksReady];

/**
 * The status bar's KB words: "版本 42 · 3 分钟前同步", "离线 · 上次同步 1 小时前",
 * "尚未同步", "同步中…".
 */
import type { KbStatus } from '../../../main/contract/index.js';
import type { Translate } from '../../i18n/catalogue.js';
import { formatAgo } from '../status-bar/format-ago.js';

export function kbStatusText(t: Translate, kb: KbStatus, now: number): string {
  if (kb.state === 'unknown') return t('status.kb.unknown');
  if (kb.state === 'syncing') return t('status.kb.syncing');
  const ago = kb.lastSyncedAt === null ? t('status.kb.never') : formatAgo(t, kb.lastSyncedAt, now);
  if (kb.state === 'offline') return t('status.kb.offline', { ago });
  if (kb.lastSyncedAt === null) return t('status.kb.never');
  return t('status.kb.ready', { version: kb.version ?? '-', ago });
}

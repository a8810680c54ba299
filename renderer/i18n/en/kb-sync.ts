/** Knowledge-base sync strings (keys from zh-CN/kb-sync.ts). */
import type { kbSync as zh } from '../zh-CN/kb-sync.js';

export const kbSync: Record<keyof typeof zh, string> = {
  'kbSync.syncNow': 'Sync now',
  'kbSync.syncNow.title': 'Fetch the latest knowledge base from the centre',
  'kbSync.phase.checking': 'Checking',
  'kbSync.phase.downloading': 'Downloading',
  'kbSync.phase.applying': 'Writing',
  'kbSync.phase.optimizing': 'Optimizing index',
  'kbSync.progress': 'Knowledge-base sync progress',
  'kbSync.error': 'Sync error',
  'kbSync.error.untrusted': 'KB publication not signed by the centre: refused, keeping this seat’s copy',
  'kbSync.error.refused': 'KB publication would remove most of the KB: refused, keeping this seat’s copy',
  'kbSync.offlineHint': 'Cannot reach the knowledge-base centre; using this seat’s copy: {error}',
};

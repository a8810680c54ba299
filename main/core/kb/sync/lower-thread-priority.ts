/**
 * Lowers the priority of the calling thread only (Linux: `nice` is per
 * thread, and /proc/thread-self names it). The sync worker and its prepare
 * helpers call this so that, on a 2-core seat, the main process's event loop,
 * the renderer and call audio always get the CPU first; a sync then takes
 * longer only when something else needs the cores. Elsewhere it does nothing.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Returns whether the priority was lowered. */
export function lowerThreadPriority(nice: number): boolean {
  if (process.platform !== 'linux' || nice <= 0) return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.min(19, nice));
    return true;
  } catch {
    return false;
  }
}

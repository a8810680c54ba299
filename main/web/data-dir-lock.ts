/**
 * One host per seat data folder. Two hosts on one folder would register the
 * same seat twice and race on the database, so the second one refuses to
 * start and says which process holds the folder. A lock left by a process
 * that died is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the seat data folder ${dataDir} is in use by another Hotseat (pid ${pid}); stop it first, or start this one with another --data-dir`);
    this.name = 'DataDirInUseError';
  }
}

/** Lock files this process holds: our own pid in a lock we do not hold is a dead predecessor's (pid reuse). */
const heldHere = new Set<string>();

/** Takes the folder's lock; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, 'host.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      heldHere.add(lockPath);
      return () => {
        heldHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      const held = holder === process.pid ? heldHere.has(lockPath) : Number.isInteger(holder) && holder > 0 && isAlive(holder);
      if (held) throw new DataDirInUseError(dataDir, holder);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock the seat data folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * How a publication reaches the output folder without ever being half
 * written, even if the publisher dies midway: a roll-forward journal.
 *
 * ```
 *   write OUTDIR/.staging/{snapshot, pages, publication.json}
 *   write OUTDIR/.staging/COMMIT  (fsync'd; lists the moves in order, and files to prune)
 *   ── commit point ──
 *   rename each staged file over its place, in the listed order
 *   delete pruned pages, remove .staging
 * ```
 * A run that finds `.staging/COMMIT` finishes those renames first (they are
 * idempotent); a `.staging` without COMMIT is an aborted attempt and is
 * deleted. Each rename is atomic, and the order (new pages, then the old head
 * page that now links to them, then the snapshot, then the manifest) means a
 * seat that reads the folder at any moment finds every cursor it is given.
 */
import { mkdir, open, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const stagingFolderName = '.staging';
const commitFileName = 'COMMIT';

const commitSchema = z.object({
  /** Paths relative to the output folder, moved from .staging in this order. */
  moves: z.array(z.string()),
  /** Paths relative to the output folder, deleted after the moves. */
  prune: z.array(z.string()),
});
export type CommitPlan = z.output<typeof commitSchema>;

export function stagingDir(outDir: string): string {
  return join(outDir, stagingFolderName);
}

/** Writes a file inside .staging (folders created as needed). */
export async function stageFile(outDir: string, relativePath: string, content: string | Buffer): Promise<void> {
  const path = join(stagingDir(outDir), relativePath);
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Starts a staging area, clearing an aborted one. Returns true if a committed one had to be finished first. */
export async function prepareStaging(outDir: string): Promise<boolean> {
  const finished = await finishCommitted(outDir);
  await rm(stagingDir(outDir), { recursive: true, force: true });
  await mkdir(stagingDir(outDir), { recursive: true });
  return finished;
}

/** Writes the commit point and applies it. */
export async function commitStaging(outDir: string, plan: CommitPlan): Promise<void> {
  await stageFile(outDir, commitFileName, JSON.stringify(plan));
  await applyCommit(outDir, plan);
}

/** Throws away the staging area (nothing of it was committed). */
export async function abandonStaging(outDir: string): Promise<void> {
  await rm(stagingDir(outDir), { recursive: true, force: true });
}

async function finishCommitted(outDir: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(join(stagingDir(outDir), commitFileName), 'utf8');
  } catch {
    return false;
  }
  const plan = commitSchema.parse(JSON.parse(text));
  await applyCommit(outDir, plan);
  return true;
}

async function applyCommit(outDir: string, plan: CommitPlan): Promise<void> {
  for (const relativePath of plan.moves) {
    const target = join(outDir, relativePath);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(join(stagingDir(outDir), relativePath), target);
    } catch (error) {
      // Already moved by the run that died: rolling forward is idempotent.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  for (const relativePath of plan.prune) await unlink(join(outDir, relativePath)).catch(() => undefined);
  await rm(stagingDir(outDir), { recursive: true, force: true });
}

/** Exclusive lock on the output folder: one publisher at a time. */
export async function lockOutput(outDir: string): Promise<() => Promise<void>> {
  const path = join(outDir, '.publish.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(`another kb:publish (pid ${holder}) is writing ${outDir}; wait for it, or delete ${path} if it is not running`);
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`cannot lock ${outDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

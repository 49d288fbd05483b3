import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { AppError } from './errors';
import { readIfExists, writeAtomic } from './fs-util';

/** Who holds a data dir: written beside the lock so a refused process can name it. */
interface LockOwner {
  pid: number;
  mode: string;
  startedAt: string;
}

/** A lock not refreshed for this long belongs to a process that stopped running, in ms. */
const STALE_MS = 10_000;

/** True while a process with this pid exists on this machine. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(
      (await readIfExists(file))?.toString('utf8') ?? 'null',
    ) as Partial<LockOwner> | null;
    return parsed && typeof parsed.pid === 'number'
      ? { pid: parsed.pid, mode: String(parsed.mode ?? 'unknown'), startedAt: String(parsed.startedAt ?? '') }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data dir for this process (proper-lockfile: a `switchboard.lock` directory whose
 * mtime is refreshed every few seconds, plus `switchboard.pid` naming the holder), so two
 * processes never write the same settings, keys and database. A lock left by a process that no
 * longer runs (crashed, SIGKILLed) is taken over at once; one not refreshed for 10 s is stale.
 *
 * @param mode What this process is (`serve`, `electron`), shown to a refused second process.
 * @param onCompromised Called when the lock was taken away while held (the data dir's lock folder removed).
 * @returns A release function (idempotent).
 * @throws AppError `data_dir_in_use` naming the data dir and the running process's pid.
 */
export async function lockDataDir(
  dataDir: string,
  mode: string,
  onCompromised: (error: Error) => void,
): Promise<() => Promise<void>> {
  const lockfilePath = join(dataDir, 'switchboard.lock');
  const ownerFile = join(dataDir, 'switchboard.pid');
  const options = { lockfilePath, realpath: false, stale: STALE_MS, onCompromised };
  let release: () => Promise<void>;
  try {
    release = await lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerFile);
    if (owner && owner.pid !== process.pid && isRunning(owner.pid)) {
      throw new AppError(
        'data_dir_in_use',
        `The data dir ${dataDir} is in use by another Switchboard (${owner.mode}, pid ${owner.pid}${owner.startedAt ? `, started ${owner.startedAt}` : ''}). Quit that one first, or start this one with another --data-dir.`,
      );
    }
    if (!owner || owner.pid === process.pid) {
      throw new AppError(
        'data_dir_in_use',
        `The data dir ${dataDir} is in use by another Switchboard${owner ? ' in this process' : ''}. Quit it first, or start this one with another --data-dir.`,
      );
    }
    // Its holder is gone (a crash or SIGKILL leaves the lock behind): take it over.
    await rm(lockfilePath, { recursive: true, force: true });
    release = await lock(dataDir, options);
  }
  await chmod(lockfilePath, 0o700).catch(() => undefined);
  const owner: LockOwner = { pid: process.pid, mode, startedAt: new Date().toISOString() };
  await writeAtomic(ownerFile, `${JSON.stringify(owner)}\n`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await rm(ownerFile, { force: true });
    await release().catch(() => undefined);
  };
}

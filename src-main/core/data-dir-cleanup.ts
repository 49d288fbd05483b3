import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Temp files write-file-atomic leaves when a write is killed before its rename:
 * `<file>.<uint32 in decimal>` beside each file Switchboard writes atomically.
 */
const LEFTOVER = /^(?:settings\.json|secrets\.enc|serve-token|master\.key|switchboard\.pid)\.\d+$/;

/**
 * Removes leftover temp files of killed atomic writes from the data dir (they pile up and may
 * hold stale encrypted copies of old keys). Call only while holding the data dir's lock: then
 * no write of another process can be in flight.
 *
 * @returns The names removed.
 */
export async function removeLeftoverTempFiles(dataDir: string): Promise<string[]> {
  const names = (await readdir(dataDir)).filter((name) => LEFTOVER.test(name));
  await Promise.all(names.map((name) => rm(join(dataDir, name), { force: true })));
  return names;
}

import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

/** Reads a file, or returns null when it does not exist. Other I/O errors are thrown. */
export async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes a file atomically (temp file + fsync + rename, via write-file-atomic), so a crash
 * leaves either the old or the new contents, never half of one. `mode` defaults to 0600.
 */
export async function writeAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  await writeFileAtomic(file, data, { mode, fsync: true });
}

/** Creates a directory (and parents) readable only by this user. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700).catch(() => undefined);
}

/**
 * Makes sure the data dir exists: a folder Switchboard creates is readable only by this user
 * (0700); an existing folder (say `--data-dir ~/work`) keeps its mode, which is not ours to
 * change — every file Switchboard writes in it is 0600 and its own subfolders 0700.
 *
 * @returns Whether the folder was created, and its permission bits (e.g. 0o755).
 */
export async function ensureDataDir(dir: string): Promise<{ created: boolean; mode: number }> {
  const created = (await mkdir(dir, { recursive: true, mode: 0o700 })) !== undefined;
  if (created) await chmod(dir, 0o700).catch(() => undefined);
  return { created, mode: (await stat(dir)).mode & 0o777 };
}

/**
 * Creates `file` if missing and makes it (and its existing `suffixes` siblings, e.g. SQLite's
 * `-wal`/`-shm`) readable only by this user (0600). Files a library creates take the mode of
 * the file they belong to (SQLite) or the one they are opened with, so this runs before the
 * library opens them.
 */
export function ensurePrivateFile(file: string, suffixes: readonly string[] = []): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, ...suffixes.map((suffix) => file + suffix)]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

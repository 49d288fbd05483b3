import { chmod, mkdir, readFile } from 'node:fs/promises';
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

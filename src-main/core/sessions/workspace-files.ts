import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AppError } from '../errors';

/**
 * Writes `bytes` into `folder` under the file's own name (only its last path part, control and
 * path characters replaced); an existing file is never overwritten: the name gets " (2)",
 * " (3)", … Resolves with the absolute path, the name used and the size in bytes. Throws
 * `invalid_input` for a name with nothing usable left.
 */
export async function addWorkspaceFile(
  folder: string,
  name: string,
  bytes: Buffer,
): Promise<{ path: string; name: string; bytes: number }> {
  const clean = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are what is being replaced
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .trim();
  if (clean === '' || clean === '.' || clean === '..')
    throw new AppError('invalid_input', `"${name}" is not a usable file name.`);
  const extension = extname(clean);
  const stem = clean.slice(0, clean.length - extension.length);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? clean : `${stem} (${n})${extension}`;
    const path = join(folder, candidate);
    try {
      await writeFile(path, bytes, { flag: 'wx' });
      return { path, name: candidate, bytes: bytes.length };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new AppError('invalid_input', `Too many files named "${clean}" in this chat's folder.`);
}

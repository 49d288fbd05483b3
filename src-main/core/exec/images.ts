import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockImage } from './types';

/** The largest image file read back from a kernel, in bytes (a figure is usually 20–200 KB). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Path of image `index` of the kernel whose image token is `token` (the python driver's naming). */
export function imagePath(imageDir: string, token: string, index: string): string {
  return join(imageDir, `img-${token}-${index}.png`);
}

/**
 * Reads and removes an image a kernel saved: `index` must be a decimal number, the file a PNG
 * of at most MAX_IMAGE_BYTES. Returns null (and still removes the file) for anything else, so a
 * block cannot make Switchboard read an arbitrary file. Synchronous: files are small and local,
 * and reading in order keeps images in the order they were shown.
 */
export function takeImage(imageDir: string, token: string, index: string): BlockImage | null {
  if (!/^\d{1,9}$/.test(index)) return null;
  const file = imagePath(imageDir, token, index);
  try {
    const stats = statSync(file);
    if (!stats.isFile() || stats.size > MAX_IMAGE_BYTES) return null;
    const bytes = readFileSync(file);
    if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return null;
    return { format: 'base64.png', data: bytes.toString('base64') };
  } catch {
    return null;
  } finally {
    rmSync(file, { force: true });
  }
}

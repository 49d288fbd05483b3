import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

/** A rectangle in screen coordinates (DIP), as Electron's `Rectangle`. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the window between runs (`window-state.json` in the data dir). */
export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

/** Size of a first window, and the smallest the window may be (DIP). */
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 760, height: 520 } as const;

const boundsSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});
const stateSchema = z.object({ bounds: boundsSchema, maximized: z.boolean() });

/** Reads the saved state; a missing, unreadable or malformed file is `null` (a first run). */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the state atomically (a crash mid-write leaves the previous file). */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state)}\n`, { mode: 0o600 });
}

function overlap(a: Bounds, b: Bounds): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Where the window opens, given the saved state and the displays' work areas now (the first one
 * is the primary display). A window whose display was unplugged, or that would open mostly off
 * screen, moves onto the display it overlaps most (else the primary); one larger than that
 * display shrinks to fit (not below `MIN_SIZE` unless the display is smaller); with no saved
 * state it is `DEFAULT_SIZE` centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Bounds[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const fit = (size: number, min: number, available: number) =>
    Math.round(Math.min(Math.max(size, Math.min(min, available)), available));
  if (!saved) {
    const width = fit(DEFAULT_SIZE.width, MIN_SIZE.width, primary.width);
    const height = fit(DEFAULT_SIZE.height, MIN_SIZE.height, primary.height);
    return {
      bounds: {
        x: primary.x + Math.round((primary.width - width) / 2),
        y: primary.y + Math.round((primary.height - height) / 2),
        width,
        height,
      },
      maximized: false,
    };
  }
  let area = primary;
  let best = 0;
  for (const candidate of workAreas) {
    const shared = overlap(saved.bounds, candidate);
    if (shared > best) {
      best = shared;
      area = candidate;
    }
  }
  const width = fit(saved.bounds.width, MIN_SIZE.width, area.width);
  const height = fit(saved.bounds.height, MIN_SIZE.height, area.height);
  const x = Math.round(Math.min(Math.max(saved.bounds.x, area.x), area.x + area.width - width));
  const y = Math.round(Math.min(Math.max(saved.bounds.y, area.y), area.y + area.height - height));
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

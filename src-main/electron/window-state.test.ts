import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import {
  DEFAULT_SIZE,
  loadWindowState,
  MIN_SIZE,
  placeWindow,
  saveWindowState,
  type Bounds,
} from './window-state';

const laptop: Bounds = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor: Bounds = { x: 1440, y: -200, width: 2560, height: 1400 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('window state file', () => {
  it('round-trips and treats a missing or broken file as a first run', async () => {
    const dir = await tempDir('window-state-');
    cleanups.push(dir.cleanup);
    const file = join(dir.path, 'window-state.json');
    expect(await loadWindowState(file)).toBeNull();
    const state = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true };
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
    await writeFile(file, '{"bounds": {"x": "left"}}');
    expect(await loadWindowState(file)).toBeNull();
    await writeFile(file, 'not json');
    expect(await loadWindowState(file)).toBeNull();
  });
});

describe('placeWindow', () => {
  it('opens a first window at the default size centred on the primary display', () => {
    expect(placeWindow(null, [laptop, rightMonitor])).toEqual({
      bounds: {
        x: (1440 - DEFAULT_SIZE.width) / 2,
        y: Math.round((875 - DEFAULT_SIZE.height) / 2),
        width: DEFAULT_SIZE.width,
        height: DEFAULT_SIZE.height,
      },
      maximized: false,
    });
  });

  it('restores a window that is on a display as it was, maximised included', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1800, height: 1100 }, maximized: true };
    expect(placeWindow(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('brings a window back from an unplugged monitor onto the primary display, shrunk to fit', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1800, height: 1100 }, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({
      bounds: { x: 0, y: 0, width: 1440, height: 875 },
      maximized: false,
    });
  });

  it('pulls a window hanging off an edge fully onto the display it mostly covers', () => {
    const saved = { bounds: { x: 1300, y: 500, width: 1000, height: 800 }, maximized: false };
    // Mostly on the right monitor (y -200..1200): moved right onto it and up so its bottom fits.
    expect(placeWindow(saved, [laptop, rightMonitor])).toEqual({
      bounds: { x: 1440, y: 400, width: 1000, height: 800 },
      maximized: false,
    });
    const offTop = { bounds: { x: 100, y: -400, width: 900, height: 700 }, maximized: false };
    expect(placeWindow(offTop, [laptop]).bounds).toEqual({ x: 100, y: 0, width: 900, height: 700 });
  });

  it('keeps the minimum size unless the display itself is smaller', () => {
    const tiny = { bounds: { x: 0, y: 0, width: 200, height: 100 }, maximized: false };
    expect(placeWindow(tiny, [laptop]).bounds).toEqual({
      x: 0,
      y: 0,
      width: MIN_SIZE.width,
      height: MIN_SIZE.height,
    });
    const smallDisplay: Bounds = { x: 0, y: 0, width: 640, height: 480 };
    expect(placeWindow(tiny, [smallDisplay]).bounds).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });
});

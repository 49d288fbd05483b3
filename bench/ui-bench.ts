// `npm run bench:ui`: the built renderer in Chromium (CHROMIUM_PATH or /usr/bin/chromium) against
// the built `serve`, with sessions seeded through the real SessionStore: 10 chats of 1,000
// messages (code blocks and outputs included) plus a 5-message one. Prints page load to a usable
// composer (cold and warm cache), the script bytes fetched before it, opening the 1,000-message
// chat against the 5-message one, frames while scrolling it, and search over the 10,005 messages
// when the build has search. Not part of `npm test`; numbers, not limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Response } from '@playwright/test';
import { startProcess } from './bench-lib';
import { median, quantile, table } from './stats';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test-support/chromium';
import { seedLongChat } from '../test-support/seed-chat';

const ROUNDS = 5;

const fmt = (value: number): string => `${value.toFixed(0)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

/** Loads the page and waits for the composer to take text; returns ms since navigation start and the script bytes (as sent, compressed) fetched meanwhile. */
async function loadToComposer(
  page: Page,
  url: string,
): Promise<{ ms: number; scriptBytes: number; scripts: number }> {
  const responses: Array<Promise<number>> = [];
  const onResponse = (response: Response) => {
    if (response.request().resourceType() === 'script') {
      responses.push(
        response
          .request()
          .sizes()
          .then((sizes) => sizes.responseBodySize)
          .catch(() => 0),
      );
    }
  };
  page.on('response', onResponse);
  await page.goto(url);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.waitFor();
  await composer.fill('x');
  const ms = await page.evaluate(() => performance.now());
  page.off('response', onResponse);
  const sizes = await Promise.all(responses);
  return { ms, scriptBytes: sizes.reduce((a, b) => a + b, 0), scripts: sizes.length };
}

/** Clicks the chat named `title` in the sidebar and waits for its last answer; ms measured in the page. */
async function openChat(page: Page, title: string, lastText: string): Promise<number> {
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await page.getByRole('log').first().waitFor();
  const start = await page.evaluate(() => performance.now());
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${title}`) })
    .click();
  await page.getByText(lastText).waitFor();
  return (await page.evaluate(() => performance.now())) - start;
}

/** The browser globals the in-page recorder uses (the bench compiles without the DOM library). */
interface InPage {
  requestAnimationFrame(callback: (now: number) => void): number;
  frameGaps?: number[];
  recording?: boolean;
}

/**
 * Scrolls the open chat upwards with the mouse wheel (100 px every 16 ms, as a person flicking
 * through it) for `ms`, while the page records the time between animation frames.
 */
async function scrollFrames(
  page: Page,
  ms: number,
  wheel = true,
): Promise<{ frames: number; long: number; p95: number; worst: number }> {
  await page.getByRole('log').first().hover();
  await page.evaluate(() => {
    const g = globalThis as unknown as InPage;
    g.frameGaps = [];
    g.recording = true;
    let last = performance.now();
    const step = (now: number) => {
      g.frameGaps?.push(now - last);
      last = now;
      if (g.recording) g.requestAnimationFrame(step);
    };
    g.requestAnimationFrame(step);
  });
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (wheel) await page.mouse.wheel(0, -100);
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  const gaps = await page.evaluate(() => {
    const g = globalThis as unknown as InPage;
    g.recording = false;
    return g.frameGaps ?? [];
  });
  return {
    frames: gaps.length,
    long: gaps.filter((gap) => gap > 25).length,
    p95: quantile(gaps, 0.95),
    worst: Math.max(...gaps),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-ui-bench-'));
  let browser: Browser | null = null;
  const seedStart = performance.now();
  seedLongChat(dataDir, 1, 'Short chat');
  for (let i = 9; i >= 1; i--) seedLongChat(dataDir, 200, `Archive ${i}`);
  seedLongChat(dataDir, 200, 'Long chat');
  console.log(`seeded 10,005 messages in 11 chats (${fmt(performance.now() - seedStart)})`);

  const { child, match: url } = await startProcess(
    ['out/main/serve.js', '--port', '0', '--data-dir', dataDir],
    {},
    /Switchboard is running at (\S+)/,
  );
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const cold: Array<{ ms: number; scriptBytes: number; scripts: number }> = [];
    const warm: number[] = [];
    const openLong: number[] = [];
    const openShort: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
      const page = await context.newPage();
      cold.push(await loadToComposer(page, url));
      warm.push((await loadToComposer(page, url)).ms);
      openShort.push(await openChat(page, 'Short chat', 'Answer 1: the square of 1 is 1.'));
      openLong.push(await openChat(page, 'Long chat', 'Answer 200: the square of 200 is 40000.'));
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    const page = await context.newPage();
    await loadToComposer(page, url);
    await openChat(page, 'Long chat', 'Answer 200: the square of 200 is 40000.');
    const idle = await scrollFrames(page, 3000, false);
    const scroll = await scrollFrames(page, 3000);
    const domRows = await page.locator('[data-index]').count();

    const coldMs = median(cold.map((c) => c.ms));
    const warmMs = median(warm);
    const longMs = median(openLong);
    const shortMs = median(openShort);
    console.log(
      table([
        ['measure (median of 5)', 'value', 'ratio'],
        ['page load → usable composer, cold cache', fmt(coldMs), '1.00 (baseline)'],
        ['page load → usable composer, warm cache', fmt(warmMs), (warmMs / coldMs).toFixed(2)],
        [
          'script before the composer is usable (as sent)',
          `${kb(cold[0]?.scriptBytes ?? 0)} in ${cold[0]?.scripts ?? 0} files`,
          '',
        ],
        ['open the 5-message chat', fmt(shortMs), '1.00 (baseline)'],
        ['open the 1,000-message chat', fmt(longMs), (longMs / shortMs).toFixed(2)],
        [
          'the same page idle for 3 s (the machine, no scrolling)',
          `${idle.frames} frames, ${idle.long} over 25 ms, p95 ${fmt(idle.p95)}, worst ${fmt(idle.worst)}`,
          'baseline',
        ],
        [
          'scroll the 1,000-message chat for 3 s (wheel)',
          `${scroll.frames} frames, ${scroll.long} over 25 ms, p95 ${fmt(scroll.p95)}, worst ${fmt(scroll.worst)}`,
          `p95 ${(scroll.p95 / idle.p95).toFixed(2)}`,
        ],
        ['rows in the DOM while scrolled', String(domRows), 'of 1,000 messages'],
      ]),
    );
    const searchBox = await hasSearch(page);
    console.log(
      searchBox
        ? `search over 10,005 messages, typing to first result shown: ${fmt(await timeSearch(page))}`
        : 'search over 10,005 messages: not measured — this build has no search (no Ctrl/Cmd+K search dialog).',
    );
    await context.close();
  } finally {
    await browser?.close();
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Whether Ctrl/Cmd+K opens a search box in this build. */
async function hasSearch(page: Page): Promise<boolean> {
  await page.keyboard.press('Control+k');
  return page
    .getByRole('searchbox')
    .first()
    .waitFor({ timeout: 1000 })
    .then(() => true)
    .catch(() => false);
}

/** Types a word every chat has and waits for the first result; ms measured in the page. */
async function timeSearch(page: Page): Promise<number> {
  const box = page.getByRole('searchbox').first();
  const start = await page.evaluate(() => performance.now());
  await box.fill('square');
  await page.locator('.search-results .search-hit').first().waitFor();
  return (await page.evaluate(() => performance.now())) - start;
}

await main();

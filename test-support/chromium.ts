/**
 * How the tests, the benchmarks and the screenshots start Debian's Chromium (Playwright's own
 * browser download is not available here): its path (`CHROMIUM_PATH` overrides) and the flags
 * that keep it headless-friendly and off the network this machine does not have.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for every Chromium launch: no sandbox (root), no GPU, no background connections. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

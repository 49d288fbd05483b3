/* Switchboard javascript kernel driver (run as `node javascript-driver.cjs` inside a PTY).
 *
 * Runs blocks in one persistent global context, like the node REPL (`vm.runInThisContext`,
 * `require` resolved from the working directory). Control lines arrive on stdin as
 * `<secret> run <nonce> <block file>`; lines without the kernel's secret are ignored. While
 * idle the terminal is in raw mode (no echo, Ctrl-C is not a signal); while a block runs it is
 * in cooked mode, so prompts echo and Ctrl-C interrupts. The value of the block's last
 * expression is shown with util.inspect (promises are awaited first), errors are printed, and
 * the end marker `ESC ] 7777 ; sb ; <nonce> ; <status> BEL` follows: 0, 1 (error), 130 (Ctrl-C).
 */
/* global require, process, __filename */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS program run by plain node */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const secret = process.env.SB_KERNEL_SECRET || '';
const readyToken = process.env.SB_KERNEL_READY || '';
delete process.env.SB_KERNEL_SECRET;
delete process.env.SB_KERNEL_READY;

const stdin = process.stdin;
const isTerminal = Boolean(stdin.isTTY);
let blockNumber = 0;
let pending = '';
let busy = false;
let interruptWait = null;

globalThis.require = createRequire(path.join(process.cwd(), '<repl>'));
process.argv = [process.argv[0]];

function writeMarker(token, status) {
  fs.writeSync(1, `\x1b]7777;sb;${token};${status}\x07`);
}

function setIdleTerminal(idle) {
  if (isTerminal) stdin.setRawMode(idle);
}

/** Error text without the driver's and node's internal frames. */
function describeError(error) {
  if (error instanceof Error && typeof error.stack === 'string') {
    const lines = error.stack.split('\n');
    const cut = lines.findIndex(
      (line) => /^\s+at /.test(line) && (line.includes(__filename) || /\(node:(vm|internal)/.test(line)),
    );
    const text = (cut === -1 ? lines : lines.slice(0, cut)).join('\n');
    return `Uncaught ${text}`;
  }
  return `Uncaught ${util.inspect(error, { colors: true })}`;
}

function compile(code, filename) {
  try {
    return { script: new vm.Script(code, { filename }), async: false };
  } catch (error) {
    if (!(error instanceof SyntaxError) || !/await is only valid/.test(error.message)) throw error;
    // Top-level await: run the block as an async function (its declarations stay local).
    const wrapped = `(async () => {\n${code}\n})()`;
    return { script: new vm.Script(wrapped, { filename, lineOffset: -1 }), async: true };
  }
}

/** Resolves with the value, or rejects when Ctrl-C arrives first. */
function awaitInterruptibly(promise) {
  return new Promise((resolve, reject) => {
    interruptWait = () =>
      reject(Object.assign(new Error('Interrupted by Ctrl-C'), { code: 'ERR_SCRIPT_EXECUTION_INTERRUPTED' }));
    Promise.resolve(promise).then(resolve, reject);
  }).finally(() => {
    interruptWait = null;
  });
}

async function runBlock(file) {
  blockNumber += 1;
  const code = fs.readFileSync(file, 'utf8');
  try {
    const { script, async } = compile(code, `<block ${blockNumber}>`);
    let value = script.runInThisContext({ breakOnSigint: true, displayErrors: false });
    if (value !== null && typeof value === 'object' && typeof value.then === 'function') {
      value = await awaitInterruptibly(value);
    }
    if (value !== undefined && !async) process.stdout.write(`${util.inspect(value, { colors: true })}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    return error && error.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED' ? 130 : 1;
  }
}

function onData(data) {
  pending += data;
  processLines();
}

function processLines() {
  while (!busy) {
    const end = pending.search(/[\r\n]/);
    if (end === -1) return;
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    const parts = line.split(' ');
    if (parts.length < 4 || parts[0] !== secret || parts[1] !== 'run') continue;
    void serve(parts[2], parts.slice(3).join(' '));
  }
}

async function serve(nonce, file) {
  busy = true;
  // The block owns the terminal: stop reading it and switch to cooked mode.
  stdin.off('data', onData);
  stdin.pause();
  setIdleTerminal(false);
  let status = 1;
  try {
    status = await runBlock(file);
  } catch (error) {
    process.stderr.write(`javascript-driver: ${error && error.message}\n`);
  }
  setIdleTerminal(true);
  pending = '';
  writeMarker(nonce, status);
  busy = false;
  stdin.on('data', onData);
  stdin.resume();
}

process.on('SIGINT', () => {
  if (interruptWait) interruptWait();
});
// An error thrown later by a timer or callback of an earlier block must not end the kernel.
process.on('uncaughtException', (error) => process.stderr.write(`${describeError(error)}\n`));
process.on('unhandledRejection', (reason) => process.stderr.write(`${describeError(reason)}\n`));

if (!secret) {
  process.stderr.write('javascript-driver: SB_KERNEL_SECRET is missing\n');
  process.exit(2);
}
stdin.setEncoding('utf8');
setIdleTerminal(true);
stdin.on('data', onData);
stdin.on('end', () => process.exit(0));
writeMarker(readyToken, 'ready');

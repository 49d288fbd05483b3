// Electronegativity (Doyensec's Electron security scanner) over the app's Electron-facing code,
// with network look-ups off, as a gate: it always exits 0 itself, so this fails (exit 1) on any
// finding above LOW severity that scripts/electronegativity.json does not justify.
//
// Network: the scanner fetches translations at start and Electron's release list for one check;
// here every outbound connection fails at once (and that check is not run), so results depend
// only on the code.
import dns from 'node:dns';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const offline = (callback) =>
  process.nextTick(
    callback,
    Object.assign(new Error('network look-ups are off for this scan'), { code: 'ENOTFOUND' }),
  );
dns.lookup = (_host, options, callback) => offline(typeof options === 'function' ? options : callback);
net.Socket.prototype.connect = function () {
  process.nextTick(() =>
    this.destroy(
      Object.assign(new Error('network look-ups are off for this scan'), { code: 'ECONNREFUSED' }),
    ),
  );
  return this;
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(join(root, 'scripts', 'electronegativity.json'), 'utf8'));

// Scan a copy of what runs in Electron (the scanner walks node_modules otherwise): the main
// process glue, the preload, the renderer and its HTML, and package.json (the Electron version).
const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'));
try {
  for (const part of ['package.json', 'src-main/electron', 'src-preload', 'src-renderer']) {
    cpSync(join(root, part), join(stage, part), {
      recursive: true,
      filter: (source) => !/\.test\.tsx?$/.test(source),
    });
  }
  const run = require('@doyensec/electronegativity');
  const quiet = console.log;
  console.log = () => undefined;
  let result;
  try {
    result = await run({
      input: stage,
      isRelative: true,
      excludeFromScan: config.notRun.map((entry) => entry.check),
      parserPlugins: [],
    });
  } finally {
    console.log = quiet;
  }
  const rank = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
  const justified = (issue) =>
    config.justified.find(
      (entry) => entry.check === issue.id && issue.file.replaceAll('\\', '/') === entry.file,
    );
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file,
    line: issue.location.line,
    reason: justified(issue)?.reason,
  }));
  const failing = findings.filter((f) => rank[f.severity] > rank.LOW && !f.reason);
  for (const f of findings) {
    console.log(
      `${f.reason ? 'justified' : rank[f.severity] > rank.LOW ? 'FAIL     ' : 'ok (low) '} ${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line}${f.reason ? ` — ${f.reason}` : ''}`,
    );
  }
  console.log(
    `electronegativity: ${result.atomicChecks} atomic + ${result.globalChecks} global checks, ${findings.length} findings, ${failing.length} above LOW without a justification`,
  );
  if (result.errors.length > 0)
    console.log(`electronegativity: could not parse ${result.errors.map((e) => e.file).join(', ')}`);
  process.exitCode = failing.length > 0 || result.errors.length > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { PtyExecService } from '../src-main/core/exec/exec-service';
import type { KernelLanguage } from '../src-main/core/exec/types';
import { median, quantile } from './stats';

/**
 * `npm run bench:exec`: the round trip of a trivial block (`print(1)`, `echo 1`) in a warm
 * Switchboard kernel, side by side in one run with starting a fresh `python3 -c` / `bash -c`
 * each time and, where python3-jupyter-client and python3-ipykernel are installed, a Jupyter
 * kernel round trip. Target: warm median under 10 ms and at least 5× faster than a fresh process.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const FRESH_RUNS = Math.max(20, Math.floor(RUNS / 4));

async function warmKernel(
  service: PtyExecService,
  language: KernelLanguage,
  code: string,
): Promise<number[]> {
  const session = `bench-${language}`;
  for (let i = 0; i < WARMUP; i++) await service.run(session, language, code, { timeoutMs: 10_000 });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = await service.run(session, language, code, { timeoutMs: 10_000 });
    times.push(performance.now() - started);
    if (!result.output.includes('1')) throw new Error(`unexpected output ${JSON.stringify(result.output)}`);
  }
  return times;
}

function freshProcess(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () =>
      output.trim() === '1' ? resolve(performance.now() - started) : reject(new Error(output)),
    );
  });
}

async function freshProcesses(command: string, args: string[]): Promise<number[]> {
  for (let i = 0; i < 3; i++) await freshProcess(command, args);
  const times: number[] = [];
  for (let i = 0; i < FRESH_RUNS; i++) times.push(await freshProcess(command, args));
  return times;
}

function jupyter(): { ms?: number[]; error?: string } {
  const script = fileURLToPath(new URL('./jupyter-roundtrip.py', import.meta.url));
  const result = spawnSync('/usr/bin/python3', [script, String(RUNS), String(WARMUP)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.error) return { error: result.error.message };
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { ms?: number[]; error?: string };
  } catch {
    return { error: (result.stderr || line).trim().slice(0, 300) };
  }
}

it('exec round trips: warm kernel vs fresh process vs Jupyter', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const service = new PtyExecService({ workspaceRoot: join(root, 'workspaces'), runDir: join(root, 'run') });
  try {
    const rows: Array<{ name: string; times: number[] }> = [];
    const warmPython = await warmKernel(service, 'python', 'print(1)');
    const warmShell = await warmKernel(service, 'shell', 'echo 1');
    // The interpreter itself, not a launcher such as a pyenv shim, so the fresh start is not overstated.
    const python =
      spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() ||
      'python3';
    const freshPython = await freshProcesses(python, ['-c', 'print(1)']);
    const freshShell = await freshProcesses('bash', ['-c', 'echo 1']);
    rows.push(
      { name: 'python: warm kernel', times: warmPython },
      { name: 'python: fresh python3 -c', times: freshPython },
    );
    const jupyterResult = jupyter();
    if (jupyterResult.ms) rows.push({ name: 'python: Jupyter kernel (ipykernel)', times: jupyterResult.ms });
    rows.push(
      { name: 'shell: warm kernel', times: warmShell },
      { name: 'shell: fresh bash -c', times: freshShell },
    );

    const lines = [
      `exec round trip of a trivial block — ${RUNS} warm runs, ${FRESH_RUNS} fresh processes, isolation: ${service.isolation}`,
      `fresh python3 is the interpreter itself (${python}), not a launcher shim`,
      `${'what'.padEnd(38)}${'median ms'.padStart(11)}${'p90 ms'.padStart(9)}`,
      ...rows.map(
        ({ name, times }) =>
          `${name.padEnd(38)}${median(times).toFixed(2).padStart(11)}${quantile(times, 0.9).toFixed(2).padStart(9)}`,
      ),
      '',
      `python: fresh / warm = ${(median(freshPython) / median(warmPython)).toFixed(1)}×` +
        (jupyterResult.ms
          ? `, Jupyter / warm = ${(median(jupyterResult.ms) / median(warmPython)).toFixed(1)}×`
          : ` (Jupyter not measured: ${jupyterResult.error ?? 'unknown error'})`),
      `shell:  fresh / warm = ${(median(freshShell) / median(warmShell)).toFixed(1)}×`,
    ];
    const met = [
      [warmPython, freshPython],
      [warmShell, freshShell],
    ].every(
      ([warm, fresh]) =>
        median(warm as number[]) < 10 && median(fresh as number[]) / median(warm as number[]) >= 5,
    );
    lines.push(
      `target (warm median < 10 ms and ≥ 5× faster than a fresh process): ${met ? 'met' : 'NOT met'}`,
    );
    console.log(`\n${lines.join('\n')}\n`);
  } finally {
    await service.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyExecService, type PtyExecServiceOptions } from './exec-service';
import { probeIsolation } from './isolation';

/** A service over fresh temporary folders; `cleanup` disposes it and removes them. */
export function makeService(options: Partial<PtyExecServiceOptions> = {}): {
  service: PtyExecService;
  root: string;
  runDir: string;
  cleanup: () => Promise<void>;
} {
  const root = mkdtempSync(join(tmpdir(), 'sb-exec-'));
  const runDir = join(root, 'run');
  const service = new PtyExecService({
    workspaceRoot: join(root, 'workspaces'),
    runDir,
    stopGraceMs: 300,
    ...options,
  });
  return {
    service,
    root,
    runDir,
    cleanup: async () => {
      await service.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Pids of live (non-zombie) processes whose command line contains `argument`. */
export function processesWith(argument: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(argument))
        found.push(Number(name));
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** A unique sleep duration argument, so the test finds exactly its own processes. */
export function uniqueSleepArgument(): string {
  return `1000.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

/** The isolation modes this machine can test: always the process-group fallback, plus PID namespaces where they work. */
export function isolationModes(): Array<'auto' | 'process_group'> {
  return probeIsolation() === 'pid_namespace' ? ['auto', 'process_group'] : ['process_group'];
}

/**
 * A python that has matplotlib: Debian's (`apt-get install python3-matplotlib`, which `.ci/run`
 * does) or the first python3 on PATH. Throws, saying what to install, when there is none.
 */
export function pythonWithMatplotlib(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import matplotlib'], { stdio: 'ignore', timeout: 20_000 });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    'No python3 with matplotlib found: install python3-matplotlib (Debian) to run the plot tests.',
  );
}

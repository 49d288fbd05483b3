import { afterAll, describe, expect, it } from 'vitest';
import { probeIsolation } from './isolation';
import { tailForModel } from './output';
import { makeService, processesWith, uniqueSleepArgument } from './test-support';
import type { BlockResult } from './types';

const text = (output: string): string => tailForModel(output, 100_000);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` is true or `ms` pass (process teardown is asynchronous). */
async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(25);
  }
  return true;
}

const modes = [
  { isolation: 'process_group' as const },
  ...(probeIsolation() === 'pid_namespace' ? [{ isolation: 'auto' as const }] : []),
];

describe.each(modes)('stop and timeout ($isolation)', ({ isolation }) => {
  const { service, cleanup } = makeService({ isolation });
  afterAll(cleanup);

  it('reports which isolation it uses', () => {
    expect(service.isolation).toBe(isolation === 'auto' ? 'pid_namespace' : 'process_group');
  });

  it('Stop kills background, setsid and nohup children, and the next block gets a fresh kernel', async () => {
    const session = `stop-${isolation}`;
    await service.run(session, 'shell', 'marker_var=old', { timeoutMs: 10_000 });
    const argument = uniqueSleepArgument();
    const controller = new AbortController();
    const code = [
      `sleep ${argument} &`,
      `setsid sleep ${argument} &`,
      `nohup sleep ${argument} > /dev/null 2>&1 &`,
      `(setsid sh -c 'sleep ${argument} & wait' &)`,
      'echo started',
      'sleep 1000',
    ].join('\n');
    const running = service.run(session, 'shell', code, { timeoutMs: 20_000, signal: controller.signal });
    expect(await eventually(() => processesWith(argument).length === 4)).toBe(true);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ outcome: 'stopped', exitCode: null });
    expect(text(result.output)).toContain('started');
    expect(await eventually(() => processesWith(argument).length === 0)).toBe(true);
    const next = await service.run(session, 'shell', 'echo "${marker_var:-fresh}"', { timeoutMs: 10_000 });
    expect(text(next.output)).toBe('fresh\n');
  });

  it('a time limit stops an infinite loop (python) and the kernel comes back', async () => {
    const session = `timeout-${isolation}`;
    const result = await service.run(
      session,
      'python',
      'print("looping", flush=True)\nwhile True:\n    pass',
      { timeoutMs: 400 },
    );
    expect(result).toMatchObject({ outcome: 'timed_out', exitCode: null });
    expect(text(result.output)).toContain('looping');
    const next = await service.run(session, 'python', '1 + 1', { timeoutMs: 10_000 });
    expect(text(next.output)).toBe('2\n');
  });

  it('a time limit stops a shell loop that ignores Ctrl-C', async () => {
    const argument = uniqueSleepArgument();
    const result = await service.run(
      `trap-${isolation}`,
      'shell',
      `trap '' INT\nwhile true; do sleep ${argument}; done`,
      { timeoutMs: 300 },
    );
    expect(result.outcome).toBe('timed_out');
    expect(await eventually(() => processesWith(argument).length === 0)).toBe(true);
  });

  it('a time limit stops a javascript busy loop', async () => {
    const result = await service.run(`js-${isolation}`, 'javascript', 'for (;;) {}', { timeoutMs: 300 });
    expect(result.outcome).toBe('timed_out');
  });

  it('a kernel that exits takes the jobs it left running with it', async () => {
    const argument = uniqueSleepArgument();
    let runningAtExit = -1;
    const code = `nohup sleep ${argument} >/dev/null 2>&1 &\nsetsid sleep ${argument} &\nsleep 0.2\necho started\nsleep 0.3\nexit 4`;
    const result = await service.run(`exit-${isolation}`, 'shell', code, {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('started')) runningAtExit = processesWith(argument).length;
      },
    });
    expect(result).toMatchObject({ outcome: 'kernel_exited', exitCode: 4 });
    expect(runningAtExit).toBe(2);
    expect(await eventually(() => processesWith(argument).length === 0)).toBe(true);
  });

  it('a signal aborted before the run starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const result: BlockResult = await service.run(`pre-${isolation}`, 'shell', 'echo never', {
      timeoutMs: 1000,
      signal: controller.signal,
    });
    expect(result).toEqual({
      outcome: 'stopped',
      exitCode: null,
      output: '',
      truncated: false,
      images: [],
      restartedKernel: false,
    });
  });

  it('disposeSession ends a running block as stopped and leaves no process behind', async () => {
    const session = `dispose-${isolation}`;
    const argument = uniqueSleepArgument();
    const running = service.run(session, 'shell', `setsid sleep ${argument} &\nsleep ${argument}`, {
      timeoutMs: 20_000,
    });
    expect(await eventually(() => processesWith(argument).length === 2)).toBe(true);
    await service.disposeSession(session);
    expect((await running).outcome).toBe('stopped');
    expect(await eventually(() => processesWith(argument).length === 0)).toBe(true);
  });
});

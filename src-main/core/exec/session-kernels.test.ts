import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { tailForModel } from './output';
import { isolationModes, makeService } from './test-support';
import type { RunBlockOptions } from './types';

const options: RunBlockOptions = { timeoutMs: 10_000 };
const text = (output: string): string => tailForModel(output, 100_000);

describe.each(isolationModes())("a session's kernels (isolation: %s)", (isolation) => {
  const { service, cleanup } = makeService({ isolation });
  afterAll(cleanup);

  it('says when a block ran in a fresh kernel because the previous one ended', async () => {
    const session = `restart-${isolation}`;
    const first = await service.run(session, 'python', 'x = 1', options);
    expect(first.restartedKernel).toBe(false);
    const kept = await service.run(session, 'python', 'x', options);
    expect(kept.restartedKernel).toBe(false);
    const exited = await service.run(session, 'python', 'import os\nos._exit(2)', options);
    expect(exited).toMatchObject({ outcome: 'kernel_exited', exitCode: 2, restartedKernel: false });
    const fresh = await service.run(session, 'python', "print(globals().get('x', 'gone'))", options);
    expect(fresh.restartedKernel).toBe(true);
    expect(text(fresh.output)).toBe('gone\n');
    const after = await service.run(session, 'python', 'pass', options);
    expect(after.restartedKernel).toBe(false);
  });

  it('reports where the next block starts, following the kernel after a cd', async () => {
    const session = `cwd-${isolation}`;
    const folder = service.workingDirectory(session);
    expect(service.currentDirectory(session, 'shell')).toBe(folder);
    mkdirSync(join(folder, 'sub'));
    await service.run(session, 'shell', 'cd sub', options);
    // Read from /proc on Linux; elsewhere the folder is all we know.
    const expected = process.platform === 'linux' ? join(folder, 'sub') : folder;
    expect(service.currentDirectory(session, 'shell')).toBe(expected);
    expect(service.currentDirectory(session, 'python')).toBe(folder);
  });

  it('resizes the terminal of a running kernel and of kernels started later', async () => {
    const session = `size-${isolation}`;
    service.resize(session, 91, 17);
    const started = await service.run(session, 'shell', 'stty size', options);
    expect(text(started.output).trim()).toBe('17 91');
    service.resize(session, 100, 22);
    const resized = await service.run(
      session,
      'python',
      'import shutil\nprint(shutil.get_terminal_size())',
      options,
    );
    expect(text(resized.output)).toContain('columns=100, lines=22');
    const again = await service.run(session, 'shell', 'stty size', options);
    expect(text(again.output).trim()).toBe('22 100');
  });

  it('write() answers only a running block and says whether it did', async () => {
    const session = `write-${isolation}`;
    expect(service.write(session, 'nobody is listening\n')).toBe(false);
    let answered: boolean | null = null;
    const result = await service.run(session, 'shell', 'read -r -p "ok? " reply; echo "got $reply"', {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('ok? ') && answered === null) answered = service.write(session, 'y\r');
      },
    });
    expect(answered).toBe(true);
    expect(text(result.output)).toContain('got y');
  });
});

describe('the workspace root', () => {
  it('is read when a folder is needed, so a changed setting applies to kernels started later', async () => {
    let root = '';
    const { service, root: base, cleanup } = makeService({ workspaceRoot: () => root });
    try {
      root = join(base, 'first');
      const one = await service.run('moves', 'shell', 'pwd', options);
      expect(text(one.output).trim()).toBe(join(base, 'first', 'moves'));
      root = join(base, 'second');
      expect(service.workingDirectory('other')).toBe(join(base, 'second', 'other'));
      const two = await service.run('other', 'python', 'import os\nprint(os.getcwd())', options);
      expect(text(two.output).trim()).toBe(join(base, 'second', 'other'));
    } finally {
      await cleanup();
    }
  });

  it('throws workspace_unavailable, naming the folder, when it cannot be created', async () => {
    const {
      service,
      root: base,
      cleanup,
    } = makeService({ workspaceRoot: () => join(base, 'a-file', 'nested') });
    try {
      writeFileSync(join(base, 'a-file'), 'not a folder');
      const attempt = service.run('blocked', 'shell', 'pwd', options);
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({
        code: 'workspace_unavailable',
        message: expect.stringContaining(join(base, 'a-file', 'nested', 'blocked')),
      });
    } finally {
      await cleanup();
    }
  });
});

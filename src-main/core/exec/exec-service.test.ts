import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { normalizeLanguage } from './exec-service';
import { tailForModel } from './output';
import { makeService } from './test-support';

const text = (output: string): string => tailForModel(output, 100_000);
const options = { timeoutMs: 10_000 };

describe('normalizeLanguage', () => {
  it('maps code-fence tags to kernels', () => {
    expect(['python', 'py', 'Python3'].map(normalizeLanguage)).toEqual(['python', 'python', 'python']);
    expect(['shell', 'bash', 'sh', 'zsh', 'console', ' BASH '].map(normalizeLanguage)).toEqual(
      Array(6).fill('shell'),
    );
    expect(['javascript', 'js', 'node'].map(normalizeLanguage)).toEqual([
      'javascript',
      'javascript',
      'javascript',
    ]);
    expect(['', 'ruby', 'html', 'typescript', 'pythonx'].map(normalizeLanguage)).toEqual(Array(5).fill(null));
  });
});

describe('PtyExecService', () => {
  const secrets = {
    GROQ_API_KEY: 'gsk_secret_1',
    OPENAI_API_KEYS: 'sk-a,sk-b',
    GITHUB_TOKEN: 'ghp_secret',
    CLIENT_SECRET: 'shh',
    SWITCHBOARD_MASTER_KEY: 'master',
    API_KEY: 'plain',
  };
  const { service, runDir, cleanup } = makeService({
    env: { ...process.env, ...secrets, HARMLESS_SETTING: 'visible' },
    maxKeptOutputChars: 100_000,
  });
  afterAll(cleanup);

  it('gives kernels no secrets, and the terminal settings tools expect', async () => {
    for (const language of ['shell', 'python'] as const) {
      const code =
        language === 'shell' ? 'env' : 'import os\nfor k, v in sorted(os.environ.items()): print(f"{k}={v}")';
      const result = await service.run(`env-${language}`, language, code, options);
      const lines = text(result.output).split('\n');
      for (const [name, value] of Object.entries(secrets)) {
        expect(lines.some((line) => line.startsWith(`${name}=`))).toBe(false);
        expect(result.output).not.toContain(value);
      }
      for (const expected of [
        'HARMLESS_SETTING=visible',
        'TERM=xterm-256color',
        'PYTHONUNBUFFERED=1',
        'PYTHONIOENCODING=utf-8',
        'PAGER=cat',
        'GIT_PAGER=cat',
      ]) {
        expect(lines).toContain(expected);
      }
      expect(lines.some((line) => line.startsWith('SB_KERNEL_SECRET='))).toBe(false);
    }
  });

  it('throws interpreter_not_found quickly for a missing interpreter', async () => {
    const missing = makeService({ interpreters: { python: 'python3-not-installed-anywhere' } });
    try {
      const started = Date.now();
      const error = await missing.service
        .run('s', 'python', 'print(1)', options)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'interpreter_not_found',
        message: 'python3-not-installed-anywhere was not found on PATH',
      });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await missing.cleanup();
    }
  });

  it('turns a kernel that exits or never gets ready into a clear error', async () => {
    const hangs = join(mkdtempSync(join(tmpdir(), 'sb-hang-')), 'hanging-node');
    writeFileSync(hangs, '#!/bin/sh\necho starting up\nexec sleep 30\n', { mode: 0o755 });
    const broken = makeService({
      interpreters: { python: 'false', javascript: hangs },
      startupTimeoutMs: 400,
    });
    try {
      await expect(broken.service.run('s', 'python', 'print(1)', options)).rejects.toMatchObject({
        code: 'interpreter_not_found',
        message: expect.stringMatching(/^false exited with status 1 before it was ready/),
      });
      await expect(broken.service.run('s', 'javascript', '1', options)).rejects.toMatchObject({
        code: 'interpreter_not_found',
        message: `${hangs} did not get ready within 400 ms: starting up`,
      });
    } finally {
      await broken.cleanup();
      rmSync(dirname(hangs), { recursive: true, force: true });
    }
  });

  it('keeps the run directory private and removes block files', async () => {
    await service.run('files', 'shell', 'echo "$0" > /dev/null', options);
    await service.run('files', 'python', 'pass', options);
    expect(statSync(runDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(runDir).filter((name) => name.startsWith('block-'))).toEqual([]);
  });

  it('rejects a session id that is not a plain name', () => {
    expect(() => service.workingDirectory('../escape')).toThrow(AppError);
    expect(() => service.workingDirectory('a/b')).toThrow(AppError);
  });

  it('runs blocks of one kernel one after the other', async () => {
    const first = service.run('queue', 'shell', 'sleep 0.2; echo first', options);
    const second = service.run('queue', 'shell', 'echo second', options);
    expect(text((await first).output)).toBe('first\n');
    expect(text((await second).output)).toBe('second\n');
  });

  it('ignores write() when no block runs, so nothing reaches an idle shell', async () => {
    await service.run('idle', 'shell', 'touch before', options);
    service.write('idle', 'touch typed-while-idle\n');
    const result = await service.run('idle', 'shell', 'sleep 0.1; ls', options);
    expect(text(result.output)).toBe('before\n');
  });

  it('caps 50 MB of output, marks it truncated, streams it all and keeps the event loop responsive', async () => {
    const ticks: number[] = [];
    const interval = setInterval(() => ticks.push(Date.now()), 10);
    let streamed = 0;
    try {
      const started = Date.now();
      const result = await service.run(
        'flood',
        'python',
        "import sys\nline = 'x' * 99 + '\\n'\nfor _ in range(500):\n    sys.stdout.write(line * 1000)\nprint('THE-END')",
        {
          timeoutMs: 30_000,
          onOutput: (chunk) => (streamed += chunk.length),
        },
      );
      ticks.push(Date.now());
      expect(result).toMatchObject({ outcome: 'done', exitCode: 0, truncated: true });
      expect(result.output.length).toBeLessThanOrEqual(100_000);
      expect(result.output.endsWith('THE-END\r\n')).toBe(true);
      expect(streamed).toBeGreaterThanOrEqual(50_000_000);
      const gaps = ticks
        .filter((tick) => tick >= started)
        .map((tick, index, all) => (index === 0 ? tick - started : tick - (all[index - 1] ?? tick)));
      expect(Math.max(...gaps)).toBeLessThan(1000);
    } finally {
      clearInterval(interval);
    }
  });
});

import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tailForModel } from './output';
import { makeService, pythonWithMatplotlib } from './test-support';
import type { BlockImage, RunBlockOptions } from './types';

const options: RunBlockOptions = { timeoutMs: 60_000 };
const text = (output: string): string => tailForModel(output, 100_000);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('python plots', () => {
  const { service, runDir, cleanup } = makeService({ interpreters: { python: pythonWithMatplotlib() } });
  afterAll(cleanup);

  it('turns each plt.show() figure into a PNG image, in order, and removes the files', async () => {
    const live: BlockImage[] = [];
    const code = [
      'import matplotlib.pyplot as plt',
      'plt.plot([1, 2, 3], [1, 4, 9])',
      'plt.title("squares")',
      'print("before show")',
      'plt.show()',
      'fig, ax = plt.subplots(figsize=(2, 2))',
      'ax.bar(["a", "b"], [3, 5])',
      'plt.show()',
      'print("after show", len(plt.get_fignums()))',
    ].join('\n');
    const result = await service.run('plots-1', 'python', code, {
      ...options,
      onImage: (image) => live.push(image),
    });
    expect(result).toMatchObject({ outcome: 'done', exitCode: 0 });
    expect(text(result.output)).toBe('before show\nafter show 0\n');
    expect(result.images).toHaveLength(2);
    expect(live).toEqual(result.images);
    for (const image of result.images) {
      expect(image.format).toBe('base64.png');
      expect(Buffer.from(image.data, 'base64').subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    }
    expect(readdirSync(runDir).filter((name) => name.endsWith('.png'))).toEqual([]);
  });

  it('keeps subprocesses on their own matplotlib backend', async () => {
    const code = [
      'import matplotlib, subprocess, sys',
      'print("kernel:", matplotlib.get_backend())',
      'out = subprocess.run([sys.executable, "-c", "import matplotlib; print(matplotlib.get_backend())"], capture_output=True, text=True)',
      'print("child:", out.stdout.strip(), out.returncode)',
    ].join('\n');
    const result = await service.run('plots-2', 'python', code, options);
    const output = text(result.output);
    expect(output).toContain('kernel: module://switchboard_inline_plots');
    expect(output).not.toContain('child: module://');
    expect(output).toMatch(/child: \S+ 0/);
  });

  it('says clearly which python lacks matplotlib when it is missing', async () => {
    // `None` in sys.modules makes the import fail exactly as a missing package does.
    const code = 'import sys\nsys.modules["matplotlib"] = None\nimport matplotlib.pyplot as plt';
    const result = await service.run('plots-3', 'python', code, options);
    expect(result.exitCode).toBe(1);
    const output = text(result.output);
    expect(output).toContain("The module 'matplotlib' is not installed for");
    expect(output).toContain('-m pip install matplotlib');
  });
});

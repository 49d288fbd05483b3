import { afterAll, describe, expect, it } from 'vitest';
import { formatMarker } from './marker';
import { tailForModel } from './output';
import { isolationModes, makeService } from './test-support';
import type { RunBlockOptions } from './types';

const options: RunBlockOptions = { timeoutMs: 10_000 };
let sessionCounter = 0;
const newSession = (): string => `javascript-${++sessionCounter}`;
const text = (output: string): string => tailForModel(output, 100_000);

describe.each(isolationModes())('javascript kernel (isolation: %s)', (isolation) => {
  const { service, cleanup } = makeService({ isolation });
  afterAll(cleanup);

  it('keeps variables and functions between blocks and shows the last value like the node REPL', async () => {
    const session = newSession();
    const first = await service.run(
      session,
      'javascript',
      'let total = 40;\nfunction add(a, b) { return a + b; }\nconsole.log("set")',
      options,
    );
    expect(text(first.output)).toBe('set\n');
    const second = await service.run(session, 'javascript', 'add(total, 2)', options);
    expect(second).toMatchObject({ outcome: 'done', exitCode: 0 });
    expect(text(second.output)).toBe('42\n');
    const object = await service.run(session, 'javascript', '({ name: "ada", list: [1, 2] })', options);
    expect(text(object.output)).toBe("{ name: 'ada', list: [ 1, 2 ] }\n");
  });

  it('has require resolving from the session folder, and console', async () => {
    const session = newSession();
    await service.run(
      session,
      'javascript',
      'require("fs").writeFileSync("local.js", "module.exports = 7;")',
      options,
    );
    const result = await service.run(
      session,
      'javascript',
      'const path = require("node:path");\nconsole.log(process.cwd() === ' +
        JSON.stringify(service.workingDirectory(session)) +
        ');\nrequire("./local.js") * 6',
      options,
    );
    expect(text(result.output)).toBe('true\n42\n');
  });

  it('awaits a promise value and supports top-level await', async () => {
    const session = newSession();
    const promised = await service.run(
      session,
      'javascript',
      'new Promise((resolve) => setTimeout(() => resolve("later"), 20))',
      options,
    );
    expect(text(promised.output)).toBe("'later'\n");
    const awaited = await service.run(
      session,
      'javascript',
      'const value = await Promise.resolve(5);\nconsole.log(value * 2)',
      options,
    );
    expect(text(awaited.output)).toBe('10\n');
  });

  it('reports errors with status 1 and stays usable', async () => {
    const session = newSession();
    await service.run(session, 'javascript', 'var kept = "yes"', options);
    const thrown = await service.run(
      session,
      'javascript',
      'function f() { throw new Error("kaboom"); }\nf()',
      options,
    );
    expect(thrown).toMatchObject({ outcome: 'done', exitCode: 1 });
    expect(text(thrown.output)).toContain('Error: kaboom');
    expect(text(thrown.output)).not.toContain('javascript-driver');
    const syntax = await service.run(session, 'javascript', 'let a = ;', options);
    expect(syntax.exitCode).toBe(1);
    expect(text(syntax.output)).toContain('SyntaxError');
    const rejected = await service.run(
      session,
      'javascript',
      'Promise.reject(new TypeError("nope"))',
      options,
    );
    expect(rejected.exitCode).toBe(1);
    expect(text(rejected.output)).toContain('TypeError: nope');
    const after = await service.run(session, 'javascript', 'kept', options);
    expect(text(after.output)).toBe("'yes'\n");
  });

  it('reports process.exit(3) as the kernel exiting with 3, then restarts it', async () => {
    const session = newSession();
    const exited = await service.run(session, 'javascript', 'process.exit(3)', options);
    expect(exited).toMatchObject({ outcome: 'kernel_exited', exitCode: 3 });
    const next = await service.run(session, 'javascript', '1 + 1', options);
    expect(text(next.output)).toBe('2\n');
  });

  it('answers a readline question through write()', async () => {
    const session = newSession();
    const code = [
      'const readline = require("node:readline");',
      'const rl = readline.createInterface({ input: process.stdin, output: process.stdout });',
      'const answer = await new Promise((resolve) => rl.question("name? ", resolve));',
      'rl.close();',
      'console.log(`hello ${answer}`);',
    ].join('\n');
    const result = await service.run(session, 'javascript', code, {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('name? ')) service.write(session, 'Linus\r');
      },
    });
    expect(result.exitCode).toBe(0);
    expect(text(result.output)).toBe('name? Linus\nhello Linus\n');
    const next = await service.run(session, 'javascript', '"still here"', options);
    expect(text(next.output)).toBe("'still here'\n");
  });

  it('ends a busy loop interrupted by a typed Ctrl-C with status 130 and keeps the state', async () => {
    const session = newSession();
    await service.run(session, 'javascript', 'var kept = 1', options);
    const result = await service.run(session, 'javascript', 'console.log("spinning");\nwhile (true) {}', {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('spinning')) service.write(session, '\x03');
      },
    });
    expect(result).toMatchObject({ outcome: 'done', exitCode: 130 });
    const after = await service.run(session, 'javascript', 'kept + 1', options);
    expect(text(after.output)).toBe('2\n');
  });

  it('does not end a block on output that only looks like a marker, and keeps unicode', async () => {
    const fake = JSON.stringify(formatMarker('abadcafeabadcafeabadcafeabadcafe', '0'));
    const code = `process.stdout.write(${fake});\nawait new Promise((r) => setTimeout(r, 200));\nconsole.log("after-fake 你好 🎉👩‍💻")`;
    const result = await service.run(newSession(), 'javascript', code, options);
    expect(result.outcome).toBe('done');
    expect(text(result.output)).toBe('after-fake 你好 🎉👩‍💻\n');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { formatMarker } from './marker';
import { tailForModel } from './output';
import { isolationModes, makeService } from './test-support';
import type { RunBlockOptions } from './types';

const options: RunBlockOptions = { timeoutMs: 10_000 };
let sessionCounter = 0;
const newSession = (): string => `python-${++sessionCounter}`;
const text = (output: string): string => tailForModel(output, 100_000);

describe.each(isolationModes())('python kernel (isolation: %s)', (isolation) => {
  const { service, cleanup } = makeService({ isolation });
  afterAll(cleanup);

  it('keeps variables, imports and functions between blocks', async () => {
    const session = newSession();
    await service.run(
      session,
      'python',
      'import math\ncounter = 41\ndef bump(n):\n    return n + 1',
      options,
    );
    const result = await service.run(session, 'python', 'print(bump(counter), math.floor(2.5))', options);
    expect(result).toMatchObject({ outcome: 'done', exitCode: 0 });
    expect(text(result.output)).toBe('42 2\n');
  });

  it('shows the value of a last expression like Jupyter, and nothing for None', async () => {
    const session = newSession();
    const hashed = await service.run(
      session,
      'python',
      "import hashlib; hashlib.sha256(b'hello').hexdigest()",
      options,
    );
    expect(text(hashed.output)).toBe("'2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'\n");
    const none = await service.run(session, 'python', 'x = [1, 2]\nx.append(3)', options);
    expect(text(none.output)).toBe('');
    const listed = await service.run(session, 'python', 'x', options);
    expect(text(listed.output)).toBe('[1, 2, 3]\n');
  });

  it('runs in the session folder and can import a module written there', async () => {
    const session = newSession();
    await service.run(session, 'python', "open('helper_mod.py', 'w').write('VALUE = 7\\n')", options);
    const result = await service.run(
      session,
      'python',
      'import os, helper_mod\nprint(os.getcwd() == ' +
        JSON.stringify(service.workingDirectory(session)) +
        ', helper_mod.VALUE)',
      options,
    );
    expect(text(result.output)).toBe('True 7\n');
  });

  it('keeps multi-line strings, CRLF blocks and blocks without a trailing newline intact', async () => {
    const session = newSession();
    const multi = await service.run(
      session,
      'python',
      's = """first\n    second\nthird"""\nprint(len(s.splitlines()), repr(s))',
      options,
    );
    expect(text(multi.output)).toBe("3 'first\\n    second\\nthird'\n");
    const crlf = await service.run(
      session,
      'python',
      'for i in range(2):\r\n    print("row", i)\r\n',
      options,
    );
    expect(text(crlf.output)).toBe('row 0\nrow 1\n');
    const bare = await service.run(session, 'python', 'print("bare")', options);
    expect(text(bare.output)).toBe('bare\n');
  });

  it('reports a syntax error with status 1 and stays usable', async () => {
    const session = newSession();
    await service.run(session, 'python', 'kept = "yes"', options);
    const broken = await service.run(session, 'python', 'def broken(:\n    pass', options);
    expect(broken).toMatchObject({ outcome: 'done', exitCode: 1 });
    expect(text(broken.output)).toContain('SyntaxError');
    expect(text(broken.output)).toContain('def broken(:');
    const after = await service.run(session, 'python', 'kept', options);
    expect(text(after.output)).toBe("'yes'\n");
  });

  it('prints tracebacks that show the user code and not the driver', async () => {
    const code = 'def inner():\n    raise ValueError("boom")\n\ninner()';
    const result = await service.run(newSession(), 'python', code, options);
    const output = text(result.output);
    expect(result.exitCode).toBe(1);
    expect(output).toContain('raise ValueError("boom")');
    expect(output).toContain('ValueError: boom');
    expect(output).not.toContain('python-driver');
  });

  it('reports sys.exit(3) as status 3 and keeps working', async () => {
    const session = newSession();
    const exited = await service.run(session, 'python', 'import sys\nprint("leaving")\nsys.exit(3)', options);
    expect(exited.exitCode).toBe(3);
    expect(['done', 'kernel_exited']).toContain(exited.outcome);
    expect(text(exited.output)).toBe('leaving\n');
    const next = await service.run(session, 'python', 'print(6 * 7)', options);
    expect(next).toMatchObject({ outcome: 'done', exitCode: 0 });
    expect(text(next.output)).toBe('42\n');
  });

  it('reports a crash of the interpreter (os._exit) and restarts it', async () => {
    const session = newSession();
    const crashed = await service.run(session, 'python', 'import os\nos._exit(5)', options);
    expect(crashed).toMatchObject({ outcome: 'kernel_exited', exitCode: 5 });
    const next = await service.run(session, 'python', "'restarted'", options);
    expect(text(next.output)).toBe("'restarted'\n");
  });

  it('answers input() through write(), with the answer echoed', async () => {
    const session = newSession();
    const result = await service.run(session, 'python', 'name = input("name? ")\nprint("hello", name)', {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('name? ')) service.write(session, 'Grace\n');
      },
    });
    expect(text(result.output)).toBe('name? Grace\nhello Grace\n');
    const again = await service.run(session, 'python', 'exit()', options);
    expect(again.exitCode).toBe(0);
    const stillReads = await service.run(session, 'python', 'answer = input("again? ")\nanswer', {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('again? ')) service.write(session, 'yes\n');
      },
    });
    expect(text(stillReads.output)).toBe("again? yes\n'yes'\n");
  });

  it('ends a block interrupted by a typed Ctrl-C with status 130 and keeps the state', async () => {
    const session = newSession();
    await service.run(session, 'python', 'kept = 1', options);
    const result = await service.run(
      session,
      'python',
      'import time\nprint("waiting", flush=True)\ntime.sleep(30)',
      {
        timeoutMs: 10_000,
        onOutput: (chunk) => {
          if (chunk.includes('waiting')) service.write(session, '\x03');
        },
      },
    );
    expect(result).toMatchObject({ outcome: 'done', exitCode: 130 });
    expect(text(result.output)).toContain('KeyboardInterrupt');
    const after = await service.run(session, 'python', 'kept + 1', options);
    expect(text(after.output)).toBe('2\n');
  });

  it('does not end a block on output that only looks like a marker', async () => {
    const fake = JSON.stringify(formatMarker('feedfacefeedfacefeedfacefeedface', '0'));
    const result = await service.run(
      newSession(),
      'python',
      `import sys, time\nsys.stdout.write(${fake})\nsys.stdout.flush()\ntime.sleep(0.2)\nprint("after-fake")`,
      options,
    );
    expect(result.outcome).toBe('done');
    expect(text(result.output)).toBe('after-fake\n');
  });

  it('round-trips unicode and emoji', async () => {
    const result = await service.run(
      newSession(),
      'python',
      "s = 'héllo — 你好 🎉👩‍💻'\nprint(s)\nlen(s.encode())",
      options,
    );
    expect(text(result.output)).toBe(`héllo — 你好 🎉👩‍💻\n${Buffer.byteLength('héllo — 你好 🎉👩‍💻')}\n`);
  });

  it('supports top-level await', async () => {
    const result = await service.run(
      newSession(),
      'python',
      'import asyncio\nawait asyncio.sleep(0.01)\nprint("awaited")',
      options,
    );
    expect(result.exitCode).toBe(0);
    expect(text(result.output)).toBe('awaited\n');
  });
});

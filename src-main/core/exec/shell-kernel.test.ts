import { afterAll, describe, expect, it } from 'vitest';
import { formatMarker } from './marker';
import { tailForModel } from './output';
import { isolationModes, makeService } from './test-support';
import type { RunBlockOptions } from './types';

const options: RunBlockOptions = { timeoutMs: 10_000 };
let sessionCounter = 0;
const newSession = (): string => `shell-${++sessionCounter}`;
const text = (output: string): string => tailForModel(output, 100_000);

describe.each(isolationModes())('shell kernel (isolation: %s)', (isolation) => {
  const { service, cleanup } = makeService({ isolation });
  afterAll(cleanup);

  it('keeps variables, functions and the working directory between blocks', async () => {
    const session = newSession();
    const first = await service.run(
      session,
      'shell',
      'greeting=hello\nsay() { echo "said: $1"; }\nmkdir -p sub && cd sub',
      options,
    );
    expect(first).toMatchObject({ outcome: 'done', exitCode: 0 });
    const second = await service.run(session, 'shell', 'echo "$greeting"; say again; pwd', options);
    expect(second.outcome).toBe('done');
    expect(text(second.output)).toBe(`hello\nsaid: again\n${service.workingDirectory(session)}/sub\n`);
  });

  it('`exec bash` ends the block at once with a note, and the next block gets a fresh shell', async () => {
    const session = newSession();
    await service.run(session, 'shell', 'kept=before', options);
    // A block time limit far beyond the wait: it must end on its own, not by timing out.
    const replaced = await service.run(session, 'shell', 'echo replacing\nexec bash', { timeoutMs: 60_000 });
    expect(replaced.outcome).toBe('kernel_exited');
    expect(text(replaced.output)).toContain('replacing');
    expect(text(replaced.output)).toContain('replaced the shell kernel (exec)');
    const next = await service.run(session, 'shell', 'echo "next:${kept-gone}"', options);
    expect(next).toMatchObject({ outcome: 'done', exitCode: 0, restartedKernel: true });
    expect(text(next.output)).toBe('next:gone\n');
  });

  it('starts in the session workspace folder', async () => {
    const session = newSession();
    const result = await service.run(session, 'shell', 'pwd', options);
    expect(text(result.output).trim()).toBe(service.workingDirectory(session));
  });

  it('runs a heredoc with $ inside unmodified', async () => {
    const code = [
      'name=world',
      "cat <<'EOF'",
      'literal $name and $(date) stay',
      'EOF',
      'cat <<EOF',
      'hello $name',
      'EOF',
    ].join('\n');
    const result = await service.run(newSession(), 'shell', code, options);
    expect(text(result.output)).toBe('literal $name and $(date) stay\nhello world\n');
    expect(result.exitCode).toBe(0);
  });

  it('runs case … esac and a multi-line for loop', async () => {
    const code = [
      'for fruit in apple banana cherry',
      'do',
      '  case "$fruit" in',
      '    apple) echo "A:$fruit" ;;',
      '    b*)',
      '      echo "B:$fruit"',
      '      ;;',
      '    *) echo "other:$fruit" ;;',
      '  esac',
      'done',
    ].join('\n');
    const result = await service.run(newSession(), 'shell', code, options);
    expect(text(result.output)).toBe('A:apple\nB:banana\nother:cherry\n');
  });

  it('keeps a multi-line quoted string intact', async () => {
    const result = await service.run(
      newSession(),
      'shell',
      'message="line one\n  line two\nline three"\necho "$message" | wc -l\necho "$message"',
      options,
    );
    expect(text(result.output)).toBe('3\nline one\n  line two\nline three\n');
  });

  it('runs a block without a trailing newline and one with CRLF line ends', async () => {
    const session = newSession();
    const bare = await service.run(session, 'shell', 'echo no-newline', options);
    expect(text(bare.output)).toBe('no-newline\n');
    const crlf = await service.run(
      session,
      'shell',
      'x=crlf\r\nif [ "$x" = crlf ]; then\r\n  echo matched\r\nfi\r\n',
      options,
    );
    expect(text(crlf.output)).toBe('matched\n');
    expect(crlf.exitCode).toBe(0);
  });

  it('reports a syntax error and stays usable', async () => {
    const session = newSession();
    await service.run(session, 'shell', 'kept=yes', options);
    const broken = await service.run(session, 'shell', 'if then fi (', options);
    expect(broken.outcome).toBe('done');
    expect(broken.exitCode).toBe(2);
    expect(text(broken.output)).toMatch(/syntax error/);
    const after = await service.run(session, 'shell', 'echo "$kept"', options);
    expect(text(after.output)).toBe('yes\n');
  });

  it('reports the status of the last command', async () => {
    const result = await service.run(newSession(), 'shell', 'echo before; false', options);
    expect(result).toMatchObject({ outcome: 'done', exitCode: 1 });
    expect(text(result.output)).toBe('before\n');
  });

  it('reports exit 3 as the kernel exiting with 3, then restarts it', async () => {
    const session = newSession();
    await service.run(session, 'shell', 'lost=1', options);
    const exited = await service.run(session, 'shell', 'echo bye; exit 3', options);
    expect(exited).toMatchObject({ outcome: 'kernel_exited', exitCode: 3 });
    expect(text(exited.output)).toContain('bye');
    const next = await service.run(session, 'shell', 'echo "fresh:${lost:-unset}"', options);
    expect(next).toMatchObject({ outcome: 'done', exitCode: 0 });
    expect(text(next.output)).toBe('fresh:unset\n');
  });

  it('shows the failing status under set -e and restarts the kernel it ended', async () => {
    const session = newSession();
    const failed = await service.run(
      session,
      'shell',
      'set -e\necho start\nls /definitely/not/here\necho unreachable',
      options,
    );
    expect(failed.outcome).toBe('kernel_exited');
    expect(failed.exitCode).toBe(2);
    expect(text(failed.output)).toContain('start\n');
    expect(text(failed.output)).not.toContain('unreachable');
    const next = await service.run(session, 'shell', 'echo alive', options);
    expect(text(next.output)).toBe('alive\n');
  });

  it('answers read through write()', async () => {
    const session = newSession();
    const running = service.run(session, 'shell', 'read -r -p "name? " name\necho "hello $name"', {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('name? ')) service.write(session, 'Ada Lovelace\n');
      },
    });
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(text(result.output)).toBe('name? Ada Lovelace\nhello Ada Lovelace\n');
  });

  it('does not end a block on output that only looks like a marker', async () => {
    const fake = formatMarker('0123456789abcdef0123456789abcdef', '0')
      .replace('\x1b', '\\033')
      .replace('\x07', '\\007');
    const result = await service.run(
      newSession(),
      'shell',
      `printf '${fake}'\nsleep 0.2\necho after-fake`,
      options,
    );
    expect(result.outcome).toBe('done');
    expect(text(result.output)).toBe('after-fake\n');
    expect(result.output).toContain(']7777;sb;0123456789abcdef0123456789abcdef;0');
  });

  it('is not fooled by user functions named printf or stty', async () => {
    const session = newSession();
    await service.run(
      session,
      'shell',
      'printf() { echo hijacked; }\nstty() { echo hijacked; }\nalias builtin=false',
      options,
    );
    const result = await service.run(session, 'shell', 'echo fine', options);
    expect(result).toMatchObject({ outcome: 'done', exitCode: 0 });
    expect(text(result.output)).toBe('fine\n');
  });

  it('round-trips unicode and emoji', async () => {
    const result = await service.run(
      newSession(),
      'shell',
      's=\'héllo wörld — 你好 🎉👩‍💻\'\necho "$s"\necho -n "$s" | wc -c',
      options,
    );
    expect(text(result.output)).toBe(
      'héllo wörld — 你好 🎉👩‍💻\n' + `${Buffer.byteLength('héllo wörld — 你好 🎉👩‍💻')}\n`,
    );
  });

  it('ends a block interrupted by a typed Ctrl-C with status 130 and keeps the shell', async () => {
    const session = newSession();
    await service.run(session, 'shell', "kept=still-here\nPS1='custom> '", options);
    const result = await service.run(session, 'shell', 'echo waiting; sleep 30; echo not-reached', {
      timeoutMs: 10_000,
      onOutput: (chunk) => {
        if (chunk.includes('waiting')) service.write(session, '\x03');
      },
    });
    expect(result).toMatchObject({ outcome: 'done', exitCode: 130 });
    expect(text(result.output)).not.toContain('not-reached');
    const after = await service.run(session, 'shell', 'echo "$kept"', options);
    expect(text(after.output)).toBe('still-here\n');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { collapseCarriageReturns, KeptOutput, OutputBatcher, stripAnsi, tailForModel } from './output';

describe('stripAnsi', () => {
  it('removes colours, cursor moves, OSC titles and stray control characters', () => {
    expect(stripAnsi('\x1b[1;31mred\x1b[0m \x1b[38;5;208morange\x1b[39m')).toBe('red orange');
    expect(stripAnsi('\x1b]0;window title\x07text\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\')).toBe('textlink');
    expect(stripAnsi('a\x1b[2K\x1b[1Gb\x1b(Bc\x1b=d\x07')).toBe('abcd');
    expect(stripAnsi('tab\tand\nnewline\r\n')).toBe('tab\tand\nnewline\r\n');
  });
});

describe('tailForModel', () => {
  it('normalises line ends and collapses carriage-return overwrites like a terminal shows them', () => {
    expect(tailForModel('one\r\ntwo\r\n', 100)).toBe('one\ntwo\n');
    expect(tailForModel('progress 10%\rprogress 55%\rprogress 100%\r\ndone\r\n', 100)).toBe(
      'progress 100%\ndone\n',
    );
    expect(collapseCarriageReturns('hello\rab')).toBe('abllo');
  });

  it('keeps the last maxChars characters behind a note saying how much was cut', () => {
    const output = Array.from({ length: 1000 }, (_, index) => `line ${index}`).join('\r\n');
    const clean = output.replace(/\r\n/g, '\n');
    const result = tailForModel(output, 50);
    expect(result).toBe(
      `[output truncated: showing the last 50 of ${clean.length} characters]\n${clean.slice(-50)}`,
    );
    expect(result.endsWith('line 999')).toBe(true);
  });

  it('does not cut an emoji in half', () => {
    const result = tailForModel(`${'a'.repeat(10)}🎉b`, 2);
    expect(result.split('\n')[1]).toBe('b');
  });

  it('leaves short output alone', () => {
    expect(tailForModel('\x1b[32mok\x1b[0m\r\n', 2800)).toBe('ok\n');
  });
});

describe('KeptOutput', () => {
  it('keeps only the newest characters and says when it dropped some', () => {
    const kept = new KeptOutput(10);
    kept.push('0123456789');
    expect(kept.text()).toBe('0123456789');
    expect(kept.truncated).toBe(false);
    for (let index = 0; index < 100_000; index++) kept.push(`${index % 10}`);
    kept.push('END');
    expect(kept.text()).toBe('3456789END');
    expect(kept.truncated).toBe(true);
    expect(kept.total).toBe(100_013);
  });
});

describe('OutputBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers pieces together after one frame, and at once when the batch is full', () => {
    vi.useFakeTimers();
    const delivered: string[] = [];
    const batcher = new OutputBatcher((chunk) => delivered.push(chunk), 16, 10);
    batcher.push('ab');
    batcher.push('cd');
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(delivered).toEqual(['abcd']);
    batcher.push('0123456789xyz');
    expect(delivered).toEqual(['abcd', '0123456789xyz']);
    batcher.push('tail');
    batcher.flush();
    expect(delivered).toEqual(['abcd', '0123456789xyz', 'tail']);
    vi.advanceTimersByTime(100);
    expect(delivered).toHaveLength(3);
  });
});

describe('tailForModel and NUL', () => {
  it('tells the model the whole output, a NUL as a visible \\x00', () => {
    expect(tailForModel('a\0b\n', 100)).toBe('a\\x00b\n');
  });
});

import { describe, expect, it } from 'vitest';
import { ansiSegments, terminalText } from './ansi';

describe('ansiSegments', () => {
  it('keeps colours and weights as styles and drops other escape sequences', () => {
    const segments = ansiSegments('\x1b]0;title\x07\x1b[31mred\x1b[0m plain \x1b[1;38;5;33mbold blue\x1b[22;39m\x1b[K end');
    expect(segments).toEqual([
      { text: 'red', style: { color: '#ef2929' } },
      { text: ' plain ', style: {} },
      { text: 'bold blue', style: { bold: true, color: 'rgb(0,135,255)' } },
      { text: ' end', style: {} },
    ]);
  });

  it('shows the last state of a progress bar and turns CRLF into line breaks', () => {
    expect(terminalText('start\r\nprogress  10%\rprogress  50%\rprogress 100%\r\ndone\r\n')).toBe('start\nprogress 100%\ndone\n');
  });

  it('keeps true colours and resets on SGR 0', () => {
    expect(ansiSegments('\x1b[38;2;10;20;30mx\x1b[mY')).toEqual([
      { text: 'x', style: { color: 'rgb(10,20,30)' } },
      { text: 'Y', style: {} },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { EchoFilter } from './echo-filter';

describe('EchoFilter', () => {
  it('drops the echo of the control line, whatever the chunk boundaries, and passes what follows', () => {
    const line = 'PS1=x; . /run/block.sh; printf done\r\n';
    const stream = `${line}block output\r\n`;
    for (let cut = 1; cut < stream.length; cut++) {
      const filter = new EchoFilter(line);
      const out = filter.filter(stream.slice(0, cut)) + filter.filter(stream.slice(cut));
      expect(out).toBe('block output\r\n');
      expect(filter.done).toBe(true);
    }
  });

  it('passes everything on, held text included, when the output is not the echo', () => {
    const filter = new EchoFilter('PS1=x; run\r\n');
    expect(filter.filter('PS1')).toBe('');
    expect(filter.filter('=y and more')).toBe('PS1=y and more');
    expect(filter.done).toBe(true);
    expect(filter.filter('later')).toBe('later');
  });
});

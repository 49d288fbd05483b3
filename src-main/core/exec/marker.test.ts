import { describe, expect, it } from 'vitest';
import { formatMarker, MarkerScanner, newNonce } from './marker';

/** Feeds `chunks` and records what comes out; markers with `ours` are consumed. */
function scan(chunks: string[], ours: string): { text: string; statuses: string[] } {
  let text = '';
  const statuses: string[] = [];
  const scanner = new MarkerScanner({
    text: (chunk) => (text += chunk),
    marker: (token, status) => {
      if (token !== ours) return false;
      statuses.push(status);
      return true;
    },
  });
  for (const chunk of chunks) scanner.feed(chunk);
  scanner.flush();
  return { text, statuses };
}

describe('MarkerScanner', () => {
  const nonce = newNonce();
  const stream = `before \x1b[31mred\x1b[0m ${formatMarker(nonce, '0')}after`;

  it('removes our marker and reports its status, whatever the chunk boundaries', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const second of [cut, Math.min(stream.length, cut + 7)]) {
        const result = scan([stream.slice(0, cut), stream.slice(cut, second), stream.slice(second)], nonce);
        expect(result).toEqual({ text: 'before \x1b[31mred\x1b[0m after', statuses: ['0'] });
      }
    }
  });

  it('passes a marker with another nonce through as ordinary output', () => {
    const fake = formatMarker(newNonce(), '0');
    expect(scan([`x${fake}y`], nonce)).toEqual({ text: `x${fake}y`, statuses: [] });
  });

  it('passes malformed and unfinished markers through', () => {
    const unfinished = `\x1b]7777;sb;${nonce};`;
    expect(scan([`a\x1b]7777;sb;;0\x07b`], nonce).text).toBe(`a\x1b]7777;sb;;0\x07b`);
    expect(scan([`a\x1b]7777;sb;${nonce};0 \x07b`], nonce).text).toBe(`a\x1b]7777;sb;${nonce};0 \x07b`);
    expect(scan([unfinished], nonce)).toEqual({ text: unfinished, statuses: [] });
    expect(scan([`\x1b]7777;sb;${'a'.repeat(200)};0\x07`], nonce).statuses).toEqual([]);
  });

  it('reads several markers in one chunk and negative statuses', () => {
    const other = newNonce();
    const text = `${formatMarker(nonce, '1')}mid${formatMarker(other, 'ready')}${formatMarker(nonce, '-2')}`;
    const result = scan([text], nonce);
    expect(result.statuses).toEqual(['1', '-2']);
    expect(result.text).toBe(`mid${formatMarker(other, 'ready')}`);
  });

  it('uses a fresh 128-bit nonce every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect([...nonces].every((value) => /^[0-9a-f]{32}$/.test(value))).toBe(true);
  });
});

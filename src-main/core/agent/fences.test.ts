import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FenceParser, type FenceEvent } from './fences';

const runnable = (language: string) => ['python', 'shell', 'bash', 'sh', 'javascript', 'js'].includes(language);

function parseAll(text: string, pieces: number[] = [text.length]): FenceEvent[] {
  const parser = new FenceParser(runnable);
  const events: FenceEvent[] = [];
  let i = 0;
  for (const size of pieces) {
    events.push(...parser.feed(text.slice(i, i + size)));
    i += size;
  }
  events.push(...parser.feed(text.slice(i)), ...parser.end());
  // Merge adjacent text/code events so chunking does not matter for comparison.
  const merged: FenceEvent[] = [];
  for (const e of events) {
    const last = merged[merged.length - 1];
    if (last && last.type === e.type && (e.type === 'text' || e.type === 'code')) (last as { text: string }).text += (e as { text: string }).text;
    else merged.push({ ...e });
  }
  return merged;
}

const reply = "I'll compute it.\n\n```python\nimport hashlib\nprint(hashlib.sha256(b'hello').hexdigest())\n```\nDone?";

describe('FenceParser', () => {
  it('splits prose and a runnable block', () => {
    expect(parseAll(reply)).toEqual([
      { type: 'text', text: "I'll compute it.\n\n" },
      { type: 'code_start', language: 'python' },
      { type: 'code', text: "import hashlib\nprint(hashlib.sha256(b'hello').hexdigest())\n" },
      { type: 'code_end' },
      { type: 'text', text: 'Done?' },
    ]);
  });

  it('gives the same result however the stream is split (property)', () => {
    const samples = [reply, 'a\n```bash\ncat <<EOF\n``not a fence\nEOF\n```\n', 'x ```python inline``` y\n', '```\nplain\n```\n', '~~~sh\necho hi\n~~~'];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 40 }), (text, pieces) => {
        expect(parseAll(text, pieces)).toEqual(parseAll(text));
      }),
    );
  });

  it('keeps fences of other languages (and untagged ones) as prose', () => {
    expect(parseAll('See:\n```json\n{"a": 1}\n```\n')).toEqual([{ type: 'text', text: 'See:\n```json\n{"a": 1}\n```\n' }]);
    expect(parseAll('```\nls\n```\n')).toEqual([{ type: 'text', text: '```\nls\n```\n' }]);
  });

  it('does not end a block at a longer-fence line inside it, and closes an unterminated block at the end', () => {
    expect(parseAll('````shell\necho ```\n````\n')).toEqual([
      { type: 'code_start', language: 'shell' },
      { type: 'code', text: 'echo ```\n' },
      { type: 'code_end' },
    ]);
    expect(parseAll('```shell\necho hi')).toEqual([{ type: 'code_start', language: 'shell' }, { type: 'code', text: 'echo hi' }, { type: 'code_end' }]);
  });

  it('releases prose before the line ends (streaming), holding back only a possible fence', () => {
    const parser = new FenceParser(runnable);
    expect(parser.feed('Hello wor')).toEqual([{ type: 'text', text: 'Hello wor' }]);
    expect(parser.feed('ld\n``')).toEqual([{ type: 'text', text: 'ld\n' }]);
    expect(parser.feed('`py')).toEqual([]);
    expect(parser.feed('thon\nx = 1\n')).toEqual([{ type: 'code_start', language: 'python' }, { type: 'code', text: 'x = 1\n' }]);
  });
});

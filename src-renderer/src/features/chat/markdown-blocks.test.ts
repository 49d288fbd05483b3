import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { markdownBlocks } from './markdown-blocks';

const html = (text: string) =>
  renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkGfm] }, text));

const samples = [
  'Intro paragraph.\n\n```python\nprint(1)\n\n\nprint(2)\n```\n\nAfter the code.',
  '# Title\n\nText with **bold**.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nEnd.',
  'A list:\n\n- one\n\n- two\n\n  still two\n\n1. first\n2. second\n\nDone.',
  '> quoted\n\n> more quote\n\nplain',
  'para\n\n    indented code\n\n    more code\n\npara',
  '~~~\nfence with ``` inside\n\n```\nstill inside\n~~~\n\nout',
  'see [the docs][d]\n\n[d]: https://example.com',
  'open fence while streaming\n\n```js\nconst a = 1;\n\n',
  '',
];

describe('markdownBlocks', () => {
  it.each(samples)('renders the same split as whole: %j', (text) => {
    const blocks = markdownBlocks(text);
    expect(blocks.map(html).join('\n')).toBe(html(text));
  });

  it('splits paragraphs and fenced code into blocks, keeping blank lines inside a fence', () => {
    expect(markdownBlocks('a\n\n```\nx\n\ny\n```\n\nb')).toEqual(['a', '```\nx\n\ny\n```', 'b']);
  });

  it('keeps a growing reply’s finished blocks identical as text is appended', () => {
    const reply = 'First paragraph.\n\nSecond paragraph that is still streaming';
    const before = markdownBlocks(reply.slice(0, 30));
    const after = markdownBlocks(reply);
    expect(after[0]).toBe(before[0]);
  });
});

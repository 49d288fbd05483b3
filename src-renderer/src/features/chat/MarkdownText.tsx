import { memo, useRef, type ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton';

/** Languages shown without highlighting (plain output, not code). */
const PLAIN = ['text', 'txt', 'output', 'plaintext'];
/** rehype-highlight with highlight.js's common grammars (lowlight's `common` set); no guessing for unlabelled blocks. */
const rehypePlugins: ComponentProps<typeof Markdown>['rehypePlugins'] = [
  [rehypeHighlight, { detect: false, plainText: PLAIN }],
];
const remarkPlugins = [remarkGfm];

/**
 * A link in a reply: http(s) and mailto open outside the app (a new tab with `noopener` in a
 * browser; in Electron the window's open handler hands https to the system browser) and never
 * replace the app's own page; anything else is shown as text.
 */
function ExternalLink({ href, children }: ComponentProps<'a'>) {
  if (!href || !/^(https?:|mailto:)/i.test(href)) return <span className="link-text">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" title={href}>
      {children}
    </a>
  );
}

/** A fenced block in a reply, with a Copy button for its code. */
function CodePre({ children }: ComponentProps<'pre'>) {
  const { t } = useTranslation();
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="md-code">
      <CopyButton
        label={t('copy.code')}
        className="md-code-copy"
        text={() => pre.current?.textContent ?? ''}
      />
      <pre ref={pre}>{children}</pre>
    </div>
  );
}

const components: Components = { a: ExternalLink, pre: CodePre };

/** A fenced code block somewhere in the text (only those carry a language to highlight). */
const FENCE = /^ {0,3}(?:```|~~~)/m;

/**
 * Markdown as the chat shows it: GFM tables (bordered), blockquotes, highlighted code with Copy,
 * safe links. The highlighter runs only for text with a fenced block: react-markdown builds its
 * pipeline on every render, and rehype-highlight's grammar set is not free to set up, which a
 * long streamed paragraph would otherwise pay on every frame.
 */
export const MarkdownText = memo(function MarkdownText({ text }: { text: string }) {
  return (
    <Markdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={FENCE.test(text) ? rehypePlugins : undefined}
      components={components}
    >
      {text}
    </Markdown>
  );
});

/** highlight.js names of the kernels' languages. */
const GRAMMAR: Record<string, string> = {
  shell: 'bash',
  sh: 'bash',
  python: 'python',
  javascript: 'javascript',
  js: 'javascript',
};

const plainPre: Components = { pre: ({ children }) => <pre className="code">{children}</pre> };

/** A runnable block's code, highlighted with the same grammars as replies. */
export const HighlightedCode = memo(function HighlightedCode({
  code,
  language,
}: {
  code: string;
  language: string;
}) {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const grammar = GRAMMAR[language.toLowerCase()] ?? 'text';
  return (
    <Markdown rehypePlugins={rehypePlugins} components={plainPre}>
      {`${fence}${grammar}\n${code}\n${fence}`}
    </Markdown>
  );
});

import JSZip from 'jszip';
import type { ChatMessage, SessionSummary } from '../../../src-shared/lmc';
import { collapseCarriageReturns, stripAnsi } from '../exec/output';
import { exportFileName } from './chat-file';

/** An exported file as the bridge hands it to the window: text, or base64 for binary (a .zip). */
export interface ExportedFile {
  filename: string;
  mimeType: string;
  content: string;
  encoding?: 'base64';
}

/** A picture of the chat, written beside the Markdown as a file of its own. */
export interface MarkdownImage {
  /** Relative to the Markdown file, e.g. `images/1.png`; the Markdown links to it by this path. */
  path: string;
  bytes: Buffer;
}

/** File extensions of the LMC image formats (as the window shows them). */
const IMAGE_EXTENSIONS: Record<string, string> = {
  'base64.png': 'png',
  'base64.jpeg': 'jpg',
  'base64.gif': 'gif',
  'base64.webp': 'webp',
};

/**
 * The Markdown export: a heading per message, code and console output as fenced blocks, and
 * each picture as a link to its own file (`images/1.png`, `images/2.jpg`, … in chat order),
 * whose bytes come back in `images` to be written beside the Markdown.
 */
export function toMarkdown(
  session: SessionSummary,
  messages: ChatMessage[],
  now: Date,
): { markdown: string; images: MarkdownImage[] } {
  const parts = [`# ${session.title}`, `_Exported from Switchboard on ${now.toISOString()}_`];
  const images: MarkdownImage[] = [];
  for (const m of messages) {
    if (m.type === 'confirmation') continue;
    if (m.type === 'code') {
      parts.push(
        `**Code (${m.format ?? 'text'})**, ${m.meta.status ?? 'proposed'}:`,
        fence(m.content, m.format ?? ''),
      );
    } else if (m.type === 'console') {
      const exit =
        m.meta.exit_code === undefined || m.meta.exit_code === null ? '' : `, exit ${m.meta.exit_code}`;
      parts.push(
        `**Output**${exit}:`,
        fence(collapseCarriageReturns(stripAnsi(m.content.replace(/\r\n/g, '\n'))), 'text'),
      );
    } else if (m.type === 'image') {
      const extension = IMAGE_EXTENSIONS[m.format ?? ''];
      if (extension) {
        const path = `images/${images.length + 1}.${extension}`;
        images.push({ path, bytes: Buffer.from(m.content, 'base64') });
        parts.push(`![Image produced by the code](${path})`);
      } else parts.push(`_An image in ${m.format ?? 'an unknown format'}_`);
    } else {
      parts.push(`## ${heading(m)} · ${m.created_at}`, m.content);
    }
  }
  return { markdown: `${parts.join('\n\n')}\n`, images };
}

/**
 * The chat as a Markdown download: a plain `.md` when it has no pictures; otherwise a `.zip`
 * holding `<title>.md` and `images/…`, which the Markdown links to by relative path, so the
 * unpacked folder reads with its pictures in any Markdown viewer (zip written by JSZip; the
 * pictures are stored as they are, PNG and JPEG being compressed already).
 */
export async function exportMarkdown(
  session: SessionSummary,
  messages: ChatMessage[],
  now: Date,
): Promise<ExportedFile> {
  const { markdown, images } = toMarkdown(session, messages, now);
  const name = exportFileName(session.title, 'md');
  if (images.length === 0) return { filename: name, mimeType: 'text/markdown', content: markdown };
  const zip = new JSZip();
  zip.file(name, markdown, { date: now, compression: 'DEFLATE' });
  for (const image of images) zip.file(image.path, image.bytes, { date: now, compression: 'STORE' });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', platform: 'UNIX' });
  return {
    filename: exportFileName(session.title, 'zip'),
    mimeType: 'application/zip',
    content: bytes.toString('base64'),
    encoding: 'base64',
  };
}

function heading(m: ChatMessage): string {
  if (m.role === 'user') return 'You';
  if (m.role === 'computer') return m.meta.error ? 'Error' : 'Switchboard';
  return m.meta.provider
    ? `Assistant (${m.meta.provider}${m.meta.model ? ` · ${m.meta.model}` : ''})`
    : 'Assistant';
}

/** A fenced block whose fence is longer than any backtick run inside, so content never closes it early. */
function fence(content: string, info: string): string {
  const longest = Math.max(2, ...Array.from(content.matchAll(/`+/g), (match) => match[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${content.replace(/\n$/, '')}\n${marks}`;
}

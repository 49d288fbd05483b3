import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, LmcRole, LmcType, SessionSummary } from '../../../src-shared/lmc';
import { exportMarkdown } from './chat-markdown';

const at = '2026-03-01T10:00:00.000Z';
const session: SessionSummary = {
  id: 's',
  title: 'Plot the squares',
  created_at: at,
  updated_at: at,
  message_count: 0,
  source: 'app',
};
/** A 1×1 red PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]).toString(
  'base64',
);

let id = 0;
function message(
  role: LmcRole,
  type: LmcType,
  content: string,
  extra: Partial<ChatMessage> = {},
): ChatMessage {
  return { id: String(++id), session_id: 's', role, type, content, meta: {}, created_at: at, ...extra };
}

describe('Markdown export', () => {
  it('a chat without pictures is one .md with code and output as fences that nothing inside can close', async () => {
    const file = await exportMarkdown(
      session,
      [
        message('user', 'message', 'Hash hello'),
        message('assistant', 'code', 'print("```")', { format: 'python', meta: { status: 'done' } }),
        message('computer', 'console', '\u001b[32m10%\r100%\u001b[0m\r\n', { meta: { exit_code: 0 } }),
      ],
      new Date(at),
    );
    expect(file).toMatchObject({ filename: 'Plot-the-squares.md', mimeType: 'text/markdown' });
    expect(file.encoding).toBeUndefined();
    expect(file.content).toContain('# Plot the squares');
    expect(file.content).toContain('## You · 2026-03-01T10:00:00.000Z\n\nHash hello');
    expect(file.content).toContain('````python\nprint("```")\n````');
    expect(file.content).toContain('**Output**, exit 0:\n\n```text\n100%\n```');
  });

  it('a chat with pictures is a .zip: the .md links each picture by a relative path to a file in the archive with its bytes', async () => {
    const file = await exportMarkdown(
      session,
      [
        message('user', 'message', 'Plot the first ten squares, then a photo'),
        message('assistant', 'code', 'plt.show()', { format: 'python', meta: { status: 'done' } }),
        message('computer', 'console', 'plotted 10 points\n', { meta: { exit_code: 0 } }),
        message('computer', 'image', PNG, { format: 'base64.png' }),
        message('computer', 'image', JPEG, { format: 'base64.jpeg' }),
        message('computer', 'image', 'AAAA', { format: 'base64.tiff' }),
      ],
      new Date(at),
    );
    expect(file).toMatchObject({
      filename: 'Plot-the-squares.zip',
      mimeType: 'application/zip',
      encoding: 'base64',
    });
    const bytes = Buffer.from(file.content, 'base64');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((name) => !zip.files[name]?.dir);
    expect(names.sort()).toEqual(['Plot-the-squares.md', 'images/1.png', 'images/2.jpg']);

    const md = (await zip.file('Plot-the-squares.md')?.async('string')) ?? '';
    expect(md).toContain('**Output**, exit 0:\n\n```text\nplotted 10 points\n```');
    expect(md).not.toContain('data:');
    expect(md).toContain('_An image in base64.tiff_');
    const links = Array.from(md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g), (match) => match[1]);
    expect(links).toEqual(['images/1.png', 'images/2.jpg']);
    for (const [link, base64] of [
      ['images/1.png', PNG],
      ['images/2.jpg', JPEG],
    ] as const) {
      const stored = await zip.file(link)?.async('nodebuffer');
      expect(stored?.equals(Buffer.from(base64, 'base64'))).toBe(true);
    }
  });
});

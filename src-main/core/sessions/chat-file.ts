import { z } from 'zod';
import {
  lmcRoleSchema,
  lmcTypeSchema,
  messageMetaSchema,
  type ChatMessage,
  type SessionSummary,
} from '../../../src-shared/lmc';
import { AppError } from '../errors';
import { collapseCarriageReturns, stripAnsi } from '../exec/output';

/** What `format` says in an exported chat file; an import refuses anything else. */
export const CHAT_FILE_FORMAT = 'switchboard.chat';

/**
 * An exported chat: its title and the LMC messages of its current branch in order (role, type,
 * format, content; base64 for images), with their times and meta. Import validates against this.
 */
export const chatFileSchema = z.object({
  format: z.literal(CHAT_FILE_FORMAT, {
    error: `is not "${CHAT_FILE_FORMAT}" (not a chat exported from Switchboard)`,
  }),
  version: z.literal(1, { error: 'is not 1 (a newer Switchboard wrote this file)' }),
  title: z.string().trim().min(1).max(200),
  exported_at: z.string().optional(),
  messages: z
    .array(
      z.object({
        role: lmcRoleSchema,
        type: lmcTypeSchema,
        format: z.string().max(100).optional(),
        content: z.string(),
        meta: messageMetaSchema.optional(),
        created_at: z.iso.datetime().optional(),
      }),
    )
    .min(1, { error: 'has no messages' }),
});
export type ChatFile = z.infer<typeof chatFileSchema>;

/** The JSON export of a chat (pretty-printed, so it diffs and reads well). */
export function toChatFile(session: SessionSummary, messages: ChatMessage[], now: Date): string {
  const file: ChatFile = {
    format: CHAT_FILE_FORMAT,
    version: 1,
    title: session.title,
    exported_at: now.toISOString(),
    messages: messages.map((m) => ({
      role: m.role,
      type: m.type,
      ...(m.format !== undefined ? { format: m.format } : {}),
      content: m.content,
      meta: m.meta,
      created_at: m.created_at,
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Reads an exported chat. Throws AppError `import_invalid` saying what is wrong: not JSON, or
 * the first few fields that do not fit (with their paths, e.g. `messages.3.role`).
 */
export function parseChatFile(text: string): ChatFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(
      'import_invalid',
      'This file is not JSON. Choose a chat exported from Switchboard as JSON.',
    );
  }
  const parsed = chatFileSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || 'the file'} ${issue.message}`);
    throw new AppError(
      'import_invalid',
      `This file is not a chat Switchboard can import: ${problems.join('; ')}.`,
    );
  }
  return parsed.data;
}

/** The Markdown export: a heading per message, code and console output as fenced blocks, pictures inline as data URLs. */
export function toMarkdown(session: SessionSummary, messages: ChatMessage[], now: Date): string {
  const parts = [`# ${session.title}`, `_Exported from Switchboard on ${now.toISOString()}_`];
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
      const mime = m.format === 'base64.png' ? 'image/png' : m.format === 'base64.jpeg' ? 'image/jpeg' : null;
      parts.push(
        mime
          ? `![Image produced by the code](data:${mime};base64,${m.content})`
          : `_An image in ${m.format ?? 'an unknown format'}_`,
      );
    } else {
      parts.push(`## ${heading(m)} · ${m.created_at}`, m.content);
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/** A file name for an export: the title's letters and digits, dashes between. */
export function exportFileName(title: string, extension: 'md' | 'json'): string {
  const base = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'chat'}.${extension}`;
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

import { z } from 'zod';
import {
  lmcRoleSchema,
  lmcTypeSchema,
  messageMetaSchema,
  type ChatMessage,
  type SessionSummary,
} from '../../../src-shared/lmc';
import { AppError } from '../errors';

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

/** A file name for an export: the title's letters and digits, dashes between. */
export function exportFileName(title: string, extension: 'md' | 'json' | 'zip'): string {
  const base = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'chat'}.${extension}`;
}

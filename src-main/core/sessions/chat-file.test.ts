import { describe, expect, it } from 'vitest';
import type { ChatMessage, SessionSummary } from '../../../src-shared/lmc';
import { exportFileName, parseChatFile, toChatFile } from './chat-file';

const session: SessionSummary = {
  id: 's',
  title: 'Hash of hello',
  created_at: '',
  updated_at: '',
  message_count: 4,
  source: 'app',
};
const at = '2026-03-01T10:00:00.000Z';
const messages: ChatMessage[] = [
  {
    id: '1',
    session_id: 's',
    role: 'user',
    type: 'message',
    content: 'Hash hello',
    meta: {},
    created_at: at,
  },
  {
    id: '2',
    session_id: 's',
    role: 'assistant',
    type: 'code',
    format: 'python',
    content: 'print("```")',
    meta: { status: 'done' },
    created_at: at,
  },
  {
    id: '3',
    session_id: 's',
    role: 'computer',
    type: 'console',
    content: '\u001b[32m10%\r100%\u001b[0m\r\n',
    meta: { exit_code: 0 },
    created_at: at,
  },
  {
    id: '4',
    session_id: 's',
    role: 'computer',
    type: 'image',
    format: 'base64.png',
    content: 'iVBORw0K',
    meta: {},
    created_at: at,
  },
];

describe('chat export and import', () => {
  it('JSON export reads back as the same LMC messages', () => {
    const file = parseChatFile(toChatFile(session, messages, new Date(at)));
    expect(file.title).toBe('Hash of hello');
    expect(file.messages.map(({ role, type, format, content }) => ({ role, type, format, content }))).toEqual(
      messages.map(({ role, type, format, content }) => ({ role, type, format, content })),
    );
  });

  it('refuses a file that is not an exported chat, saying what is wrong', () => {
    expect(() => parseChatFile('{nope')).toThrow(
      expect.objectContaining({ code: 'import_invalid', message: expect.stringContaining('not JSON') }),
    );
    expect(() => parseChatFile(JSON.stringify({ messages: [] }))).toThrow(
      expect.objectContaining({ code: 'import_invalid', message: expect.stringContaining('format') }),
    );
    const bad = {
      format: 'switchboard.chat',
      version: 1,
      title: 'x',
      messages: [{ role: 'robot', type: 'message', content: 'hi' }],
    };
    expect(() => parseChatFile(JSON.stringify(bad))).toThrow(
      expect.objectContaining({ message: expect.stringContaining('messages.0.role') }),
    );
  });

  it('names files from the title', () => {
    expect(exportFileName('Hash of "hello" / world?', 'md')).toBe('Hash-of-hello-world.md');
    expect(exportFileName('???', 'json')).toBe('chat.json');
  });
});

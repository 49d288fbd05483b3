import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src-shared/lmc';
import { buildRequestMessages, toProviderMessages } from './history';
import { DECLINED_MESSAGE } from './prompt';

let n = 0;
const msg = (
  partial: Partial<ChatMessage> & Pick<ChatMessage, 'role' | 'type' | 'content'>,
): ChatMessage => ({
  id: `m${++n}`,
  session_id: 's',
  meta: {},
  created_at: new Date(0).toISOString(),
  ...partial,
});

const firstTurn: ChatMessage[] = [
  msg({ role: 'user', type: 'message', content: 'What is the SHA-256 of the word hello? Compute it.' }),
  msg({ role: 'assistant', type: 'message', content: "I'll compute it with Python." }),
  msg({
    role: 'assistant',
    type: 'code',
    format: 'python',
    content: "import hashlib\nprint(hashlib.sha256(b'hello').hexdigest())",
    meta: { status: 'done' },
  }),
  msg({
    role: 'computer',
    type: 'console',
    format: 'output',
    content: '\x1b[32m2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\x1b[0m\r\n',
    meta: { exit_code: 0, outcome: 'done' },
  }),
  msg({
    role: 'assistant',
    type: 'message',
    content: 'The SHA-256 of hello is 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.',
  }),
];

describe('toProviderMessages', () => {
  it('merges prose and code into one assistant message and reports output as a user message', () => {
    const out = toProviderMessages(firstTurn, 2800);
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(out[1]?.content).toBe(
      "I'll compute it with Python.\n\n```python\nimport hashlib\nprint(hashlib.sha256(b'hello').hexdigest())\n```",
    );
    expect(out[2]?.content).toContain('exit status 0');
    expect(out[2]?.content).toContain(
      '```output\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n```',
    );
    expect(out[2]?.content).not.toContain('\x1b');
  });

  it('tells the model a skipped block was declined', () => {
    const out = toProviderMessages(
      [
        msg({
          role: 'assistant',
          type: 'code',
          format: 'shell',
          content: 'rm -rf build',
          meta: { status: 'skipped' },
        }),
      ],
      2800,
    );
    expect(out[out.length - 1]).toEqual({ role: 'user', content: DECLINED_MESSAGE });
  });

  it('sends the model only the last max_output characters of long output, saying it was cut', () => {
    const long = 'x'.repeat(5000) + 'THE END';
    const out = toProviderMessages(
      [msg({ role: 'computer', type: 'console', content: long, meta: { exit_code: 0, outcome: 'done' } })],
      100,
    );
    const content = out[0]?.content ?? '';
    expect(content).toContain('THE END');
    expect(content).toMatch(/truncated/i);
    expect(content.length).toBeLessThan(400);
  });
});

describe('buildRequestMessages', () => {
  it('sends one system message, the last N earlier messages cut to M chars, then the current turn whole', () => {
    const secondUser = msg({ role: 'user', type: 'message', content: 'And of the word world? '.repeat(10) });
    const stored = [...firstTurn, secondUser];
    const messages = buildRequestMessages('SYSTEM', stored, firstTurn.length, {
      messages: 4,
      chars: 120,
      maxOutput: 2800,
    });
    expect(messages.filter((m) => m.role === 'system')).toEqual([{ role: 'system', content: 'SYSTEM' }]);
    const history = messages.slice(1, -1);
    expect(history).toHaveLength(4);
    for (const m of history) expect((m.content ?? '').length).toBeLessThanOrEqual(120);
    expect(messages[messages.length - 1]).toEqual({ role: 'user', content: secondUser.content });
  });

  it('sends no history when either limit is 0', () => {
    const stored = [...firstTurn, msg({ role: 'user', type: 'message', content: 'next' })];
    expect(
      buildRequestMessages('S', stored, firstTurn.length, { messages: 0, chars: 120, maxOutput: 2800 }),
    ).toHaveLength(2);
    expect(
      buildRequestMessages('S', stored, firstTurn.length, { messages: 4, chars: 0, maxOutput: 2800 }),
    ).toHaveLength(2);
  });
});

describe('tool calls in history', () => {
  const toolTurn: ChatMessage[] = [
    msg({ role: 'user', type: 'message', content: 'Run two things.' }),
    msg({
      role: 'assistant',
      type: 'code',
      format: 'shell',
      content: 'echo one',
      meta: { status: 'done', tool_call_id: 'call_1' },
    }),
    msg({ role: 'computer', type: 'console', content: 'one\r\n', meta: { exit_code: 0, outcome: 'done' } }),
    msg({
      role: 'assistant',
      type: 'code',
      format: 'shell',
      content: 'sleep 99',
      meta: { status: 'stopped', tool_call_id: 'call_2' },
    }),
  ];

  it('answers every native call of the current turn, even one that never ran', () => {
    const out = toProviderMessages(toolTurn, 2800, true);
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(out[2]).toMatchObject({ tool_call_id: 'call_1' });
    expect(out[4]).toEqual({
      role: 'tool',
      tool_call_id: 'call_2',
      content: 'The code was not run (stopped).',
    });
  });

  it('sends earlier turns as plain text, so cutting them cannot orphan a tool result', () => {
    const stored = [...toolTurn, msg({ role: 'user', type: 'message', content: 'next' })];
    const messages = buildRequestMessages(
      'S',
      stored,
      toolTurn.length,
      { messages: 10, chars: 500, maxOutput: 2800 },
      'tools',
    );
    expect(messages.some((m) => m.role === 'tool' || m.tool_calls !== undefined)).toBe(false);
    expect(messages.map((m) => m.content).join('\n')).toContain('```shell\necho one\n```');
  });
});

describe('what a console tells the model', () => {
  it('says when output beyond the kept 1 MB was lost, how many images were shown, and that a fresh kernel ran', () => {
    const out = toProviderMessages(
      [
        msg({
          role: 'assistant',
          type: 'code',
          format: 'python',
          content: 'flood()',
          meta: { status: 'done' },
        }),
        msg({
          role: 'computer',
          type: 'console',
          content: 'tail\r\n',
          meta: { exit_code: 0, outcome: 'done', truncated: true, restarted_kernel: true },
        }),
        msg({ role: 'computer', type: 'image', format: 'base64.png', content: 'iVBORw0KGgo=' }),
        msg({ role: 'computer', type: 'image', format: 'base64.png', content: 'iVBORw0KGgo=' }),
      ],
      2800,
    );
    expect(out.map((m) => m.role)).toEqual(['assistant', 'user']);
    const told = out[1]?.content ?? '';
    expect(told).toContain('more than the 1 MB Switchboard keeps');
    expect(told).toContain('It also produced 2 images, which are shown to the user.');
    expect(told).toContain('fresh session');
  });
});

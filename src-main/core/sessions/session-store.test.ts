import { describe, expect, it } from 'vitest';
import { SessionStore } from './session-store';

describe('SessionStore.markInterruptedBlocks', () => {
  it('stops blocks and consoles a previous run of the app left unfinished, and leaves finished ones alone', () => {
    const store = SessionStore.open(':memory:');
    const sessionId = store.createSession().id;
    const waiting = store.addMessage({
      sessionId,
      role: 'assistant',
      type: 'code',
      format: 'shell',
      content: 'ls',
      meta: { status: 'pending' },
    });
    const running = store.addMessage({
      sessionId,
      role: 'assistant',
      type: 'code',
      format: 'shell',
      content: 'sleep 9',
      meta: { status: 'running' },
    });
    const live = store.addMessage({ sessionId, role: 'computer', type: 'console', content: 'partial' });
    const done = store.addMessage({
      sessionId,
      role: 'computer',
      type: 'console',
      content: 'ok',
      meta: { outcome: 'done', exit_code: 0 },
    });
    expect(store.markInterruptedBlocks()).toBe(3);
    const byId = new Map(store.messages(sessionId).map((m) => [m.id, m]));
    expect(byId.get(waiting.id)?.meta.status).toBe('stopped');
    expect(byId.get(running.id)?.meta.status).toBe('stopped');
    expect(byId.get(live.id)?.meta).toEqual({ outcome: 'stopped', exit_code: null });
    expect(byId.get(done.id)?.meta).toEqual({ outcome: 'done', exit_code: 0 });
    store.close();
  });
});

describe('SessionStore with NUL characters', () => {
  it('stores text, console output and titles whole, each NUL as a visible \\x00', () => {
    const store = SessionStore.open(':memory:');
    const session = store.createSession({ title: 'before\0after' });
    expect(store.requireSession(session.id).title).toBe('before\\x00after');
    store.renameSession(session.id, 'x\0y');
    expect(store.requireSession(session.id).title).toBe('x\\x00y');

    const printed = store.addMessage({
      sessionId: session.id,
      role: 'computer',
      type: 'console',
      content: 'a\0b',
    });
    expect(store.messages(session.id)[0]?.content).toBe('a\\x00b');
    // 300 KB of binary output: every byte kept (NULs escaped), up to its last character.
    const binary =
      Array.from({ length: 300_000 }, (_, i) => String.fromCharCode(i % 7 === 0 ? 0 : 65 + (i % 26))).join(
        '',
      ) + 'END';
    store.updateMessage(printed.id, { content: binary });
    const stored = store.messages(session.id)[0]?.content ?? '';
    expect(stored.endsWith('END')).toBe(true);
    expect(stored.length).toBe(binary.length + 3 * (binary.split('\0').length - 1));
  });
});

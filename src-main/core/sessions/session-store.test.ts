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

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SwitchboardBridge } from '../../../src-shared/contract';
import type { SessionSummary } from '../../../src-shared/lmc';
import type { useStore as UseStoreValue } from './index';

/** What reached the bridge (the preload's API is the renderer's wire boundary). */
const calls: Array<[string, unknown]> = [];
let stored: SessionSummary[] = [];
const summary = (id: string, extra: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  title: id,
  created_at: '2026-03-01T00:00:00.000Z',
  updated_at: '2026-03-01T00:00:00.000Z',
  message_count: 2,
  source: 'app',
  ...extra,
});

let useStore: typeof UseStoreValue;
let UNDO_DELETE_MS: number;
beforeAll(async () => {
  const record = (method: string, answer: (input: never) => unknown) => async (input: never) => {
    calls.push([method, input]);
    return answer(input);
  };
  const fake: Partial<Record<keyof SwitchboardBridge, unknown>> = {
    'sessions.list': record('sessions.list', () => ({ sessions: stored })),
    'sessions.create': record('sessions.create', () => {
      const created = summary('new', { message_count: 0 });
      stored = [created, ...stored];
      return created;
    }),
    'sessions.setRoute': record(
      'sessions.setRoute',
      (input: { sessionId: string; route: SessionSummary['route'] }) =>
        summary(input.sessionId, { route: input.route }),
    ),
    'sessions.delete': record('sessions.delete', (input: { sessionId: string }) => {
      stored = stored.filter((s) => s.id !== input.sessionId);
      return { deleted: true };
    }),
    'sessions.get': record('sessions.get', () => ({
      session: {},
      messages: [],
      branches: [],
      status: { state: 'idle' },
      pendingApproval: null,
      eventSeq: 0,
    })),
    'chat.send': record('chat.send', () => ({ accepted: true })),
  };
  window.switchboard = fake as SwitchboardBridge;
  // Imported after the fake is in place: the bridge is chosen when the store's modules load.
  ({ useStore } = await import('./index'));
  ({ UNDO_DELETE_MS } = await import('./sessions-slice'));
});
afterEach(() => {
  vi.useRealTimers();
  calls.length = 0;
});

describe('sessions slice', () => {
  it('New chat stores nothing; the first message stores the chat with the provider chosen for it, then sends', async () => {
    stored = [];
    await useStore.getState().newSession();
    expect(calls).toEqual([]);
    await useStore.getState().setChatRoute({ providerId: 'openai', model: 'gpt-4.1-mini' });
    expect(calls).toEqual([]);
    expect(await useStore.getState().send('hello')).toBe(true);
    expect(calls.map(([method]) => method)).toEqual(['sessions.create', 'sessions.setRoute', 'chat.send']);
    expect(calls[1]?.[1]).toEqual({
      sessionId: 'new',
      route: { providerId: 'openai', model: 'gpt-4.1-mini' },
    });
    expect(useStore.getState().currentId).toBe('new');
    expect(useStore.getState().draftRoute).toBeNull();
  });

  it('a deleted chat disappears at once, Undo keeps it, and without Undo it is deleted after the grace time', async () => {
    vi.useFakeTimers();
    stored = [summary('a'), summary('b')];
    await useStore.getState().loadSessions();
    await useStore.getState().deleteSession('a');
    expect(useStore.getState().sessions.map((s) => s.id)).toEqual(['b']);
    useStore.getState().undoDelete();
    await vi.advanceTimersByTimeAsync(UNDO_DELETE_MS + 100);
    expect(calls.some(([method]) => method === 'sessions.delete')).toBe(false);
    expect(useStore.getState().sessions.map((s) => s.id)).toEqual(['a', 'b']);

    await useStore.getState().deleteSession('b');
    // A list reload meanwhile (another window's change) does not bring it back.
    await useStore.getState().loadSessions();
    expect(useStore.getState().sessions.map((s) => s.id)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(UNDO_DELETE_MS + 100);
    expect(calls.filter(([method]) => method === 'sessions.delete')).toEqual([
      ['sessions.delete', { sessionId: 'b' }],
    ]);
  });
});

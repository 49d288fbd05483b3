import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SwitchboardBridge } from '../../../src-shared/contract';
import type { SessionSummary } from '../../../src-shared/lmc';
import type { useStore as UseStoreValue } from './index';

/** What reached the bridge (the preload's API is the renderer's wire boundary). */
const calls: Array<[string, unknown]> = [];
let stored: SessionSummary[] = [];
let trashed: SessionSummary[] = [];
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
    // The core's trash: a trashed chat leaves the list until restored.
    'sessions.trash': record('sessions.trash', (input: { sessionId: string }) => {
      const found = stored.find((s) => s.id === input.sessionId);
      if (found) trashed.push(found);
      stored = stored.filter((s) => s.id !== input.sessionId);
      return { trashed: found !== undefined };
    }),
    'sessions.restore': record('sessions.restore', (input: { sessionId: string }) => {
      const found = trashed.find((s) => s.id === input.sessionId);
      trashed = trashed.filter((s) => s.id !== input.sessionId);
      if (found) stored = [...stored, found].sort((a, b) => a.id.localeCompare(b.id));
      return { restored: found !== undefined };
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

  it('a deleted chat goes to the trash at once, Undo restores it, and the toast goes when the undo window ends', async () => {
    vi.useFakeTimers();
    stored = [summary('a'), summary('b')];
    trashed = [];
    await useStore.getState().loadSessions();
    await useStore.getState().deleteSession('a');
    expect(useStore.getState().sessions.map((s) => s.id)).toEqual(['b']);
    // The core holds the delete (a reload or a closed window keeps it deleted).
    expect(calls.filter(([method]) => method === 'sessions.trash')).toEqual([
      ['sessions.trash', { sessionId: 'a' }],
    ]);
    expect(useStore.getState().deleted?.session.id).toBe('a');
    await useStore.getState().undoDelete();
    expect(calls.filter(([method]) => method === 'sessions.restore')).toEqual([
      ['sessions.restore', { sessionId: 'a' }],
    ]);
    expect(useStore.getState().sessions.map((s) => s.id)).toEqual(['a', 'b']);
    expect(useStore.getState().deleted).toBeNull();

    await useStore.getState().deleteSession('b');
    // A list reload meanwhile (another window's change) does not bring it back.
    await useStore.getState().loadSessions();
    expect(useStore.getState().sessions.map((s) => s.id)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(UNDO_DELETE_MS + 100);
    expect(useStore.getState().deleted).toBeNull();
    expect(calls.filter(([method]) => method === 'sessions.restore')).toHaveLength(1);
    expect(calls.some(([method]) => method === 'sessions.delete')).toBe(false);
  });

  it('Undo too late says so, and the chat stays deleted', async () => {
    stored = [summary('a')];
    trashed = [];
    await useStore.getState().loadSessions();
    await useStore.getState().deleteSession('a');
    trashed = []; // the core purged it meanwhile
    await useStore.getState().undoDelete();
    expect(useStore.getState().sessions).toEqual([]);
    expect(useStore.getState().chatError).toBe('Too late: the chat was already deleted.');
  });
});

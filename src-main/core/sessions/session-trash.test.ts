import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { SessionStore } from './session-store';
import { purgeLeftoverTrash, SessionTrash } from './session-trash';

/** A store with two chats, each with a message saying its name. */
function twoChats(store: SessionStore): { kept: string; deleted: string } {
  const kept = store.createSession({ title: 'kept' }).id;
  const deleted = store.createSession({ title: 'deleted' }).id;
  store.addMessage({ sessionId: kept, role: 'user', type: 'message', content: 'kept marmalade' });
  store.addMessage({ sessionId: deleted, role: 'user', type: 'message', content: 'deleted marmalade' });
  return { kept, deleted };
}

const titles = (store: SessionStore) =>
  store
    .listSessions()
    .map((s) => s.title)
    .sort();

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionTrash', () => {
  it('hides a trashed chat from the list and search at once, restores it on Undo, and purges it only when the undo window ends', async () => {
    vi.useFakeTimers();
    const store = SessionStore.open(':memory:');
    const purged: string[] = [];
    const trash = new SessionTrash(store.connection(), {
      undoMs: 6000,
      purge: async (id) => {
        purged.push(id);
        store.deleteSession(id);
      },
    });
    const { deleted } = twoChats(store);

    expect(trash.trash(deleted)).toBe(true);
    expect(titles(store)).toEqual(['kept']);
    expect(store.search('marmalade').map((hit) => hit.sessionTitle)).toEqual(['kept']);
    // Undo within the window: back in the list and search, and never purged.
    await vi.advanceTimersByTimeAsync(5000);
    expect(trash.restore(deleted)).toBe(true);
    expect(titles(store)).toEqual(['deleted', 'kept']);
    expect(store.search('marmalade')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(purged).toEqual([]);

    // No Undo: still stored (restorable) until the window ends, then purged.
    expect(trash.trash(deleted)).toBe(true);
    await vi.advanceTimersByTimeAsync(5999);
    expect(purged).toEqual([]);
    expect(store.getSession(deleted)).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(purged).toEqual([deleted]);
    expect(store.getSession(deleted)).toBeNull();
    // Too late for Undo, and trashing it again finds nothing.
    expect(trash.restore(deleted)).toBe(false);
    expect(trash.trash(deleted)).toBe(false);
    expect(trash.trash('no-such-chat')).toBe(false);
  });

  it('a chat still in the trash when the app stops (closed, reloaded or crashed) is gone at the next start', async () => {
    const dir = await tempDir('trash-');
    try {
      const file = join(dir.path, 'switchboard.db');
      const first = SessionStore.open(file);
      const { deleted } = twoChats(first);
      const trash = new SessionTrash(first.connection(), { undoMs: 60_000, purge: async () => undefined });
      trash.trash(deleted);
      // The app stops within the undo window: the pending purge never runs.
      trash.close();
      first.close();

      const second = SessionStore.open(file);
      expect(purgeLeftoverTrash(second.connection())).toBe(1);
      expect(second.getSession(deleted)).toBeNull();
      expect(titles(second)).toEqual(['kept']);
      expect(second.search('marmalade').map((hit) => hit.sessionTitle)).toEqual(['kept']);
      second.close();
    } finally {
      await dir.cleanup();
    }
  });
});

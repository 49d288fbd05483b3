import type Database from 'libsql';

type Db = InstanceType<typeof Database>;

/** The column that marks a chat deleted but still restorable (ISO time of the delete). */
export const TRASH_SCHEMA = `ALTER TABLE sessions ADD COLUMN deleted_at TEXT;`;

export interface SessionTrashOptions {
  /** How long a trashed chat can be restored before it is purged, in ms. */
  undoMs: number;
  /** Deletes the chat for good (stops its turn and kernels, deletes its rows, tells windows). */
  purge(sessionId: string): Promise<void>;
  /** Reports a purge that failed (the chat stays trashed and goes at the next start). */
  onError?(error: unknown, sessionId: string): void;
}

/**
 * Deletes every chat an earlier run left in the trash (its undo window is over: no window of
 * that run can undo it any more); returns how many. Call at start, before anything runs.
 */
export function purgeLeftoverTrash(db: Db): number {
  return db.prepare('DELETE FROM sessions WHERE deleted_at IS NOT NULL').run().changes;
}

/**
 * Deleting a chat with Undo, kept in the database rather than in a window: a trashed chat is
 * marked `deleted_at` at once (every list and search skips it), restored by Undo, and purged when
 * the undo window ends. A chat still trashed when the app starts (the window was closed or
 * reloaded, or the app crashed, within the undo window) is purged then, so what the person
 * deleted stays deleted whatever happens to the window.
 */
export class SessionTrash {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly db: Db,
    private readonly options: SessionTrashOptions,
  ) {}

  /** Hides a chat and purges it after `undoMs` unless restored; false when there is no such chat. */
  trash(sessionId: string): boolean {
    const changed = this.db
      .prepare('UPDATE sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
      .run(new Date().toISOString(), sessionId).changes;
    if (changed === 0) return this.isTrashed(sessionId);
    const timer = setTimeout(() => void this.purgeNow(sessionId), this.options.undoMs);
    // A pending purge must not keep the process alive; leftovers go at the next start.
    timer.unref?.();
    this.timers.set(sessionId, timer);
    return true;
  }

  /** Brings a trashed chat back; false when it is not in the trash (never trashed, or already purged). */
  restore(sessionId: string): boolean {
    this.cancel(sessionId);
    return (
      this.db
        .prepare('UPDATE sessions SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL')
        .run(sessionId).changes > 0
    );
  }

  /** True while a chat is in the trash. */
  isTrashed(sessionId: string): boolean {
    const row = this.db.prepare('SELECT deleted_at FROM sessions WHERE id = ?').get(sessionId) as
      { deleted_at: string | null } | undefined;
    return typeof row?.deleted_at === 'string';
  }

  /** Cancels the pending purges (on close; the chats stay trashed and go at the next start). */
  close(): void {
    for (const sessionId of [...this.timers.keys()]) this.cancel(sessionId);
  }

  private cancel(sessionId: string): void {
    const timer = this.timers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.timers.delete(sessionId);
  }

  private async purgeNow(sessionId: string): Promise<void> {
    this.timers.delete(sessionId);
    if (!this.isTrashed(sessionId)) return;
    try {
      await this.options.purge(sessionId);
    } catch (error) {
      this.options.onError?.(error, sessionId);
    }
  }
}

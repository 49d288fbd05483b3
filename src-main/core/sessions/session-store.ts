import { randomUUID } from 'node:crypto';
import Database from 'libsql';
import type {
  ChatMessage,
  LmcRole,
  LmcType,
  MessageMeta,
  SearchHit,
  SessionSummary,
} from '../../../src-shared/lmc';
import { AppError } from '../errors';
import { visibleNul } from '../text';
import { searchMessages } from './message-search';
import { MIGRATIONS } from './session-schema';
import { descendToLeaf, readTree, rememberPath, toMessage, type MessageRow, type Tree } from './message-tree';

type Db = InstanceType<typeof Database>;

/** The default title until the first message names the session. */
export const UNTITLED = 'New chat';

interface SessionRow {
  id: string;
  title: string;
  source: string;
  created_at: string;
  updated_at: string;
  message_count: number;
  pinned: number;
  route: string | null;
}

const SUMMARY_COLUMNS = `s.id, s.title, s.source, s.created_at, s.updated_at, s.pinned, s.route,
  (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) AS message_count`;

/** What a new message needs. */
export interface NewMessage {
  sessionId: string;
  role: LmcRole;
  type: LmcType;
  format?: string;
  content: string;
  meta?: MessageMeta;
  /**
   * The message this one answers or follows: omitted = the session's current leaf (the normal
   * case, appending to the branch on screen); `null` = a new root. The new message becomes the
   * current leaf.
   */
  parentId?: string | null;
  /** Creation time (ISO), for imports; default now. */
  createdAt?: string;
}

/**
 * Sessions and their LMC messages in SQLite (libsql, N-API), one file in the data dir. The
 * window, the HTTP bridge and the local API all read this one store, so a session started in
 * one shows up in the others. Calls are synchronous (libsql's better-sqlite3 API) and small.
 */
export class SessionStore {
  private constructor(private readonly db: Db) {}

  /** Opens (creating and migrating) the database at `file`; `:memory:` for tests. */
  static open(file: string): SessionStore {
    const db = new Database(file);
    // synchronous = NORMAL is SQLite's recommended setting under WAL: no corruption on power loss,
    // at worst the last commits roll back, and no fsync per message (it made each message ~8 ms).
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    const version = Number(
      (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
    );
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v] as string);
        db.exec(`PRAGMA user_version = ${v + 1}`);
      })();
    }
    return new SessionStore(db);
  }

  /** Creates a session; `source: 'api'` marks one created over the local API; `metadata` is the caller's JSON object. */
  createSession(
    options: { title?: string; source?: 'app' | 'api'; metadata?: Record<string, unknown> } = {},
  ): SessionSummary {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare(
        'INSERT INTO sessions (id, title, source, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        visibleNul(options.title?.trim() || UNTITLED),
        options.source ?? 'app',
        JSON.stringify(options.metadata ?? {}),
        now,
        now,
      );
    return this.requireSession(id);
  }

  /** A session's metadata object (`{}` when none). Throws AppError `session_not_found`. */
  sessionMetadata(id: string): Record<string, unknown> {
    const row = this.db.prepare('SELECT metadata FROM sessions WHERE id = ?').get(id) as
      { metadata: string } | undefined;
    if (!row) throw new AppError('session_not_found', `No session with id ${id}.`);
    const parsed: unknown = JSON.parse(row.metadata);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  }

  /** Replaces a session's metadata object. Throws AppError `session_not_found`. */
  setSessionMetadata(id: string, metadata: Record<string, unknown>): SessionSummary {
    this.requireSession(id);
    this.db
      .prepare('UPDATE sessions SET metadata = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(metadata), new Date().toISOString(), id);
    return this.requireSession(id);
  }

  /** Deletes every message of a session (the session stays); returns how many. Throws AppError `session_not_found`. */
  deleteMessages(sessionId: string): number {
    this.requireSession(sessionId);
    const changes = this.db.prepare('DELETE FROM messages WHERE session_id = ?').run(sessionId).changes;
    this.db
      .prepare('UPDATE sessions SET updated_at = ?, current_leaf = NULL WHERE id = ?')
      .run(new Date().toISOString(), sessionId);
    return changes;
  }

  /** Sessions, most recently active first; chats in the trash (deleted, Undo still possible) are left out. */
  listSessions(): SessionSummary[] {
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.deleted_at IS NULL ORDER BY s.updated_at DESC, s.created_at DESC`,
      )
      .all() as SessionRow[];
    return rows.map(toSummary);
  }

  getSession(id: string): SessionSummary | null {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions s WHERE s.id = ?`).get(id) as
      SessionRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** Like getSession; throws AppError `session_not_found`. */
  requireSession(id: string): SessionSummary {
    const session = this.getSession(id);
    if (!session) throw new AppError('session_not_found', `No session with id ${id}.`);
    return session;
  }

  renameSession(id: string, title: string): SessionSummary {
    this.requireSession(id);
    this.db
      .prepare('UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?')
      .run(visibleNul(title), new Date().toISOString(), id);
    return this.requireSession(id);
  }

  /** Pins a session to the top of the list (or unpins it); its activity time is not changed. Throws `session_not_found`. */
  setPinned(id: string, pinned: boolean): SessionSummary {
    this.requireSession(id);
    this.db.prepare('UPDATE sessions SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, id);
    return this.requireSession(id);
  }

  /** Sets (or with null clears) the provider/model this session uses instead of the settings' choice. Throws `session_not_found`. */
  setRoute(id: string, route: { providerId: string; model?: string } | null): SessionSummary {
    this.requireSession(id);
    this.db
      .prepare('UPDATE sessions SET route = ? WHERE id = ?')
      .run(route ? JSON.stringify(route) : null, id);
    return this.requireSession(id);
  }

  /** Deletes a session and its messages; false when there was none. */
  deleteSession(id: string): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  /** Adds a message under `parentId` (default: the current leaf) and makes it the current leaf. Throws `session_not_found`. */
  addMessage(message: NewMessage): ChatMessage {
    this.requireSession(message.sessionId);
    const id = randomUUID();
    const now = new Date().toISOString();
    const parentId = message.parentId === undefined ? this.currentLeaf(message.sessionId) : message.parentId;
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO messages (id, session_id, parent_id, role, type, format, content, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          id,
          message.sessionId,
          parentId,
          message.role,
          message.type,
          message.format ?? null,
          visibleNul(message.content),
          JSON.stringify(message.meta ?? {}),
          message.createdAt ?? now,
        );
      this.db
        .prepare('UPDATE sessions SET updated_at = ?, current_leaf = ? WHERE id = ?')
        .run(now, id, message.sessionId);
      if (parentId !== null)
        this.db.prepare('UPDATE messages SET chosen_child = ? WHERE id = ?').run(id, parentId);
    })();
    return this.requireMessage(id);
  }

  /** Replaces a message's content and/or format and/or merges into its meta. */
  updateMessage(id: string, change: { content?: string; format?: string; meta?: MessageMeta }): ChatMessage {
    const current = this.requireMessage(id);
    const meta = { ...current.meta, ...change.meta };
    this.db
      .prepare('UPDATE messages SET content = ?, format = ?, meta = ? WHERE id = ?')
      .run(
        visibleNul(change.content ?? current.content),
        change.format ?? current.format ?? null,
        JSON.stringify(meta),
        id,
      );
    return this.requireMessage(id);
  }

  /** The messages of the session's current branch, root to leaf (what is shown and what the model gets). */
  messages(sessionId: string): ChatMessage[] {
    return this.tree(sessionId).path;
  }

  /** The current branch and where it forks (see message-tree.ts). */
  tree(sessionId: string): Tree {
    return readTree(this.db, sessionId, this.currentLeaf(sessionId));
  }

  /** The id of the last message of the current branch (null for an empty session). */
  currentLeaf(sessionId: string): string | null {
    const row = this.db.prepare('SELECT current_leaf FROM sessions WHERE id = ?').get(sessionId) as
      { current_leaf: string | null } | undefined;
    return row?.current_leaf ?? null;
  }

  /**
   * Moves the current branch. `exact`: the branch ends at `messageId` (a regeneration starts
   * there); otherwise it continues from `messageId` down the versions last viewed at each later
   * fork, else the newest (showing another version, opening a search hit). The forks on the new
   * branch remember it (message-tree.ts `rememberPath`). Throws `session_not_found` for a message
   * of another session.
   */
  setCurrentLeaf(sessionId: string, messageId: string, exact = false): void {
    const message = this.requireMessage(messageId);
    if (message.session_id !== sessionId)
      throw new AppError('session_not_found', `No message ${messageId} in session ${sessionId}.`);
    const leaf = exact ? messageId : descendToLeaf(this.db, sessionId, messageId);
    this.db.transaction(() => {
      this.db.prepare('UPDATE sessions SET current_leaf = ? WHERE id = ?').run(leaf, sessionId);
      rememberPath(this.db, leaf);
    })();
  }

  /**
   * Deletes the messages of `ids` (in that order) that nothing was added under, such as the
   * error notice after a cut-off reply that is being continued; returns how many went.
   */
  deleteLeaves(ids: string[]): number {
    const remove = this.db.prepare(
      'DELETE FROM messages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = ?)',
    );
    let removed = 0;
    this.db.transaction(() => {
      for (const id of ids) removed += remove.run(id, id).changes;
    })();
    return removed;
  }

  /** The parent of a message (null for a root). Throws `session_not_found`. */
  parentOf(messageId: string): string | null {
    const row = this.db.prepare('SELECT parent_id FROM messages WHERE id = ?').get(messageId) as
      { parent_id: string | null } | undefined;
    if (!row) throw new AppError('session_not_found', `No message with id ${messageId}.`);
    return row.parent_id;
  }

  /** Full-text search over every message of every session (see message-search.ts), at most `limit` hits. */
  search(text: string, limit = 50): SearchHit[] {
    return searchMessages(this.db, text, limit);
  }

  /**
   * Marks blocks left `pending` or `running` by a previous run of the app (a crash or quit
   * mid-turn) as `stopped`, so no block claims to be waiting for an approval nobody can give,
   * and their unfinished consoles as `stopped`, so none shows a live terminal that never ends.
   */
  markInterruptedBlocks(): number {
    const blocks = this.db
      .prepare(
        `UPDATE messages SET meta = json_set(meta, '$.status', 'stopped') WHERE json_extract(meta, '$.status') IN ('pending', 'running')`,
      )
      .run().changes;
    const consoles = this.db
      .prepare(
        `UPDATE messages SET meta = json_set(meta, '$.outcome', 'stopped', '$.exit_code', json('null')) WHERE type = 'console' AND json_extract(meta, '$.outcome') IS NULL`,
      )
      .run().changes;
    return blocks + consoles;
  }

  /** The open connection, for stores that keep their tables in this same file (CallLogStore). */
  connection(): Db {
    return this.db;
  }

  close(): void {
    this.db.close();
  }

  /** A stored message. Throws AppError `session_not_found`. */
  requireMessage(id: string): ChatMessage {
    const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
    if (!row) throw new AppError('session_not_found', `No message with id ${id}.`);
    return toMessage(row);
  }
}

function toSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    title: row.title,
    created_at: row.created_at,
    updated_at: row.updated_at,
    message_count: Number(row.message_count),
    source: row.source === 'api' ? 'api' : 'app',
    pinned: Number(row.pinned) === 1,
    route: row.route ? (JSON.parse(row.route) as SessionSummary['route']) : null,
  };
}

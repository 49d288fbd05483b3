import { randomUUID } from 'node:crypto';
import Database from 'libsql';
import { messageMetaSchema, type ChatMessage, type LmcRole, type LmcType, type MessageMeta, type SessionSummary } from '../../../src-shared/lmc';
import { AppError } from '../errors';
import { visibleNul } from '../text';

type Db = InstanceType<typeof Database>;

const MIGRATIONS: string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     source TEXT NOT NULL DEFAULT 'app',
     metadata TEXT NOT NULL DEFAULT '{}',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE messages (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     type TEXT NOT NULL,
     format TEXT,
     content TEXT NOT NULL,
     meta TEXT NOT NULL DEFAULT '{}',
     created_at TEXT NOT NULL
   );
   CREATE INDEX messages_by_session ON messages(session_id, seq);`,
  // Router (issue 3): the call log, one row per attempt (see router/call-log.ts).
  `CREATE TABLE call_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     time TEXT NOT NULL,
     call_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     provider_id TEXT NOT NULL,
     provider_label TEXT NOT NULL,
     key_fingerprint TEXT NOT NULL,
     model TEXT NOT NULL,
     stream INTEGER NOT NULL,
     status INTEGER,
     failure TEXT,
     message TEXT,
     latency_ms INTEGER NOT NULL,
     ttft_ms INTEGER,
     tokens_in INTEGER,
     tokens_out INTEGER
   );`,
];

/** The default title until the first message names the session. */
export const UNTITLED = 'New chat';

interface SessionRow {
  id: string;
  title: string;
  source: string;
  created_at: string;
  updated_at: string;
  message_count: number;
}

interface MessageRow {
  id: string;
  session_id: string;
  role: string;
  type: string;
  format: string | null;
  content: string;
  meta: string;
  created_at: string;
}

/** What a new message needs. */
export interface NewMessage {
  sessionId: string;
  role: LmcRole;
  type: LmcType;
  format?: string;
  content: string;
  meta?: MessageMeta;
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
    db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v] as string);
        db.exec(`PRAGMA user_version = ${v + 1}`);
      })();
    }
    return new SessionStore(db);
  }

  /** Creates a session; `source: 'api'` marks one created over the local API; `metadata` is the caller's JSON object. */
  createSession(options: { title?: string; source?: 'app' | 'api'; metadata?: Record<string, unknown> } = {}): SessionSummary {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO sessions (id, title, source, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, visibleNul(options.title?.trim() || UNTITLED), options.source ?? 'app', JSON.stringify(options.metadata ?? {}), now, now);
    return this.requireSession(id);
  }

  /** A session's metadata object (`{}` when none). Throws AppError `session_not_found`. */
  sessionMetadata(id: string): Record<string, unknown> {
    const row = this.db.prepare('SELECT metadata FROM sessions WHERE id = ?').get(id) as { metadata: string } | undefined;
    if (!row) throw new AppError('session_not_found', `No session with id ${id}.`);
    const parsed: unknown = JSON.parse(row.metadata);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  }

  /** Replaces a session's metadata object. Throws AppError `session_not_found`. */
  setSessionMetadata(id: string, metadata: Record<string, unknown>): SessionSummary {
    this.requireSession(id);
    this.db.prepare('UPDATE sessions SET metadata = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(metadata), new Date().toISOString(), id);
    return this.requireSession(id);
  }

  /** Deletes every message of a session (the session stays); returns how many. Throws AppError `session_not_found`. */
  deleteMessages(sessionId: string): number {
    this.requireSession(sessionId);
    const changes = this.db.prepare('DELETE FROM messages WHERE session_id = ?').run(sessionId).changes;
    this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), sessionId);
    return changes;
  }

  /** Sessions, most recently active first. */
  listSessions(): SessionSummary[] {
    const rows = this.db
      .prepare(
        `SELECT s.id, s.title, s.source, s.created_at, s.updated_at,
                (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) AS message_count
           FROM sessions s ORDER BY s.updated_at DESC, s.created_at DESC`,
      )
      .all() as SessionRow[];
    return rows.map(toSummary);
  }

  getSession(id: string): SessionSummary | null {
    const row = this.db
      .prepare(
        `SELECT s.id, s.title, s.source, s.created_at, s.updated_at,
                (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) AS message_count
           FROM sessions s WHERE s.id = ?`,
      )
      .get(id) as SessionRow | undefined;
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
    this.db.prepare('UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?').run(visibleNul(title), new Date().toISOString(), id);
    return this.requireSession(id);
  }

  /** Deletes a session and its messages; false when there was none. */
  deleteSession(id: string): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  addMessage(message: NewMessage): ChatMessage {
    this.requireSession(message.sessionId);
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO messages (id, session_id, role, type, format, content, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, message.sessionId, message.role, message.type, message.format ?? null, visibleNul(message.content), JSON.stringify(message.meta ?? {}), now);
    this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(now, message.sessionId);
    return this.requireMessage(id);
  }

  /** Replaces a message's content and/or format and/or merges into its meta. */
  updateMessage(id: string, change: { content?: string; format?: string; meta?: MessageMeta }): ChatMessage {
    const current = this.requireMessage(id);
    const meta = { ...current.meta, ...change.meta };
    this.db
      .prepare('UPDATE messages SET content = ?, format = ?, meta = ? WHERE id = ?')
      .run(visibleNul(change.content ?? current.content), change.format ?? current.format ?? null, JSON.stringify(meta), id);
    return this.requireMessage(id);
  }

  /** A session's messages in order. */
  messages(sessionId: string): ChatMessage[] {
    const rows = this.db.prepare('SELECT * FROM messages WHERE session_id = ? ORDER BY seq').all(sessionId) as MessageRow[];
    return rows.map(toMessage);
  }

  /**
   * Marks blocks left `pending` or `running` by a previous run of the app (a crash or quit
   * mid-turn) as `stopped`, so no block claims to be waiting for an approval nobody can give,
   * and their unfinished consoles as `stopped`, so none shows a live terminal that never ends.
   */
  markInterruptedBlocks(): number {
    const blocks = this.db
      .prepare(`UPDATE messages SET meta = json_set(meta, '$.status', 'stopped') WHERE json_extract(meta, '$.status') IN ('pending', 'running')`)
      .run().changes;
    const consoles = this.db
      .prepare(`UPDATE messages SET meta = json_set(meta, '$.outcome', 'stopped', '$.exit_code', json('null')) WHERE type = 'console' AND json_extract(meta, '$.outcome') IS NULL`)
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

  private requireMessage(id: string): ChatMessage {
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
  };
}

function toMessage(row: MessageRow): ChatMessage {
  const meta = messageMetaSchema.safeParse(JSON.parse(row.meta));
  const message: ChatMessage = {
    id: row.id,
    session_id: row.session_id,
    role: row.role as LmcRole,
    type: row.type as LmcType,
    content: row.content,
    meta: meta.success ? meta.data : {},
    created_at: row.created_at,
  };
  if (row.format !== null) message.format = row.format;
  return message;
}

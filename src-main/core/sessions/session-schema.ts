import { SEARCH_SCHEMA } from './message-search';
import { TRASH_SCHEMA } from './session-trash';

/**
 * The database's schema as numbered migrations: `PRAGMA user_version` says how many have run, and
 * SessionStore.open runs the rest in order. Only ever append (a database from an older version
 * must reach the same schema); each entry is one SQL script.
 */
export const MIGRATIONS: string[] = [
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
  // Router: the call log, one row per attempt (see router/call-log.ts).
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
  // Conversations: the message tree (each message's parent, each session's current leaf), pins,
  // a per-chat provider/model, and full-text search. Existing rows become one linear branch.
  `ALTER TABLE messages ADD COLUMN parent_id TEXT;
   ALTER TABLE sessions ADD COLUMN current_leaf TEXT;
   ALTER TABLE sessions ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN route TEXT;
   UPDATE messages SET parent_id = (
     SELECT p.id FROM messages p WHERE p.session_id = messages.session_id AND p.seq < messages.seq ORDER BY p.seq DESC LIMIT 1);
   UPDATE sessions SET current_leaf = (SELECT m.id FROM messages m WHERE m.session_id = sessions.id ORDER BY m.seq DESC LIMIT 1);
   CREATE INDEX messages_by_parent ON messages(parent_id);
   ${SEARCH_SCHEMA}`,
  // Delete with Undo: a chat waits in the trash until its undo window ends (see session-trash.ts).
  TRASH_SCHEMA,
  // Which version was last viewed at each fork, so switching back restores it (message-tree.ts).
  `ALTER TABLE messages ADD COLUMN chosen_child TEXT;`,
];

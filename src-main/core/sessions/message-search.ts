import type Database from 'libsql';
import type { SearchHit } from '../../../src-shared/lmc';

type Db = InstanceType<typeof Database>;

/**
 * The full-text index (SQLite FTS5, compiled into libsql) over every message's text except
 * images (base64 is not text anyone searches), kept in step with `messages` by triggers. FTS5
 * keeps its own copy of the text, so the triggers need no care about external-content deletes.
 */
export const SEARCH_SCHEMA = `
  CREATE VIRTUAL TABLE message_search USING fts5(content, tokenize = 'unicode61 remove_diacritics 2');
  INSERT INTO message_search (rowid, content) SELECT seq, content FROM messages WHERE type <> 'image';
  CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.type <> 'image' BEGIN
    INSERT INTO message_search (rowid, content) VALUES (new.seq, new.content);
  END;
  CREATE TRIGGER message_search_update AFTER UPDATE OF content ON messages WHEN new.type <> 'image' BEGIN
    DELETE FROM message_search WHERE rowid = old.seq;
    INSERT INTO message_search (rowid, content) VALUES (new.seq, new.content);
  END;
  CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    DELETE FROM message_search WHERE rowid = old.seq;
  END;`;

/** Marks around matched words in a snippet (control characters never typed in a chat). */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

/**
 * The FTS5 query for what a person typed: each word quoted (so `AND`, `*`, `"` and column
 * syntax are plain text), all words required, the last one also as a prefix (search as you
 * type). Null when the text has no word characters.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

interface HitRow {
  message_id: string;
  session_id: string;
  title: string;
  role: string;
  type: string;
  created_at: string;
  snippet: string;
}

/**
 * Messages matching `text` across every session (except chats in the trash), best match first (FTS5 bm25 rank), at most
 * `limit`. Each hit's `snippet` is about 16 words of plain text around the match with matched
 * words between MATCH_START and MATCH_END; the renderer escapes the text and marks those.
 */
export function searchMessages(db: Db, text: string, limit: number): SearchHit[] {
  const query = toFtsQuery(text);
  if (query === null) return [];
  const rows = db
    .prepare(
      `SELECT m.id AS message_id, m.session_id, s.title, m.role, m.type, m.created_at,
              snippet(message_search, 0, char(1), char(2), '…', 16) AS snippet
         FROM message_search
         JOIN messages m ON m.seq = message_search.rowid
         JOIN sessions s ON s.id = m.session_id
        WHERE message_search MATCH ? AND s.deleted_at IS NULL
        ORDER BY message_search.rank
        LIMIT ?`,
    )
    .all(query, limit) as HitRow[];
  return rows.map((row) => ({
    messageId: row.message_id,
    sessionId: row.session_id,
    sessionTitle: row.title,
    role: row.role === 'user' || row.role === 'assistant' ? row.role : 'computer',
    type: row.type === 'code' || row.type === 'console' ? row.type : 'message',
    created_at: row.created_at,
    snippet: row.snippet,
  }));
}

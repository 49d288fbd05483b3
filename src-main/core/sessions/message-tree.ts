import type Database from 'libsql';
import { messageMetaSchema, type ChatMessage, type LmcRole, type LmcType } from '../../../src-shared/lmc';

type Db = InstanceType<typeof Database>;

/** A `messages` row as stored. */
export interface MessageRow {
  seq: number;
  id: string;
  session_id: string;
  parent_id: string | null;
  /** The child the person last viewed under this message (null: none yet, the newest is shown). */
  chosen_child: string | null;
  role: string;
  type: string;
  format: string | null;
  content: string;
  meta: string;
  created_at: string;
}

/** A place on the current branch where other versions exist: the message shown and all versions in creation order. */
export interface BranchPoint {
  messageId: string;
  siblingIds: string[];
}

/** The current branch of a session and where it forks. */
export interface Tree {
  /** The path from the root to the current leaf, in order (what the chat shows and the model gets). */
  path: ChatMessage[];
  /** Messages on the path that have siblings (edits, regenerations), in path order. */
  branches: BranchPoint[];
}

/**
 * Reads a session's message tree and walks from `leaf` up to the root (the current branch).
 * Rows are read in creation order, so siblings are listed oldest first. A leaf that is null or
 * no longer exists gives an empty path.
 */
export function readTree(db: Db, sessionId: string, leaf: string | null): Tree {
  const rows = db
    .prepare('SELECT * FROM messages WHERE session_id = ? ORDER BY seq')
    .all(sessionId) as MessageRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const children = childrenOf(rows);
  const path: MessageRow[] = [];
  const seen = new Set<string>();
  for (
    let row = leaf ? byId.get(leaf) : undefined;
    row && !seen.has(row.id);
    row = row.parent_id ? byId.get(row.parent_id) : undefined
  ) {
    seen.add(row.id);
    path.push(row);
  }
  path.reverse();
  const branches: BranchPoint[] = [];
  for (const row of path) {
    const siblings = children.get(row.parent_id ?? '') ?? [];
    if (siblings.length > 1) branches.push({ messageId: row.id, siblingIds: siblings });
  }
  return { path: path.map(toMessage), branches };
}

/**
 * The leaf reached from `messageId` by following, at each fork, the version the person last
 * viewed there (`chosen_child`, kept by `rememberPath`), or the newest child where none was
 * viewed yet: switching to a version brings back the replies that were on screen under it,
 * as ChatGPT does, and a version never opened shows its latest continuation.
 */
export function descendToLeaf(db: Db, sessionId: string, messageId: string): string {
  const rows = db
    .prepare('SELECT id, parent_id, chosen_child FROM messages WHERE session_id = ? ORDER BY seq')
    .all(sessionId) as Array<Pick<MessageRow, 'id' | 'parent_id' | 'chosen_child'>>;
  const children = childrenOf(rows);
  const chosen = new Map(rows.map((row) => [row.id, row.chosen_child]));
  let current = messageId;
  for (let guard = 0; guard <= rows.length; guard++) {
    const next = children.get(current);
    if (!next || next.length === 0) break;
    const viewed = chosen.get(current);
    current = viewed && next.includes(viewed) ? viewed : (next[next.length - 1] as string);
  }
  return current;
}

/**
 * Notes, for every message on the path from the root to `leaf`, which child the path goes
 * through (`chosen_child`), so coming back to any of these forks later shows this same branch.
 * One statement (a recursive walk up from the leaf) that writes only the forks whose choice
 * changed; `UNION` stops at a cycle.
 */
export function rememberPath(db: Db, leaf: string): void {
  db.prepare(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM messages WHERE id = ?
       UNION SELECT m.id, m.parent_id FROM messages m JOIN up ON m.id = up.parent_id)
     UPDATE messages SET chosen_child = (SELECT up.id FROM up WHERE up.parent_id = messages.id)
     WHERE id IN (SELECT parent_id FROM up WHERE parent_id IS NOT NULL)
       AND chosen_child IS NOT (SELECT up.id FROM up WHERE up.parent_id = messages.id)`,
  ).run(leaf);
}

/** Children ids per parent id (`''` for roots), oldest first. */
function childrenOf(rows: Array<Pick<MessageRow, 'id' | 'parent_id'>>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const row of rows) {
    const key = row.parent_id ?? '';
    const list = children.get(key);
    if (list) list.push(row.id);
    else children.set(key, [row.id]);
  }
  return children;
}

/** A row as the rest of the app sees it (meta that no longer parses is dropped, not fatal). */
export function toMessage(row: MessageRow): ChatMessage {
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

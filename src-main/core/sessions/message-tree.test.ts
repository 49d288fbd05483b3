import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { SessionStore } from './session-store';

describe('SessionStore message tree', () => {
  it('appends to the current leaf, forks under a chosen parent and walks the branch the person chose', () => {
    const store = SessionStore.open(':memory:');
    const sessionId = store.createSession().id;
    const add = (content: string, parentId?: string | null) =>
      store.addMessage({
        sessionId,
        role: 'user',
        type: 'message',
        content,
        ...(parentId !== undefined ? { parentId } : {}),
      }).id;
    const a = add('a');
    const b1 = add('b1');
    add('c1');
    const b2 = add('b2', a);
    const c2 = add('c2');
    expect(store.messages(sessionId).map((m) => m.content)).toEqual(['a', 'b2', 'c2']);
    expect(store.tree(sessionId).branches).toEqual([{ messageId: b2, siblingIds: [b1, b2] }]);

    store.setCurrentLeaf(sessionId, b1);
    expect(store.messages(sessionId).map((m) => m.content)).toEqual(['a', 'b1', 'c1']);
    store.setCurrentLeaf(sessionId, a, true);
    expect(store.messages(sessionId).map((m) => m.content)).toEqual(['a']);
    store.setCurrentLeaf(sessionId, c2);
    expect(store.currentLeaf(sessionId)).toBe(c2);

    const other = store.createSession().id;
    expect(() => store.setCurrentLeaf(other, a)).toThrow(
      expect.objectContaining({ code: 'session_not_found' }),
    );
    expect(store.deleteMessages(sessionId)).toBe(5);
    expect(store.messages(sessionId)).toEqual([]);
    store.close();
  });

  it('switching to another version at an earlier fork and back shows the reply that was viewed at each later fork, also after reopening', async () => {
    const dir = await tempDir('switchboard-tree-');
    const file = `${dir.path}/switchboard.db`;
    let store = SessionStore.open(file);
    const sessionId = store.createSession().id;
    const add = (role: 'user' | 'assistant', content: string, parentId?: string | null) =>
      store.addMessage({
        sessionId,
        role,
        type: 'message',
        content,
        ...(parentId !== undefined ? { parentId } : {}),
      }).id;
    // q1 has two versions; under q1v1 the second question's answer has three versions.
    const q1v1 = add('user', 'q1');
    const a1 = add('assistant', 'a1');
    const q2 = add('user', 'q2');
    const r1 = add('assistant', 'r1');
    add('assistant', 'r2', q2);
    add('assistant', 'r3', q2);
    const shown = () => store.messages(sessionId).map((m) => m.content);
    // The person goes back to the first answer (1/3), then edits q1 (a new version with its own reply).
    store.setCurrentLeaf(sessionId, r1);
    expect(shown()).toEqual(['q1', 'a1', 'q2', 'r1']);
    const q1v2 = add('user', 'q1 edited', null);
    add('assistant', 'a1 edited');
    expect(shown()).toEqual(['q1 edited', 'a1 edited']);

    // Back to q1's first version: the answer viewed there (r1, 1/3) comes back, not the newest (r3).
    store.setCurrentLeaf(sessionId, q1v1);
    expect(shown()).toEqual(['q1', 'a1', 'q2', 'r1']);
    expect(store.tree(sessionId).branches.map((b) => b.siblingIds.indexOf(b.messageId))).toEqual([0, 0]);
    // And forward again: the edited version still shows its own reply.
    store.setCurrentLeaf(sessionId, q1v2);
    expect(shown()).toEqual(['q1 edited', 'a1 edited']);

    // What was viewed is stored, so it holds after the app restarts.
    store.setCurrentLeaf(sessionId, q1v1);
    store.close();
    store = SessionStore.open(file);
    expect(shown()).toEqual(['q1', 'a1', 'q2', 'r1']);
    store.setCurrentLeaf(sessionId, q1v2);
    store.setCurrentLeaf(sessionId, q1v1);
    expect(store.messages(sessionId).map((m) => m.id)).toEqual([q1v1, a1, q2, r1]);
    store.close();
    await dir.cleanup();
  });

  it('opens a database written before the tree existed: old messages become one branch and are searchable', async () => {
    const dir = await tempDir('switchboard-tree-');
    const file = `${dir.path}/switchboard.db`;
    // The schema of the previous release (user_version 2), with one session of three messages.
    const old = new Database(file);
    old.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL DEFAULT 'app', metadata TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, role TEXT NOT NULL, type TEXT NOT NULL, format TEXT, content TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL);
      CREATE INDEX messages_by_session ON messages(session_id, seq);
      CREATE TABLE call_log (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, call_id TEXT NOT NULL, attempt INTEGER NOT NULL, provider_id TEXT NOT NULL, provider_label TEXT NOT NULL, key_fingerprint TEXT NOT NULL, model TEXT NOT NULL, stream INTEGER NOT NULL, status INTEGER, failure TEXT, message TEXT, latency_ms INTEGER NOT NULL, ttft_ms INTEGER, tokens_in INTEGER, tokens_out INTEGER);
      INSERT INTO sessions VALUES ('s1', 'Old chat', 'app', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      INSERT INTO messages (id, session_id, role, type, content, created_at) VALUES
        ('m1', 's1', 'user', 'message', 'compute the hash of hello', '2026-01-01T00:00:00.000Z'),
        ('m2', 's1', 'assistant', 'code', 'print(1)', '2026-01-01T00:00:01.000Z'),
        ('m3', 's1', 'computer', 'image', 'aGFzaA==', '2026-01-01T00:00:02.000Z');
      PRAGMA user_version = 2;`);
    old.close();

    const store = SessionStore.open(file);
    expect(store.messages('s1').map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(store.getSession('s1')).toMatchObject({ pinned: false, route: null, message_count: 3 });
    const next = store.addMessage({ sessionId: 's1', role: 'assistant', type: 'message', content: 'done' });
    expect(store.messages('s1').map((m) => m.id)).toEqual(['m1', 'm2', 'm3', next.id]);
    // Old text is indexed; image base64 is not.
    expect(store.search('hash').map((hit) => hit.messageId)).toEqual(['m1']);
    store.close();
    await dir.cleanup();
  });
});

describe('SessionStore search', () => {
  it('finds words in every chat, prefix as you type, with the match marked and the query never parsed as FTS syntax', () => {
    const store = SessionStore.open(':memory:');
    const one = store.createSession({ title: 'Hashing' }).id;
    const two = store.createSession({ title: 'Plots' }).id;
    const hit = store.addMessage({
      sessionId: one,
      role: 'user',
      type: 'message',
      content: 'What is the <b>SHA-256</b> of "hello"?',
    });
    store.addMessage({
      sessionId: two,
      role: 'assistant',
      type: 'message',
      content: 'A matplotlib plot of sales.',
    });
    const code = store.addMessage({
      sessionId: two,
      role: 'assistant',
      type: 'code',
      format: 'python',
      content: 'import hashlib',
    });

    expect(store.search('sha-256 hel')).toEqual([
      expect.objectContaining({
        messageId: hit.id,
        sessionId: one,
        sessionTitle: 'Hashing',
        role: 'user',
        type: 'message',
        snippet: 'What is the <b>\u0001SHA\u0002-\u0001256\u0002</b> of "\u0001hello\u0002"?',
      }),
    ]);
    expect(store.search('hashl').map((h) => h.messageId)).toEqual([code.id]);
    expect(store.search('"AND* NEAR(')).toEqual([]);
    expect(store.search('   ')).toEqual([]);
    // Edits reach the index; deleted messages leave it.
    store.updateMessage(code.id, { content: 'import zlib' });
    expect(store.search('hashlib')).toEqual([]);
    expect(store.search('zlib').map((h) => h.messageId)).toEqual([code.id]);
    store.deleteSession(two);
    expect(store.search('zlib')).toEqual([]);
    store.close();
  });
});

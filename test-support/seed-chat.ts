import { join } from 'node:path';
import { SessionStore } from '../src-main/core/sessions/session-store';

/**
 * Writes a long conversation into the session database of `dataDir` (the file `serve` opens),
 * through the real SessionStore: `turns` turns of a question, a Markdown answer with a fenced
 * snippet, a python block that ran, its console output and a closing answer — five messages a
 * turn. Call it before `serve` starts on that data dir. Returns the session id and its title.
 */
export function seedLongChat(
  dataDir: string,
  turns: number,
  title = 'Long chat',
): { sessionId: string; title: string } {
  const store = SessionStore.open(join(dataDir, 'switchboard.db'));
  try {
    const session = store.createSession({ title });
    // The seed needs no crash safety: no disk sync per message (addMessage is its own transaction).
    store.connection().exec('PRAGMA synchronous = OFF');
    addTurns(store, session.id, turns);
    return { sessionId: session.id, title };
  } finally {
    store.close();
  }
}

function addTurns(store: SessionStore, sessionId: string, turns: number): void {
  for (let turn = 1; turn <= turns; turn++) {
    store.addMessage({
      sessionId,
      role: 'user',
      type: 'message',
      content: `Question ${turn}: what is the square of ${turn}?`,
    });
    store.addMessage({
      sessionId,
      role: 'assistant',
      type: 'message',
      content: `Let me compute **${turn}²** in Python:\n\n\`\`\`python\nprint(${turn} ** 2)\n\`\`\``,
      meta: { provider: 'Groq', model: 'llama-3.1-8b-instant' },
    });
    store.addMessage({
      sessionId,
      role: 'assistant',
      type: 'code',
      format: 'python',
      content: `print(${turn} ** 2)`,
      meta: { status: 'done', cwd: '/tmp/work' },
    });
    store.addMessage({
      sessionId,
      role: 'computer',
      type: 'console',
      format: 'output',
      content: `${turn * turn}\n`,
      meta: { outcome: 'done', exit_code: 0 },
    });
    store.addMessage({
      sessionId,
      role: 'assistant',
      type: 'message',
      content: `Answer ${turn}: the square of ${turn} is ${turn * turn}.`,
      meta: { provider: 'Groq', model: 'llama-3.1-8b-instant' },
    });
  }
}

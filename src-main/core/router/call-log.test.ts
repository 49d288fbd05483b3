import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../../src-shared/events';
import type { CallLogEntry } from '../../../src-shared/router';
import { startScriptedUpstream, type ScriptedUpstream } from '../../../test-support/scripted-upstream';
import { tempDir } from '../../../test-support/temp-dir';
import { createCore } from '../app';
import { KeyFileCipher } from '../secrets/key-file-cipher';
import { SessionStore } from '../sessions/session-store';
import { CALL_LOG_KEEP, CallLogStore } from './call-log';

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream();
});
afterAll(() => upstream.close());

const entry = (n: number, extra: Partial<CallLogEntry> = {}): CallLogEntry => ({
  time: new Date(Date.UTC(2026, 10, 21, 12, 0, n)).toISOString(),
  callId: `call-${n}`,
  attempt: 1,
  providerId: 'groq',
  providerLabel: 'Groq',
  keyFingerprint: '…abcd',
  model: 'llama-3.1-8b-instant',
  stream: true,
  status: 200,
  failure: null,
  message: null,
  latencyMs: 120,
  ttftMs: 40,
  tokensIn: 10,
  tokensOut: 20,
  ...extra,
});

describe('CallLogStore', () => {
  it('keeps attempts in the session database across reopening, newest first, and trims to the last 5000', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'switchboard.db');
      const sessions = SessionStore.open(file);
      const log = new CallLogStore(sessions.connection());
      log.record(
        entry(1, {
          failure: 'rate_limited',
          status: 429,
          message: 'Rate limit reached',
          ttftMs: null,
          tokensIn: null,
          tokensOut: null,
        }),
      );
      log.record(entry(2));
      log.close();
      sessions.close();

      const again = SessionStore.open(file);
      const reopened = new CallLogStore(again.connection());
      expect(reopened.recent(10)).toEqual([
        entry(2),
        entry(1, {
          failure: 'rate_limited',
          status: 429,
          message: 'Rate limit reached',
          ttftMs: null,
          tokensIn: null,
          tokensOut: null,
        }),
      ]);
      for (let i = 0; i < CALL_LOG_KEEP + 5; i++) reopened.record(entry(3));
      reopened.flush();
      const count = (again.connection().prepare('SELECT COUNT(*) AS n FROM call_log').get() as { n: number })
        .n;
      expect(Number(count)).toBe(CALL_LOG_KEEP);
      again.close();
    } finally {
      await dir.cleanup();
    }
  });

  it('migrates a database made before the call log existed, keeping its sessions', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'switchboard.db');
      const old = new Database(file);
      old.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL DEFAULT 'app', metadata TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL, role TEXT NOT NULL, type TEXT NOT NULL, format TEXT, content TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL);
        INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s1', 'Old chat', '2026-01-01', '2026-01-01');
        PRAGMA user_version = 1;`);
      old.close();
      const sessions = SessionStore.open(file);
      expect(sessions.listSessions().map((s) => s.title)).toEqual(['Old chat']);
      const log = new CallLogStore(sessions.connection());
      log.record(entry(1));
      expect(log.recent()).toHaveLength(1);
      sessions.close();
    } finally {
      await dir.cleanup();
    }
  });
});

describe('the router in the core: call log, Activity, events, redacted logs', () => {
  it('records every attempt, serves router.activity over the bridge, emits router.call, and never logs a key', async () => {
    const dir = await tempDir();
    const goodKey = 'gsk_live_key_0123456789abcdefGOOD';
    const badKey = 'gsk_dead_key_0123456789abcdefDEAD';
    const core = await createCore({
      dataDir: dir.path,
      mode: 'serve',
      cipher: KeyFileCipher.fromKey(randomBytes(32)),
      env: { SWITCHBOARD_GROQ_BASE_URL: upstream.url, LOG_LEVEL: 'debug' },
    });
    try {
      upstream.setRules([
        {
          match: (r) => r.headers.authorization === `Bearer ${badKey}`,
          error: { status: 401, body: { error: { message: 'Invalid API Key', code: 'invalid_api_key' } } },
        },
        { reply: 'fine' },
      ]);
      const events: StampedEvent[] = [];
      core.events.subscribe((e) => events.push(e));
      expect(
        await core.dispatch('secrets.set', { name: 'groq_api_keys', values: [badKey, goodKey] }),
      ).toMatchObject({ ok: true });
      const routed = await core.router.stream({ messages: [{ role: 'user', content: 'hi' }] });
      for await (const chunk of routed.chunks) void chunk;

      const activity = await core.dispatch('router.activity', { limit: 10 });
      expect(activity.ok).toBe(true);
      if (!activity.ok) return;
      const result = activity.result as {
        calls: CallLogEntry[];
        keys: Array<{ keyFingerprint: string; state: string; reason?: string }>;
        mode: string;
      };
      expect(result.calls.map((c) => [c.keyFingerprint, c.failure, c.status])).toEqual([
        ['…GOOD', null, 200],
        ['…DEAD', 'key_rejected', 401],
      ]);
      expect(
        result.keys.filter((k) => k.keyFingerprint.length > 0).map((k) => [k.keyFingerprint, k.state]),
      ).toEqual([
        ['…DEAD', 'rejected'],
        ['…GOOD', 'healthy'],
      ]);
      expect(result.mode).toBe('selected');
      expect(events.filter((e) => e.type === 'router.call')).toHaveLength(2);

      const check = await core.dispatch('router.checkKey', { name: 'groq_api_keys', index: 1 });
      expect(check).toMatchObject({ ok: true, result: { result: 'ok', keyFingerprint: '…GOOD' } });
      const models = await core.dispatch('router.models', { providerId: 'groq' });
      expect(models).toMatchObject({
        ok: true,
        result: { providerId: 'groq', models: ['llama-3.1-8b-instant'] },
      });
    } finally {
      await core.close();
    }
    const readLog = () => readFile(join(dir.path, 'logs', 'switchboard.log'), 'utf8').catch(() => '');
    // pino writes asynchronously; the line lands shortly after close.
    await expect.poll(readLog).toContain('LLM attempt failed');
    const log = await readLog();
    expect(log).toContain('…DEAD');
    expect(log).not.toContain(badKey);
    expect(log).not.toContain(goodKey);
    await dir.cleanup();
  });
});

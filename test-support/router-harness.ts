import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { CallLogEntry } from '../src-shared/router';
import { DEFAULT_SETTINGS, type RegistryMode, type Settings } from '../src-shared/settings';
import { ProviderRouter } from '../src-main/core/router/router';
import type { ChatChunk } from '../src-main/core/router/types';
import { CredentialStore } from '../src-main/core/secrets/credential-store';
import { KeyFileCipher } from '../src-main/core/secrets/key-file-cipher';
import { FakeClock } from './fake-clock';
import { startScriptedUpstream, type RecordedRequest, type ScriptedUpstream } from './scripted-upstream';
import { tempDir } from './temp-dir';

/** The registry used by the fault matrix: provider `a` with two keys, provider `b` with one. */
export const KEYS = {
  a1: 'sk-test-a-key-000000a1',
  a2: 'sk-test-a-key-000000a2',
  b1: 'sk-test-b-key-000000b1',
} as const;
export type KeyName = keyof typeof KEYS;

/** Which of KEYS a request carried (`Bearer …` or Anthropic's `x-api-key`). */
export function keyOf(request: RecordedRequest): KeyName | 'other' {
  const sent =
    String(request.headers.authorization ?? '').replace(/^Bearer /, '') ||
    String(request.headers['x-api-key'] ?? '');
  return (Object.keys(KEYS) as KeyName[]).find((name) => KEYS[name] === sent) ?? 'other';
}

/** A rule matcher for requests sent with one key. */
export const withKey = (name: KeyName) => (request: RecordedRequest) => keyOf(request) === name;

/** Reads a stream to its end: the text, and the error it ended with (if any). */
export async function drain(
  chunks: AsyncGenerator<ChatChunk>,
): Promise<{ text: string; error: { code?: string; message?: string } | null; chunks: ChatChunk[] }> {
  let text = '';
  const seen: ChatChunk[] = [];
  try {
    for await (const chunk of chunks) {
      seen.push(chunk);
      text += chunk.choices?.[0]?.delta?.content ?? '';
    }
    return { text, error: null, chunks: seen };
  } catch (error) {
    return { text, error: error as { code?: string; message?: string }, chunks: seen };
  }
}

/**
 * Per-file router test setup over the scripted upstream: a fake clock, a fresh credential
 * store and settings per test, a recorded call log, and `router()` building a ProviderRouter
 * with a fixed jitter (`random = 0.5`).
 */
export function useRouterHarness() {
  const h = {
    upstream: undefined as unknown as ScriptedUpstream,
    clock: new FakeClock(),
    settings: { ...DEFAULT_SETTINGS } as Settings,
    credentials: undefined as unknown as CredentialStore,
    log: [] as CallLogEntry[],
    cleanup: async () => undefined as void,
    /** A router with a first-byte / between-chunk timeout of `timeoutMs`. */
    router(timeoutMs = 5_000, env: Record<string, string> = {}): ProviderRouter {
      return new ProviderRouter({
        settings: () => h.settings,
        credentials: h.credentials,
        env: { SWITCHBOARD_GROQ_BASE_URL: h.upstream.url, ...env },
        clock: h.clock,
        timeoutMs,
        random: () => 0.5,
        callLog: { record: (entry) => h.log.push({ ...entry }) },
      });
    },
    /** Routes through the fault-matrix registry (`a`: a1, a2; `b`: b1) in `mode`. */
    useRegistry(mode: RegistryMode, extra: Partial<Settings> = {}): void {
      const origin = new URL(h.upstream.url).origin;
      h.settings = {
        ...h.settings,
        open_interpreter_provider: 'registry_auto',
        open_interpreter_registry_mode: mode,
        open_interpreter_provider_registry: JSON.stringify([
          { id: 'a', api_base: `${origin}/a/v1`, model: 'model-a', api_keys: [KEYS.a1, KEYS.a2] },
          { id: 'b', api_base: `${origin}/b/v1`, model: 'model-b', api_keys: [KEYS.b1] },
        ]),
        ...extra,
      };
    },
    /** The keys the upstream received chat requests with, in order. */
    keysSeen(): Array<KeyName | 'other'> {
      return h.upstream.chatRequests().map(keyOf);
    },
  };
  beforeAll(async () => {
    h.upstream = await startScriptedUpstream();
  });
  afterAll(() => h.upstream.close());
  beforeEach(async () => {
    const dir = await tempDir();
    h.cleanup = dir.cleanup;
    h.credentials = new CredentialStore(
      join(dir.path, 'secrets.enc'),
      KeyFileCipher.fromKey(randomBytes(32)),
    );
    await h.credentials.load();
    h.clock = new FakeClock();
    h.settings = { ...DEFAULT_SETTINGS };
    h.log = [];
    h.upstream.requests.length = 0;
    h.upstream.setRules([]);
    h.upstream.setModels(null);
  });
  afterEach(() => h.cleanup());
  return h;
}

import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { createCore, type Core } from '../app';
import { processesWith, uniqueSleepArgument } from './test-support';

async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('Stop with no block running', () => {
  let core: Core;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('switchboard-stop-idle-');
    core = await createCore({
      dataDir: dir.path,
      mode: 'serve',
      env: { SWITCHBOARD_MASTER_KEY: '33'.repeat(32) },
    });
  });
  afterAll(async () => {
    await core.close();
    await dir.cleanup();
    await rm(`${dir.path}-workspace`, { recursive: true, force: true });
  });

  it('ends the daemons a finished block left running (background, setsid, nohup) and says it stopped something', async () => {
    const session = core.sessions.createSession().id;
    const argument = uniqueSleepArgument();
    const code = `sleep ${argument} &\nsetsid sleep ${argument} &\nnohup sleep ${argument} >/dev/null 2>&1 &\necho started`;
    const result = await core.exec.run(session, 'shell', code, { timeoutMs: 10_000 });
    expect(result.outcome).toBe('done');
    expect(await eventually(() => processesWith(argument).length === 3)).toBe(true);

    expect(await core.dispatch('chat.stop', { sessionId: session })).toEqual({
      ok: true,
      result: { stopped: true },
    });
    expect(await eventually(() => processesWith(argument).length === 0)).toBe(true);
    // Nothing left to stop: says so.
    expect(await core.dispatch('chat.stop', { sessionId: session })).toEqual({
      ok: true,
      result: { stopped: false },
    });
  });
});

import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { createCore } from './app';

describe('permissions in the data dir', () => {
  it('an existing folder keeps its mode; every file Switchboard writes in it is 0600 and its folders 0700', async () => {
    const dir = await tempDir('switchboard-modes-');
    try {
      await chmod(dir.path, 0o755);
      const core = await createCore({
        dataDir: dir.path,
        mode: 'serve',
        env: { SWITCHBOARD_MASTER_KEY: '55'.repeat(32) },
      });
      await core.credentials.set('groq_api_key', ['gsk_modes_test_key_0123456789']);
      await core.settings.update({ open_interpreter_history_messages: 5 });
      const session = core.sessions.createSession({ title: 'modes' });
      core.sessions.addMessage({ sessionId: session.id, role: 'user', type: 'message', content: 'hello' });
      core.logger.info('a line in the log');
      await core.close();

      expect((await stat(dir.path)).mode & 0o777).toBe(0o755);
      const entries = await readdir(dir.path, { recursive: true });
      expect(entries).toEqual(
        expect.arrayContaining([
          'switchboard.db',
          join('logs', 'switchboard.log'),
          'settings.json',
          'secrets.enc',
        ]),
      );
      for (const name of entries) {
        const info = await stat(join(dir.path, name));
        expect([name, (info.mode & 0o777).toString(8)]).toEqual([name, info.isDirectory() ? '700' : '600']);
      }
    } finally {
      await dir.cleanup();
    }
  });
});

import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { createCore } from './app';

describe('leftover temp files of killed writes', () => {
  it('are removed when the app starts; the files they belonged to and backups stay', async () => {
    const dir = await tempDir('switchboard-leftovers-');
    try {
      const leftovers = [
        'settings.json.3735928559',
        'secrets.enc.12345',
        'secrets.enc.4294967295',
        'serve-token.77',
      ];
      for (const name of leftovers) await writeFile(join(dir.path, name), 'stale encrypted copy');
      await writeFile(join(dir.path, 'settings.json.bak'), '{}');
      await writeFile(join(dir.path, 'notes.txt.123'), 'not ours');
      const core = await createCore({
        dataDir: dir.path,
        mode: 'serve',
        env: { SWITCHBOARD_MASTER_KEY: '44'.repeat(32) },
      });
      await core.close();
      const names = await readdir(dir.path);
      for (const name of leftovers) expect(names).not.toContain(name);
      expect(names).toContain('settings.json.bak');
      expect(names).toContain('notes.txt.123');
    } finally {
      await dir.cleanup();
    }
  });
});

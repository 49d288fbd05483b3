import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { parseServeConfig } from '../headless/config';
import { createCore, type Core } from './app';
import { tailForModel } from './exec/output';

describe('the default workspace', () => {
  let core: Core;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('switchboard-workspace-');
    core = await createCore({
      dataDir: dir.path,
      mode: 'serve',
      env: { SWITCHBOARD_MASTER_KEY: '66'.repeat(32) },
    });
  });
  afterAll(async () => {
    await core.close();
    await rm(`${dir.path}-workspace`, { recursive: true, force: true });
    await dir.cleanup();
  });

  it('is outside the data dir: a block cannot reach master.key or serve-token by a relative path', async () => {
    const session = core.sessions.createSession().id;
    const folder = core.exec.workingDirectory(session);
    expect(relative(dir.path, folder).startsWith('..')).toBe(true);
    const result = await core.exec.run(
      session,
      'shell',
      'for f in ../master.key ../../master.key ../../serve-token ../../secrets.enc; do test -e "$f" && echo "found $f"; done; echo checked',
      { timeoutMs: 10_000 },
    );
    expect(tailForModel(result.output, 10_000)).toBe('checked\n');
  });

  it('serve: ~/Switchboard/workspace with the default data dir, beside a chosen one', () => {
    const noFile = () => null;
    expect(parseServeConfig([], {}, noFile, '/srv').defaultWorkspace).toBe(
      join(homedir(), 'Switchboard', 'workspace'),
    );
    expect(parseServeConfig(['--data-dir', 'data'], {}, noFile, '/srv').defaultWorkspace).toBe(
      '/srv/data-workspace',
    );
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { createServerLog } from './server-log';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('the local API log', () => {
  it('writes requests to server_out.log and errors to server_err.log, with secrets censored', async () => {
    const dir = await tempDir();
    cleanup = dir.cleanup;
    const log = createServerLog(dir.path, 'info');
    log.logger.info({ method: 'GET', path: '/v1/health', status: 200 }, 'request');
    log.logger.warn(
      {
        req: { headers: { authorization: 'Bearer sb-secret-1', 'x-api-key': 'sb-secret-2' } },
        token: 'sb-secret-3',
        api_key: 'gsk_secret_4',
      },
      'odd request',
    );
    log.logger.error({ err: new Error('boom') }, 'unexpected error in the local API');
    await log.close();
    const out = await readFile(join(dir.path, 'logs', 'server_out.log'), 'utf8');
    const err = await readFile(join(dir.path, 'logs', 'server_err.log'), 'utf8');
    expect(out).toContain('"path":"/v1/health"');
    expect(out).toContain('odd request');
    expect(out).not.toContain('boom');
    expect(err).toContain('boom');
    for (const secret of ['sb-secret-1', 'sb-secret-2', 'sb-secret-3', 'gsk_secret_4'])
      expect(out + err).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('rotates by size and keeps the newest files under the same name', async () => {
    const dir = await tempDir();
    cleanup = dir.cleanup;
    const log = createServerLog(dir.path, 'info', { maxBytes: 2_000, keep: 2 });
    // Requests arrive over time: ten lines, then the event loop turns (the file opens, writes land).
    for (let i = 0; i < 200; i++) {
      log.logger.info({ n: i, path: '/v1/chat/completions' }, 'request');
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await log.close();
    const files = (await readdir(join(dir.path, 'logs'))).sort();
    expect(files).toEqual(['server_err.log', 'server_out.log', 'server_out.log.1', 'server_out.log.2']);
    const current = await readFile(join(dir.path, 'logs', 'server_out.log'), 'utf8');
    expect(current).toContain('"n":199');
    expect(Buffer.byteLength(current)).toBeLessThan(4_000);
  });
});

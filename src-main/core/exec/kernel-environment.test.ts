import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { createCore, type Core } from '../app';
import { childEnvironment, isSecretVariable } from './environment';
import { tailForModel } from './output';

/** The variables the audit saw reach a kernel, plus a few of the same kinds. */
const CREDENTIALS = {
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/app',
  GITHUB_PAT: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  STRIPE_SECRET_KEY: 'sk_live_0123456789abcdefghijklmn',
  OPENAI_KEY: 'sk-proj-0123456789abcdefghijklmn',
  MYSQL_PASSWORD: 'correct-horse-battery',
  PGPASSWD: 'staple',
  SESSION_COOKIE: 'abc123',
  GOOGLE_APPLICATION_CREDENTIALS: '/home/me/.config/gcloud/key.json',
  HOMEBREW_GITHUB_API_TOKEN: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
  SOME_UPSTREAM: 'https://user:pa55word@proxy.example.com:8080',
  UNLABELLED: 'gsk_0123456789abcdefghijklmnopqrstuv',
  AUTH_HEADER: 'Basic dXNlcjpwYXNz',
};
const ORDINARY = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/me',
  LANG: 'en_US.UTF-8',
  KEYBOARD_LAYOUT: 'us',
  PATHEXT: '.x',
  EDITOR: 'vi',
};

describe('childEnvironment', () => {
  it('drops credentials by name and by value, and keeps ordinary variables', () => {
    const env = childEnvironment({ ...CREDENTIALS, ...ORDINARY });
    for (const name of Object.keys(CREDENTIALS)) expect(env, name).not.toHaveProperty(name);
    for (const [name, value] of Object.entries(ORDINARY)) expect(env[name]).toBe(value);
  });

  it('lets through what the person listed, but never a stored key or SWITCHBOARD_*', () => {
    const env = childEnvironment(
      {
        ...CREDENTIALS,
        TOOL_CONFIG: 'uses gsk_stored_key_0123456789 here',
        SWITCHBOARD_MASTER_KEY: 'ab'.repeat(32),
      },
      {
        passThrough: ['DATABASE_URL', 'AWS_*', 'TOOL_CONFIG', 'SWITCHBOARD_MASTER_KEY'],
        secrets: ['gsk_stored_key_0123456789'],
      },
    );
    expect(env.DATABASE_URL).toBe(CREDENTIALS.DATABASE_URL);
    expect(env.AWS_SECRET_ACCESS_KEY).toBe(CREDENTIALS.AWS_SECRET_ACCESS_KEY);
    expect(env).not.toHaveProperty('TOOL_CONFIG');
    expect(env).not.toHaveProperty('SWITCHBOARD_MASTER_KEY');
    expect(env).not.toHaveProperty('GITHUB_PAT');
  });

  it('splits names into words: GITHUB_PAT and githubToken are secrets, PATH and KEYBOARD are not', () => {
    expect(['GITHUB_PAT', 'githubToken', 'npm_config__auth', 'X_SESSION'].map(isSecretVariable)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['PATH', 'KEYBOARD', 'MANPATH', 'PATTERN'].map(isSecretVariable)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('a block running `env` in the app', () => {
  const STORED = 'storedInSwitchboard0123456789WXYZ';
  let core: Core;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, CREDENTIALS, { INNOCENT_LOOKING: STORED });
    dir = await tempDir('switchboard-kernel-env-');
    core = await createCore({
      dataDir: dir.path,
      mode: 'serve',
      env: { SWITCHBOARD_MASTER_KEY: '22'.repeat(32) },
    });
    await core.credentials.set('groq_api_key', [STORED]);
    await core.settings.update({ kernel_env_passthrough: 'DATABASE_URL, MYSQL_PASSWORD' });
  });
  afterAll(async () => {
    await core.close();
    await dir.cleanup();
    await rm(`${dir.path}-workspace`, { recursive: true, force: true });
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  });

  it('sees no credential and no stored key, only the variables listed to pass through', async () => {
    const result = await core.exec.run('envcheck', 'shell', 'env', { timeoutMs: 10_000 });
    const output = tailForModel(result.output, 200_000);
    expect(output).toContain('PATH=');
    expect(output).toContain(`DATABASE_URL=${CREDENTIALS.DATABASE_URL}`);
    expect(output).toContain(`MYSQL_PASSWORD=${CREDENTIALS.MYSQL_PASSWORD}`);
    for (const [name, value] of Object.entries(CREDENTIALS)) {
      if (name === 'DATABASE_URL' || name === 'MYSQL_PASSWORD') continue;
      expect(output, name).not.toContain(value);
    }
    expect(output).not.toContain(STORED);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { tempDir } from '../../../test-support/temp-dir';
import { AppError, toErrorData } from '../errors';
import { SettingsStore } from './settings-store';

describe('SettingsStore', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir.path, 'settings.json');
  });
  afterEach(() => dir.cleanup());

  it('starts from the seed defaults and saves under the seed names', async () => {
    const store = new SettingsStore({ file });
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.open_interpreter_history_messages).toBe(4);
    expect(DEFAULT_SETTINGS.open_interpreter_history_chars).toBe(120);
    expect(DEFAULT_SETTINGS.open_interpreter_model).toBe('llama-3.1-8b-instant');

    await store.update({ agent_backend: 'chat', open_interpreter_requests_per_minute: 30 });
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.agent_backend).toBe('chat');
    expect(onDisk.open_interpreter_requests_per_minute).toBe(30);
    expect(await new SettingsStore({ file }).load()).toMatchObject({
      agent_backend: 'chat',
      open_interpreter_requests_per_minute: 30,
    });
  });

  it('refuses a patch with any bad value, reports every bad field, and saves nothing', async () => {
    const store = new SettingsStore({ file });
    await store.load();
    await store.update({ open_interpreter_history_chars: 200 });
    const before = await readFile(file, 'utf8');

    const error = await store
      .update({
        open_interpreter_history_chars: 50,
        open_interpreter_history_messages: -1,
        open_interpreter_registry_mode: 'random',
        bogus: 1,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('settings_invalid');
    expect((error as AppError).fields).toEqual({
      open_interpreter_history_messages: 'must be 0 or more',
      open_interpreter_registry_mode: 'must be one of: selected, round_robin, failover',
      bogus: 'is not a known setting',
    });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.get().open_interpreter_history_chars).toBe(200);
  });

  it('gives each refused field a stable code with the numbers its words need, beside the English words', async () => {
    const store = new SettingsStore({ file });
    await store.load();
    const error = (await store
      .update({
        open_interpreter_history_messages: 'four',
        open_interpreter_max_iterations: 500,
        api_port: 80,
        open_interpreter_model: 'x'.repeat(201),
        ui_theme: 'pink',
        api_enabled: 'yes',
        api_redis_url: 'http://cache:6379',
        mcp_always_allow: Array.from({ length: 1001 }, (_, i) => `tool${i}`),
        bogus: 1,
      })
      .catch((e: unknown) => e)) as AppError;
    expect(error.fieldIssues).toEqual({
      open_interpreter_history_messages: { code: 'not_whole_number' },
      open_interpreter_max_iterations: { code: 'too_big', params: { max: 100 } },
      api_port: { code: 'too_small', params: { min: 1024 } },
      open_interpreter_model: { code: 'too_long', params: { max: 200 } },
      ui_theme: { code: 'not_one_of', params: { values: 'system, light, dark' } },
      api_enabled: { code: 'not_boolean' },
      api_redis_url: { code: 'not_redis_url' },
      mcp_always_allow: { code: 'too_many', params: { max: 1000 } },
      bogus: { code: 'unknown_setting' },
    });
    // API callers keep the English words, field by field and in the message.
    expect(error.fields?.api_port).toBe('must be at least 1024');
    expect(error.message).toContain('api_port must be at least 1024');
    expect(toErrorData(error)).toMatchObject({ fields: error.fields, fieldIssues: error.fieldIssues });
  });

  it('runs preparers and refuses the save when one fails', async () => {
    const committed: string[] = [];
    const store = new SettingsStore({
      file,
      preparers: {
        open_interpreter_provider_registry: async (value) => {
          if (String(value).includes('bad'))
            throw new AppError('settings_invalid', 'bad registry', {
              fields: { open_interpreter_provider_registry: 'entry 1: bad' },
            });
          return {
            value: String(value).toUpperCase(),
            commit: async () => void committed.push(String(value)),
          };
        },
      },
    });
    await store.load();
    await expect(
      store.update({ open_interpreter_provider_registry: 'bad', agent_backend: 'chat' }),
    ).rejects.toMatchObject({
      fields: { open_interpreter_provider_registry: 'entry 1: bad' },
    });
    expect(store.get().agent_backend).toBe('open_interpreter');
    expect(committed).toEqual([]);

    await store.update({ open_interpreter_provider_registry: 'ok' });
    expect(store.get().open_interpreter_provider_registry).toBe('OK');
    expect(committed).toEqual(['ok']);
  });

  it('recovers from a corrupt file with the backup and keeps the corrupt copy', async () => {
    const store = new SettingsStore({ file });
    await store.load();
    await store.update({ open_interpreter_history_messages: 7 });
    await store.update({ open_interpreter_history_messages: 9 }); // .bak now holds 7
    await writeFile(file, '{"open_interpreter_history_messages": 9,'); // a torn write
    const warnings: string[] = [];
    const reloaded = new SettingsStore({ file, warn: (m) => warnings.push(m) });
    expect((await reloaded.load()).open_interpreter_history_messages).toBe(7);
    expect(warnings.join('\n')).toMatch(/corrupt-\d+/);
  });

  it('keeps valid values and falls back per field for invalid ones on load', async () => {
    await writeFile(
      file,
      JSON.stringify({
        open_interpreter_history_messages: 'lots',
        open_interpreter_history_chars: 300,
        unknown_thing: true,
      }),
    );
    const warnings: string[] = [];
    const loaded = await new SettingsStore({ file, warn: (m) => warnings.push(m) }).load();
    expect(loaded.open_interpreter_history_messages).toBe(4);
    expect(loaded.open_interpreter_history_chars).toBe(300);
    expect(warnings).toHaveLength(2);
  });
});

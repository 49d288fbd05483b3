import { afterEach, describe, expect, it } from 'vitest';
import { describeError, fieldErrorWords } from '../errors';
import { applyLanguage, i18next, systemLanguage } from './index';

afterEach(async () => {
  await applyLanguage('en');
});

describe('interface language', () => {
  it('follows the first system language it has, else English', () => {
    expect(systemLanguage(['ru-RU', 'en-US'])).toBe('ru');
    expect(systemLanguage(['de-DE', 'zh-CN'])).toBe('zh');
    expect(systemLanguage(['zh-Hant-TW'])).toBe('zh');
    expect(systemLanguage(['de-DE', 'fr'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });

  it('words core error codes in the chosen language and keeps the server detail', async () => {
    const error = { code: 'key_rejected', message: 'Groq answered 401: Invalid API Key' };
    expect(describeError(error)).toBe(
      'The provider rejected the API key. Groq answered 401: Invalid API Key',
    );
    await applyLanguage('ru');
    expect(document.documentElement.lang).toBe('ru');
    expect(describeError(error)).toBe('Провайдер отклонил API-ключ. Groq answered 401: Invalid API Key');
    await applyLanguage('zh');
    expect(describeError(error)).toBe('提供商拒绝了该 API 密钥。 Groq answered 401: Invalid API Key');
    // A code the renderer has no words for shows the server's message as it is.
    expect(describeError({ code: 'session_not_found', message: 'No such session.' })).toBe(
      'No such session.',
    );
  });

  it('uses Russian plural forms', async () => {
    await applyLanguage('ru');
    const words = (count: number) => i18next.t('general.modelsSuggested', { count });
    expect(words(1)).toContain('1 модель;');
    expect(words(3)).toContain('3 модели;');
    expect(words(25)).toContain('25 моделей;');
  });

  it('words refused settings fields in the chosen language; a refusal without a code keeps the English detail', async () => {
    const error = {
      code: 'settings_invalid',
      message: 'Not saved: …',
      fields: {
        api_port: 'must be at least 1024',
        open_interpreter_history_messages: 'must be a whole number',
        open_interpreter_provider_registry: 'entry 1: `api_base` must be an http(s) URL',
      },
      fieldIssues: {
        api_port: { code: 'too_small', params: { min: 1024 } },
        open_interpreter_history_messages: { code: 'not_whole_number' },
      },
    };
    await applyLanguage('ru');
    expect(fieldErrorWords(error)).toEqual({
      api_port: 'должно быть не меньше 1024',
      open_interpreter_history_messages: 'должно быть целым числом',
      open_interpreter_provider_registry: 'entry 1: `api_base` must be an http(s) URL',
    });
    await applyLanguage('zh');
    expect(fieldErrorWords(error).api_port).toBe('不能小于 1024');
    await applyLanguage('en');
    expect(fieldErrorWords(error).api_port).toBe('must be 1024 or more');
  });

  it('words each problem of a JSON setting with its entry or server and field', async () => {
    const error = {
      code: 'settings_invalid',
      message: 'entry 2 (`gemini-a`): `api_base` must be an http(s) URL\nserver "gh": needs either …',
      fields: {
        open_interpreter_provider_registry: 'entry 2 (`gemini-a`): `api_base` must be an http(s) URL',
      },
      fieldIssues: {
        open_interpreter_provider_registry: {
          code: 'json_problems',
          problems: [
            { entry: 2, id: 'gemini-a', field: 'api_base', code: 'not_http_url' },
            { entry: 3, code: 'unknown_fields', params: { fields: '`colour`', count: 1 } },
          ],
        },
        mcp_servers: { code: 'json_problems', problems: [{ server: 'gh', code: 'command_or_url' }] },
      },
    };
    await applyLanguage('ru');
    expect(fieldErrorWords(error)).toEqual({
      open_interpreter_provider_registry:
        'запись 2 (`gemini-a`): `api_base` должен быть URL http(s)\nзапись 3: неизвестные поля: `colour`',
      mcp_servers:
        'сервер «gh»: нужно указать либо "command" (stdio), либо "url" (Streamable HTTP), но не оба',
    });
    await applyLanguage('zh');
    expect(fieldErrorWords(error).open_interpreter_provider_registry).toBe(
      '第 2 项（`gemini-a`）：`api_base` 必须是 http(s) URL\n第 3 项：未知字段：`colour`',
    );
    await applyLanguage('en');
    expect(fieldErrorWords(error).mcp_servers).toBe(
      'server "gh": needs either "command" (stdio) or "url" (Streamable HTTP), not both',
    );
  });
});

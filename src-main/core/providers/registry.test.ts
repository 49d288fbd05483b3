import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectProvider, parseRegistry, registryToStoredJson } from './registry';

describe('parseRegistry', () => {
  it('parses entries, merges api_key with api_keys, and detects the provider from api_base', () => {
    const { entries, errors } = parseRegistry(
      JSON.stringify([
        {
          id: 'groq-a',
          api_base: 'https://api.groq.com/openai/v1/',
          model: 'llama-3.1-8b-instant',
          api_key: 'k1',
          api_keys: ['k2', 'k1'],
        },
        {
          id: 'gem',
          api_base: 'https://generativelanguage.googleapis.com/v1beta/openai',
          model: 'gemini-2.0-flash',
          api_keys: 'g1\ng2',
          enabled: false,
        },
        { id: 'local', api_base: 'http://localhost:11434/v1', model: 'llama3', requests_per_minute: 10 },
        { id: 'claude', api_base: 'https://api.anthropic.com/v1', model: 'claude-sonnet-4' },
      ]),
    );
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.id, e.provider, e.api_keys, e.enabled])).toEqual([
      ['groq-a', 'openai_compatible', ['k1', 'k2'], true],
      ['gem', 'gemini', ['g1', 'g2'], false],
      ['local', 'ollama', [], true],
      ['claude', 'anthropic', [], true],
    ]);
    expect(entries[0]?.api_base).toBe('https://api.groq.com/openai/v1');
    expect(entries[2]?.requests_per_minute).toBe(10);
  });

  it('names the entry and the field in every error', () => {
    const { errors, problems } = parseRegistry(
      JSON.stringify([
        { id: 'ok', api_base: 'https://a.example/v1', model: 'm' },
        { id: 'gemini-a', api_base: 'ftp://x', model: 'm' },
        { api_base: 'https://b.example', model: '' },
        { id: 'ok', api_base: 'https://c.example', model: 'm', colour: 'red' },
        'nope',
      ]),
    );
    expect(errors).toEqual([
      'entry 2 (`gemini-a`): `api_base` must be an http(s) URL',
      'entry 3: `id` is required',
      'entry 3: `model` must not be empty',
      'entry 4 (`ok`): unknown field `colour`',
      'entry 5: must be an object with `id`, `api_base` and `model`',
    ]);
    // The same problems as codes, for the window to word in its language.
    expect(problems).toEqual([
      { entry: 2, id: 'gemini-a', field: 'api_base', code: 'not_http_url' },
      { entry: 3, field: 'id', code: 'required' },
      { entry: 3, field: 'model', code: 'empty' },
      { entry: 4, id: 'ok', code: 'unknown_fields', params: { fields: '`colour`', count: 1 } },
      { entry: 5, code: 'entry_not_object' },
    ]);
  });

  it('reports JSON that does not parse or is not an array', () => {
    expect(parseRegistry('[{').errors[0]).toMatch(/^is not valid JSON/);
    expect(parseRegistry('{"id": 1}').errors).toEqual(['must be a JSON array of entries']);
    expect(parseRegistry('{"id": 1}').problems).toEqual([{ code: 'not_array' }]);
    expect(parseRegistry('   ')).toEqual({ entries: [], errors: [], problems: [] });
  });

  it('never throws; every rejection names its entry and a field, or the document (property)', () => {
    const field = fc.constantFrom(
      'id',
      'api_base',
      'model',
      'api_key',
      'api_keys',
      'enabled',
      'provider',
      'headers',
      'requests_per_minute',
      'x',
    );
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('https://api.groq.com/openai/v1', 'ftp://x', 'groq-a', '', 'anthropic', -1, 60),
    );
    const entries = fc
      .array(fc.oneof(fc.dictionary(field, value), fc.jsonValue()), { maxLength: 5 })
      .map((a) => JSON.stringify(a));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), entries), (text) => {
        const { entries: parsed, errors } = parseRegistry(text);
        for (const error of errors)
          expect(error).toMatch(
            /^(entry \d+( \(`[^`]*`\))?: (`[a-z_]+`|unknown fields? `|must be an object with `id`)|is not valid JSON|must be a JSON array)/,
          );
        for (const entry of parsed) {
          expect(entry.id).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
          expect(entry.api_base).toMatch(/^https?:/);
          expect(entry.model.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stores entries without their keys', () => {
    const { entries } = parseRegistry(
      JSON.stringify([{ id: 'a', api_base: 'https://a.example', model: 'm', api_keys: ['secret-key'] }]),
    );
    const stored = registryToStoredJson(entries);
    expect(stored).not.toContain('secret-key');
    expect(parseRegistry(stored).entries[0]).toMatchObject({ id: 'a', api_keys: [] });
  });

  it('detects providers by the seed rules', () => {
    expect(detectProvider('https://api.anthropic.com')).toBe('anthropic');
    expect(detectProvider('https://gemini.example.com/v1')).toBe('gemini');
    expect(detectProvider('http://10.0.0.2:11434')).toBe('ollama');
    expect(detectProvider('https://proxy.example/openai')).toBe('openai_compatible');
    expect(detectProvider('https://openrouter.ai/api/v1')).toBe('openrouter');
  });
});

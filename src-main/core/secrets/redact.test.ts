import { describe, expect, it } from 'vitest';
import { redactSecrets, secretsOfRequest } from './redact';

describe('redactSecrets', () => {
  it.each([
    [
      'Invalid API Key: Bearer gsk_abcdefghijklmnop0123456789WXYZ',
      'gsk_abcdefghijklmnop0123456789WXYZ',
      'gsk_…WXYZ',
    ],
    [
      'Incorrect API key provided: sk-proj-AAAABBBBCCCCDDDD1234',
      'sk-proj-AAAABBBBCCCCDDDD1234',
      'sk-proj-…1234',
    ],
    [
      'invalid x-api-key sk-ant-api03-abcdefghijklmnopqrstu-9876',
      'sk-ant-api03-abcdefghijklmnopqrstu-9876',
      'sk-ant-…9876',
    ],
    [
      'API key not valid: AIzaSyA1234567890abcdefghijklmnopqrs',
      'AIzaSyA1234567890abcdefghijklmnopqrs',
      'AIza…pqrs',
    ],
    ['bad pplx-0123456789abcdef0123 and xai-ABCDEFGHIJKLMNOPQRST', 'pplx-0123456789abcdef0123', 'pplx-…0123'],
    [
      '{"error":"unauthorized","token":"Bearer 0f1e2d3c4b5a69788796a5b4c3d2e1f0"}',
      '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      'Bearer …e1f0',
    ],
    ['GET /v1/models?key=abcdefghijklmnopqrstuv failed', 'abcdefghijklmnopqrstuv', 'key=…stuv'],
  ])('masks key-shaped text: %s', (text, secret, shown) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(shown);
  });

  it('masks a configured key of any shape by its value, everywhere it occurs', () => {
    const key = '5f0c8e2a9b7d4c1e3a6f8b0d2c4e6a8f';
    const text = `key ${key} rejected; you sent "${key}".`;
    expect(redactSecrets(text, [key])).toBe('key …6a8f rejected; you sent "…6a8f".');
  });

  it('leaves ordinary provider messages alone', () => {
    const text =
      'Rate limit reached for model `llama-3.1-8b-instant` on tokens per minute (TPM): Limit 6000.';
    expect(redactSecrets(text, ['short'])).toBe(text);
  });
});

describe('secretsOfRequest', () => {
  it('finds the key in bearer, x-api-key and ?key= forms', () => {
    expect(
      secretsOfRequest(
        { authorization: 'Bearer aaaabbbbcccc', 'x-api-key': 'ddddeeeeffff', accept: 'application/json' },
        'https://example.com/v1beta/models?key=gggghhhhiiii',
      ),
    ).toEqual(['aaaabbbbcccc', 'ddddeeeeffff', 'gggghhhhiiii']);
  });
});

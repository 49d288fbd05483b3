import { describe, expect, it } from 'vitest';
import { apiExamples } from './examples';
import { describeStatus } from './LocalApiTab';

describe('Local API examples and status words', () => {
  it('fills every example with the URL and reads the token from $SWITCHBOARD_API_TOKEN, never inline', () => {
    const examples = apiExamples('http://127.0.0.1:9123');
    expect(examples.map((e) => e.id)).toEqual(['curl', 'python', 'node']);
    for (const example of examples) {
      expect(example.text).toContain('http://127.0.0.1:9123');
      expect(example.text).toContain('SWITCHBOARD_API_TOKEN');
      expect(example.text).toContain('switchboard/open-interpreter');
    }
    expect(examples[0]?.text).toContain('curl -sS http://127.0.0.1:9123/v1/chat/completions');
    expect(examples[1]?.text).toContain('base_url="http://127.0.0.1:9123/v1"');
    expect(examples[2]?.text).toContain("baseURL: 'http://127.0.0.1:9123/v1'");
  });

  it('says where the server listens, or why it does not', () => {
    const base = { host: '127.0.0.1', port: 8765, url: null, error: null, token: null, overridden: [] };
    expect(describeStatus(null)).toBe('Loading…');
    expect(describeStatus({ ...base, state: 'stopped' })).toBe('Stopped');
    expect(describeStatus({ ...base, state: 'listening', url: 'http://127.0.0.1:8765' })).toBe(
      'Listening on http://127.0.0.1:8765',
    );
    expect(
      describeStatus({ ...base, state: 'listening', host: '0.0.0.0', url: 'http://127.0.0.1:8765' }),
    ).toBe('Listening on all network interfaces, port 8765 (on this computer: http://127.0.0.1:8765)');
    expect(
      describeStatus({
        ...base,
        state: 'error',
        error: {
          code: 'api_port_in_use',
          message: 'Port 8765 is in use by another program. Choose another port.',
        },
      }),
    ).toBe('Not running: Port 8765 is in use by another program. Choose another port.');
  });
});

import { describe, expect, it } from 'vitest';
import { parseServeConfig } from './config';

const noFile = () => null;

describe('serve configuration: flags, environment and .env', () => {
  it('defaults: web UI on 127.0.0.1 and a free port, the API following its saved switch', () => {
    const config = parseServeConfig([], {}, noFile, '/srv');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      demo: false,
      api: { logLevel: 'info' },
      logLevel: 'info',
    });
    expect(config.api.enabled).toBeUndefined();
  });

  it("reads the API flags and the seed server's variables", () => {
    const config = parseServeConfig(
      ['--api', '--api-host', '127.0.0.1', '--api-port', '9100', '--data-dir', 'data'],
      {
        API_KEY: 'sb-key-from-env',
        RATE_LIMIT_PER_MINUTE: '120',
        SESSION_RATE_LIMIT_PER_MINUTE: '0',
        MAX_TOKENS: '4096',
        TEMPERATURE: '0.7',
        LOG_LEVEL: 'debug',
      },
      noFile,
      '/srv',
    );
    expect(config.dataDir).toBe('/srv/data');
    expect(config.api).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 9100,
      token: 'sb-key-from-env',
      rateLimitPerMinute: 120,
      sessionRateLimitPerMinute: 0,
      maxTokens: 4096,
      temperature: 0.7,
      logLevel: 'debug',
    });
  });

  it('takes .env values (provider keys included) unless the real environment sets them', () => {
    const files: Record<string, string> = {
      '/srv/.env': 'API_KEY=sb-from-dotenv\nGROQ_API_KEY="gsk_from_dotenv"\nLOG_LEVEL=warn\n# a comment\n',
    };
    const config = parseServeConfig([], { LOG_LEVEL: 'error' }, (file) => files[file] ?? null, '/srv');
    expect(config.api.token).toBe('sb-from-dotenv');
    expect(config.env.GROQ_API_KEY).toBe('gsk_from_dotenv');
    expect(config.logLevel).toBe('error');
    const other = parseServeConfig(
      ['--env-file', 'conf/api.env'],
      {},
      (file) => (file === '/srv/conf/api.env' ? 'TEMPERATURE=1.5' : null),
      '/srv',
    );
    expect(other.api.temperature).toBe(1.5);
    expect(() => parseServeConfig(['--env-file', 'missing.env'], {}, noFile, '/srv')).toThrow(
      'does not exist',
    );
  });

  it('refuses bad values with the name of what is wrong', () => {
    expect(() => parseServeConfig(['--api-port', 'http'], {}, noFile, '/srv')).toThrow(
      '--api-port must be a port number',
    );
    expect(() => parseServeConfig(['--api-port', '70000'], {}, noFile, '/srv')).toThrow(
      '--api-port must be at most 65535',
    );
    expect(() => parseServeConfig([], { TEMPERATURE: '3' }, noFile, '/srv')).toThrow(
      'TEMPERATURE must be between 0 and 2',
    );
    expect(() => parseServeConfig([], { RATE_LIMIT_PER_MINUTE: '-1' }, noFile, '/srv')).toThrow(
      'RATE_LIMIT_PER_MINUTE must be 0 or more',
    );
    expect(() => parseServeConfig([], { LOG_LEVEL: 'loud' }, noFile, '/srv')).toThrow('LOG_LEVEL must be');
    expect(() => parseServeConfig(['--bogus'], {}, noFile, '/srv')).toThrow();
  });

  it('an empty variable counts as unset', () => {
    expect(parseServeConfig([], { API_KEY: '', MAX_TOKENS: ' ' }, noFile, '/srv').api).toEqual({
      logLevel: 'info',
    });
  });

  it('--redis-url or REDIS_URL shares router state through Redis; the flag wins; anything else is refused', () => {
    expect(parseServeConfig([], {}, noFile, '/srv').api.redisUrl).toBeUndefined();
    expect(parseServeConfig([], { REDIS_URL: 'redis://10.0.0.5:6379/2' }, noFile, '/srv').api.redisUrl).toBe(
      'redis://10.0.0.5:6379/2',
    );
    expect(
      parseServeConfig(
        ['--redis-url', 'rediss://cache:6380'],
        { REDIS_URL: 'redis://other:6379' },
        noFile,
        '/srv',
      ).api.redisUrl,
    ).toBe('rediss://cache:6380');
    expect(() => parseServeConfig(['--redis-url', 'http://cache:6379'], {}, noFile, '/srv')).toThrow(
      '--redis-url must be a redis:// or rediss:// URL',
    );
    expect(() => parseServeConfig([], { REDIS_URL: 'cache:6379' }, noFile, '/srv')).toThrow(
      'REDIS_URL must be a redis:// or rediss:// URL',
    );
  });
});

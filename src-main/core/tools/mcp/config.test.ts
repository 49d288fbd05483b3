import { describe, expect, it } from 'vitest';
import { parseMcpJson, readServers, TOOL_NAME_PATTERN, toolName } from './config';

describe('mcpServers JSON and tool names', () => {
  it("names tools <server>__<tool> in the providers' alphabet, long names cut apart by a hash", () => {
    expect(toolName('github', 'create_issue')).toBe('github__create_issue');
    expect(toolName('my server', 'read.file/v2')).toBe('my_server__read_file_v2');
    const a = toolName(
      'a-very-long-server-name-for-testing',
      'an_extremely_long_tool_name_that_goes_on_and_on_1',
    );
    const b = toolName(
      'a-very-long-server-name-for-testing',
      'an_extremely_long_tool_name_that_goes_on_and_on_2',
    );
    expect(a).toMatch(TOOL_NAME_PATTERN);
    expect(b).toMatch(TOOL_NAME_PATTERN);
    expect(a).not.toBe(b);
  });

  it('reads the Claude Desktop block and the bare map, stdio and Streamable HTTP, and disabled', () => {
    const servers = readServers(
      JSON.stringify({
        mcpServers: {
          files: { command: 'npx', args: ['-y', 'pkg'], env: { A: '1' } },
          web: {
            type: 'streamable-http',
            url: 'https://example.com/mcp',
            headers: { X: 'y' },
            disabled: true,
          },
        },
      }),
    );
    expect(servers).toEqual([
      {
        name: 'files',
        prefix: 'files',
        enabled: true,
        transport: { kind: 'stdio', command: 'npx', args: ['-y', 'pkg'], env: { A: '1' } },
      },
      {
        name: 'web',
        prefix: 'web',
        enabled: false,
        transport: { kind: 'http', url: 'https://example.com/mcp', headers: { X: 'y' } },
      },
    ]);
    expect(readServers('{"solo": {"command": "x"}}').map((s) => s.name)).toEqual(['solo']);
    expect(readServers('')).toEqual([]);
  });

  it('says what is wrong with each server', () => {
    const { errors, problems } = parseMcpJson(
      JSON.stringify({
        mcpServers: {
          both: { command: 'x', url: 'https://e.com' },
          neither: { args: [] },
          old: { type: 'sse', url: 'https://e.com/sse' },
          badenv: { command: 'x', env: { N: 1 } },
          'a b': { command: 'x' },
          a_b: { command: 'y' },
        },
      }),
    );
    expect(errors).toEqual([
      expect.stringContaining('server "both": needs either "command"'),
      expect.stringContaining('server "neither": needs either "command"'),
      expect.stringContaining('server "old": the old SSE transport is not supported'),
      expect.stringContaining('server "badenv": `env` values must be strings'),
      expect.stringContaining('server "a_b": gives its tools the same names as server "a b"'),
    ]);
    // The same problems as codes, for the window to word in its language.
    expect(problems.map((p) => [p.server, p.field, p.code])).toEqual([
      ['both', undefined, 'command_or_url'],
      ['neither', undefined, 'command_or_url'],
      ['old', undefined, 'sse_unsupported'],
      ['badenv', 'env', 'not_string_values'],
      ['a_b', undefined, 'name_clash'],
    ]);
    expect(problems[4]?.params).toEqual({ other: 'a b', prefix: 'a_b' });
    expect(parseMcpJson('[1]').errors).toEqual(['must be a JSON object: {"mcpServers": {"name": {...}}}']);
  });
});

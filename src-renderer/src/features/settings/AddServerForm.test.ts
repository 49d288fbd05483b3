import { describe, expect, it } from 'vitest';
import { withServer } from './AddServerForm';

describe('adding a server to the mcpServers JSON', () => {
  it('adds to the Claude Desktop block or the bare map, and refuses a duplicate name or unreadable JSON', () => {
    const added = withServer('', 'files', { command: 'npx', args: ['-y', 'pkg'] });
    expect(JSON.parse(added as string)).toEqual({
      mcpServers: { files: { command: 'npx', args: ['-y', 'pkg'] } },
    });
    const second = withServer(added as string, 'web', { url: 'https://example.com/mcp' });
    expect(Object.keys(JSON.parse(second as string).mcpServers)).toEqual(['files', 'web']);
    expect(JSON.parse(withServer('{"solo": {"command": "x"}}', 'b', { command: 'y' }) as string)).toEqual({
      mcpServers: { solo: { command: 'x' }, b: { command: 'y' } },
    });
    expect(withServer(added as string, 'files', { command: 'z' })).toEqual({
      error: 'There is already a server named "files".',
    });
    expect(withServer('{oops', 'a', { command: 'z' })).toEqual({
      error: 'The JSON above does not parse; fix or clear it first.',
    });
  });
});

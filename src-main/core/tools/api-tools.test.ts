import { afterEach, describe, expect, it } from 'vitest';
import { call, startApiHarness, waitFor, type ApiHarness } from '../../../test-support/api-harness';
import { everythingServer } from '../../../test-support/mcp-servers';
import type { ScriptRule } from '../../../test-support/scripted-upstream';
import { answerToolResults, toolCallReply } from '../../../test-support/tool-call-replies';

const rules: ScriptRule[] = [
  answerToolResults('Answer: '),
  {
    match: 'environment',
    raw: toolCallReply({ calls: [{ id: 'call_env', name: 'everything__get-env', arguments: '{}' }] }),
  },
  {
    match: 'echo',
    raw: toolCallReply({
      calls: [{ id: 'call_echo', name: 'everything__echo', arguments: '{"message":"over the API"}' }],
    }),
  },
];
const settings = {
  open_interpreter_code_mode: 'tools' as const,
  mcp_servers: JSON.stringify({ mcpServers: { everything: everythingServer() } }),
};

let h: ApiHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('MCP tools through the local API (the whole core, createCore)', () => {
  it('a switchboard/open-interpreter turn uses the same tools; with "API may run code" the call runs, and the server never sees the keys', async () => {
    h = await startApiHarness({ rules, settings: { ...settings, api_allow_code_execution: true } });
    const echo = await call(h, 'POST', '/v1/chat/completions', {
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'echo something' }],
    });
    expect(echo.status).toBe(200);
    expect(JSON.stringify(echo.json)).toContain('Echo: over the API');

    const env = await call(h, 'POST', '/v1/chat/completions', {
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'show the environment' }],
    });
    const told = JSON.stringify(env.json);
    expect(told).toContain('PATH');
    expect(told).not.toContain('gsk_api_harness_key');
    expect(told).not.toContain('SWITCHBOARD_MASTER_KEY');
  });

  it('otherwise the call waits for approval in the window, even when the tool is "Always allow"', async () => {
    h = await startApiHarness({ rules, settings: { ...settings, mcp_always_allow: ['everything__echo'] } });
    const harness = h;
    const pending = call(harness, 'POST', '/v1/chat/completions', {
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'echo something' }],
    });
    let sessionId = '';
    await waitFor(() => {
      sessionId = harness.core.sessions.listSessions().find((s) => s.source === 'api')?.id ?? '';
      return sessionId !== '' && harness.core.agent.pendingApproval(sessionId) !== null;
    });
    const approval = harness.core.agent.pendingApproval(sessionId);
    expect(approval).toMatchObject({
      language: 'tool',
      tool: { name: 'everything__echo' },
      reason: expect.stringContaining('local API'),
    });
    expect(
      await harness.core.dispatch('chat.approve', { sessionId, blockId: approval?.blockId, decision: 'run' }),
    ).toEqual({
      ok: true,
      result: { accepted: true },
    });
    expect(JSON.stringify((await pending).json)).toContain('Echo: over the API');
    // The window lists the server connected through the contract.
    const listed = await harness.core.dispatch('tools.servers', undefined);
    expect(listed).toMatchObject({
      ok: true,
      result: { servers: [{ name: 'everything', state: 'connected' }] },
    });
  });
});

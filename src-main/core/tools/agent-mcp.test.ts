import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src-shared/lmc';
import {
  startAgentHarness,
  type AgentHarness,
  type AgentHarnessOptions,
} from '../../../test-support/agent-harness';
import { everythingServer, filesystemServer, stubbornServer } from '../../../test-support/mcp-servers';
import type { ScriptRule } from '../../../test-support/scripted-upstream';
import { waitFor } from '../../../test-support/api-harness';
import { tempDir } from '../../../test-support/temp-dir';
import { answerToolResults, toolCallReply } from '../../../test-support/tool-call-replies';

/** The model calls `name` with `args` when the user's message contains `match`. */
const calls = (match: string, name: string, args: unknown, id = `call_${name}`): ScriptRule => ({
  match,
  raw: toolCallReply({
    content: 'Calling the tool.',
    calls: [{ id, name, arguments: JSON.stringify(args) }],
  }),
});

let harness: AgentHarness | null = null;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await harness?.close();
  harness = null;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
const start = async (
  servers: Record<string, unknown>,
  rules: ScriptRule[],
  extra: Partial<AgentHarnessOptions> = {},
) =>
  (harness = await startAgentHarness({
    ...extra,
    rules: [answerToolResults('Told: '), ...rules],
    settings: {
      open_interpreter_code_mode: 'tools',
      mcp_servers: JSON.stringify({ mcpServers: servers }),
      ...extra.settings,
    },
  }));

const toolMessage = (request: { messages?: Array<Record<string, unknown>> } | undefined) =>
  request?.messages?.find((m) => m.role === 'tool') as { content: string; tool_call_id: string } | undefined;
const finalAnswer = (h: AgentHarness): ChatMessage | undefined =>
  h.messages().findLast((m) => m.role === 'assistant' && m.type === 'message');

describe('the agent with MCP servers (server-everything over stdio)', () => {
  it("offers the server's tools next to execute, runs echo after approval and sends the result back", async () => {
    const h = await start({ everything: everythingServer() }, [
      calls('echo', 'everything__echo', { message: 'hi from the model' }),
    ]);
    h.send('Please echo something');
    const approval = await h.nextApproval();
    expect(approval).toMatchObject({
      language: 'tool',
      tool: { server: 'everything', tool: 'echo', name: 'everything__echo' },
    });
    expect(JSON.parse(approval.code)).toEqual({ message: 'hi from the model' });
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' });
    await h.idle();

    const [first, second] = h.requests();
    const names = (first?.tools as Array<{ function: { name: string } }>).map((t) => t.function.name);
    expect(names[0]).toBe('execute');
    expect(names).toEqual(
      expect.arrayContaining(['everything__echo', 'everything__get-sum', 'everything__get-tiny-image']),
    );
    expect(String(first?.messages?.[0]?.content)).toContain('<server>__<tool>');
    const assistant = second?.messages?.find((m) => (m as Record<string, unknown>).tool_calls) as Record<
      string,
      unknown
    >;
    expect(assistant.tool_calls).toEqual([
      {
        id: 'call_everything__echo',
        type: 'function',
        function: { name: 'everything__echo', arguments: '{"message":"hi from the model"}' },
      },
    ]);
    expect(toolMessage(second)).toMatchObject({
      tool_call_id: 'call_everything__echo',
      content: expect.stringContaining('Echo: hi from the model'),
    });
    const call = h.messages().find((m) => m.meta.tool);
    expect(call?.meta.status).toBe('done');
    expect(h.messages().find((m) => m.format === 'tool_result')?.content).toBe('Echo: hi from the model');
    expect(finalAnswer(h)?.content).toContain('Echo: hi from the model');
  });

  it('runs edited arguments (get-sum), shows an image result, and tells the model about an error', async () => {
    const h = await start({ everything: everythingServer() }, [
      calls('add', 'everything__get-sum', { a: 1, b: 1 }),
      calls('picture', 'everything__get-tiny-image', {}),
      calls('broken', 'everything__get-sum', { a: 'one', b: 2 }),
    ]);
    h.send('add two numbers');
    let approval = await h.nextApproval();
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run', code: '{"a": 2, "b": 40}' });
    await h.idle();
    expect(toolMessage(h.requests()[1])?.content).toContain('The sum of 2 and 40 is 42.');
    expect(toolMessage(h.requests()[1])?.content).toContain('I edited the arguments');

    h.send('show me a picture');
    approval = await h.nextApproval();
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' });
    await h.idle();
    const image = h.messages().find((m) => m.type === 'image');
    // The PNG signature, base64-encoded: the server's bytes reach the chat unchanged.
    expect(image).toMatchObject({
      role: 'computer',
      format: 'base64.png',
      content: expect.stringMatching(/^iVBORw0KGgo/),
    });
    expect(toolMessage(h.requests()[3])?.content).toContain('returned an image, which is shown to the user');

    h.send('a broken call');
    approval = await h.nextApproval();
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' });
    await h.idle();
    const told = toolMessage(h.requests()[5])?.content ?? '';
    expect(told).toContain('The tool reported an error');
    expect(told).toMatch(/expected number/i);
    expect(h.messages().findLast((m) => m.format === 'tool_result')?.meta.tool_error).toBe(true);
  });

  it('runs without asking when the tool is "Always allow" in the window, but not for a turn from the local API', async () => {
    const h = await start(
      { everything: everythingServer() },
      [calls('echo', 'everything__echo', { message: 'allowed' })],
      {
        settings: { mcp_always_allow: ['everything__echo'], api_approval_timeout_seconds: 1 },
      },
    );
    h.send('echo please');
    await h.idle();
    expect(h.events.some((e) => e.type === 'approval.request')).toBe(false);
    expect(finalAnswer(h)?.content).toContain('Echo: allowed');

    const turnStart = h.events.length;
    h.agent.send(h.sessionId, 'echo over the api', { origin: 'api' });
    await h.nextApproval();
    await waitFor(() =>
      h.events.slice(turnStart).some((e) => e.type === 'turn.status' && e.status.state === 'idle'),
    );
    expect(h.messages().findLast((m) => m.meta.tool)?.meta.status).toBe('skipped');
  });

  it('keeps chatting when a server cannot start: its tools are simply not offered', async () => {
    const h = await start(
      { silent: stubbornServer(), missing: { command: 'switchboard-no-such-command-xyz' } },
      [{ reply: 'Plain answer.' }],
      { mcpConnectTimeoutMs: 1000 },
    );
    h.send('hello');
    await h.idle();
    expect(finalAnswer(h)?.content).toBe('Plain answer.');
    expect(
      (h.requests()[0]?.tools as Array<{ function: { name: string } }>).map((t) => t.function.name),
    ).toEqual(['execute']);
    expect(h.mcp.servers().map((s) => s.state)).toEqual(['error', 'error']);
    // The next turn does not try the broken servers again (Restart in Settings → Tools does).
    h.send('hello again');
    await h.idle();
    const silentStates = h.events.flatMap((e) =>
      e.type === 'tools.status' ? [e.servers.find((s) => s.name === 'silent')?.state] : [],
    );
    const starts = silentStates.filter(
      (state, i) => state === 'starting' && silentStates[i - 1] !== 'starting',
    );
    expect(starts).toHaveLength(1);
  });
});

describe('the agent with server-filesystem limited to a temporary folder', () => {
  it('reads a file after approval; Skip tells the model it was declined', async () => {
    const folder = await tempDir('switchboard-mcp-fs-');
    cleanups.push(folder.cleanup);
    await mkdir(join(folder.path, 'notes'));
    const file = join(folder.path, 'notes', 'plan.txt');
    await writeFile(file, 'step one: write tests\n');
    const h = await start({ files: filesystemServer(folder.path) }, [
      calls('read', 'files__read_text_file', { path: file }),
      calls('other file', 'files__read_text_file', { path: '/etc/hostname' }, 'call_outside'),
    ]);
    h.send('read my plan');
    let approval = await h.nextApproval();
    expect(approval.tool).toMatchObject({ server: 'files', tool: 'read_text_file' });
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' });
    await h.idle();
    expect(toolMessage(h.requests()[1])?.content).toContain('step one: write tests');
    expect(finalAnswer(h)?.content).toContain('step one: write tests');

    h.send('try the other file');
    approval = await h.nextApproval();
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'skip' });
    await h.idle();
    expect(h.requests()).toHaveLength(3);
    expect(h.messages().findLast((m) => m.meta.tool)?.meta.status).toBe('skipped');
    // The next request carries the decline as the call's tool result.
    h.upstream.setRules([{ reply: 'Understood.' }]);
    h.send('ok');
    await h.idle();
    const history = h.requests()[3]?.messages ?? [];
    expect(JSON.stringify(history)).toContain('I have declined this tool call');
  });
});

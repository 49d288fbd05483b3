import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolRef } from '../../../src-shared/lmc';
import { EXECUTE_TOOL } from '../agent/prompt';
import type { McpManager } from './mcp/manager';

/** A tool in the OpenAI chat-completions `tools` format. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** The tools of one model request: their definitions (`execute` first) and a lookup by name. */
export interface OfferedTools {
  definitions: ReadonlyArray<ToolDefinition | typeof EXECUTE_TOOL>;
  /** The MCP tool the model called by `name`; null for `execute` and unknown names. */
  find(name: string): ToolRef | null;
}

/** Only `execute`: no MCP servers, or none connected. */
export const EXECUTE_ONLY: OfferedTools = { definitions: [EXECUTE_TOOL], find: () => null };

/**
 * The tools the agent offers the model: `execute` (code, run in the session's kernels) and
 * the tools of every connected MCP server, named `<server>__<tool>`. The turn loop asks it what
 * to offer, which tool a call names, and to call it; which calls may run without asking is the
 * approval policy's business (agent/approval-policy.ts), the same for both kinds.
 */
export class ToolRegistry {
  constructor(private readonly mcp: McpManager | null) {}

  /**
   * The tools for the next request. The first request that asks starts the enabled MCP
   * servers and waits until each connected or failed (a failed server is left out, and its
   * reason shows in Settings → Tools); later requests find them running.
   */
  async offer(): Promise<OfferedTools> {
    if (!this.mcp) return EXECUTE_ONLY;
    await this.mcp.startAll();
    const listed = this.mcp.tools();
    if (listed.length === 0) return EXECUTE_ONLY;
    const byName = new Map<string, ToolRef>();
    const definitions: ToolDefinition[] = [];
    for (const { name, server, tool } of listed) {
      if (byName.has(name)) continue;
      byName.set(name, { server, tool: tool.name, name });
      const { $schema: _schema, ...parameters } = tool.inputSchema as Record<string, unknown>;
      definitions.push({
        type: 'function',
        function: {
          name,
          description:
            `${tool.description ?? tool.title ?? tool.name} (tool "${tool.name}" of the MCP server "${server}")`.slice(
              0,
              1024,
            ),
          parameters: { ...parameters, type: 'object' },
        },
      });
    }
    return { definitions: [EXECUTE_TOOL, ...definitions], find: (name) => byName.get(name) ?? null };
  }

  /**
   * Calls the tool `ref` with `args` on its server (starting it if needed), stopping at
   * `signal` or after `timeoutMs` without progress. Throws AppError `mcp_server_not_found`, or
   * the SDK's errors (timeout, connection closed); a tool that failed answers `isError: true`.
   */
  async call(
    ref: ToolRef,
    args: Record<string, unknown>,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<CallToolResult> {
    if (!this.mcp) throw new Error('No MCP servers are configured.');
    return this.mcp.connection(ref.server).call(ref.tool, args, signal, timeoutMs);
  }
}

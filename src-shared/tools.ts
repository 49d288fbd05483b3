import { z } from 'zod';

/** One tool of an MCP server, as Settings → Tools lists it. */
export const toolViewSchema = z.object({
  /** The tool's own name on its server. */
  tool: z.string(),
  /** The name the model calls: `<server>__<tool>`, cut to the providers' `^[a-zA-Z0-9_-]{1,64}$`. */
  name: z.string(),
  description: z.string(),
});
export type ToolView = z.infer<typeof toolViewSchema>;

/**
 * Where one configured MCP server stands: `stopped` (not needed yet: servers start on the first
 * chat that needs them), `starting`, `connected` (with its tools), `error` (with the reason, in
 * the server's own words where it gave any, and the end of what it wrote to stderr), or
 * `disabled` in the JSON.
 */
export const mcpServerViewSchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  /** `command args…` or the URL, for the list. */
  target: z.string(),
  enabled: z.boolean(),
  state: z.enum(['stopped', 'starting', 'connected', 'error', 'disabled']),
  /** Why it failed (state `error`), or when it restarts after a crash. */
  message: z.string().optional(),
  /** The last lines the server wrote to stderr (stdio servers), at most a few KB. */
  stderr: z.string().optional(),
  tools: z.array(toolViewSchema),
});
export type McpServerView = z.infer<typeof mcpServerViewSchema>;

export const mcpServerListSchema = z.object({ servers: z.array(mcpServerViewSchema) });

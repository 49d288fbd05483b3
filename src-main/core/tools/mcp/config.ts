import { createHash } from 'node:crypto';
import { z } from 'zod';

/** How Switchboard reaches a server: a child process over stdio, or Streamable HTTP. */
export type McpTransportConfig =
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { kind: 'http'; url: string; headers: Record<string, string> };

/** One entry of `mcpServers`, parsed. Secret values are still masked here (see secrets.ts). */
export interface McpServerConfig {
  /** The key in `mcpServers`. */
  name: string;
  /** `name` in the providers' tool-name alphabet, the prefix of its tools' names. */
  prefix: string;
  enabled: boolean;
  transport: McpTransportConfig;
}

const stringMap = z.record(z.string(), z.string({ error: 'values must be strings' }));

/** One server as Claude Desktop, Cursor and Cline write it; unknown fields are kept. */
export const serverEntrySchema = z
  .looseObject({
    type: z.enum(['stdio', 'http', 'streamable-http', 'streamableHttp', 'sse']).optional(),
    command: z.string().trim().min(1, { error: 'command must not be empty' }).optional(),
    args: z.array(z.string(), { error: 'args must be a list of strings' }).optional(),
    env: stringMap.optional(),
    cwd: z.string().optional(),
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).optional(),
    headers: stringMap.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((e) => (e.command === undefined) !== (e.url === undefined), {
    error: 'needs either "command" (stdio) or "url" (Streamable HTTP), not both',
  })
  .refine((e) => e.type !== 'sse', {
    error: "the old SSE transport is not supported; use the server's Streamable HTTP URL",
  });
export type ServerEntry = z.infer<typeof serverEntrySchema>;

/** The providers' tool-name alphabet and length (`^[a-zA-Z0-9_-]{1,64}$`, OpenAI's and Anthropic's). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** `text` in the tool-name alphabet: every other character becomes `_`. */
export function cleanName(text: string): string {
  const cleaned = text.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned === '' ? '_' : cleaned;
}

/**
 * The name the model calls for `tool` of `server`: `<server>__<tool>` in the providers'
 * alphabet; longer than 64 characters, it is cut and ends in 8 hex characters of a hash of the
 * whole name, so two long names stay apart.
 */
export function toolName(server: string, tool: string): string {
  const full = `${cleanName(server)}__${cleanName(tool)}`;
  if (full.length <= 64) return full;
  const hash = createHash('sha256').update(`${server}\u0000${tool}`).digest('hex').slice(0, 8);
  return `${full.slice(0, 55)}_${hash}`;
}

/**
 * Reads the `mcp_servers` setting: `{"mcpServers": {name: entry}}` (the format of Claude
 * Desktop and Cursor) or the bare `{name: entry}` map; empty text is no servers. Returns the
 * entries as written (for rewriting) and every problem, each naming its server.
 */
export function parseMcpJson(text: string): { entries: Array<[string, ServerEntry]>; errors: string[] } {
  if (text.trim() === '') return { entries: [], errors: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { entries: [], errors: [`is not valid JSON: ${(error as Error).message}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { entries: [], errors: ['must be a JSON object: {"mcpServers": {"name": {...}}}'] };
  const map = 'mcpServers' in json ? (json as { mcpServers: unknown }).mcpServers : json;
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    return { entries: [], errors: ['"mcpServers" must be an object of servers by name'] };
  const entries: Array<[string, ServerEntry]> = [];
  const errors: string[] = [];
  const prefixes = new Map<string, string>();
  for (const [name, value] of Object.entries(map)) {
    if (name.trim() === '') {
      errors.push('a server has an empty name');
      continue;
    }
    const parsed = serverEntrySchema.safeParse(value);
    if (!parsed.success) {
      errors.push(
        `server "${name}": ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')} ` : '') + i.message).join('; ')}`,
      );
      continue;
    }
    const prefix = cleanName(name);
    const clash = prefixes.get(prefix);
    if (clash !== undefined) {
      errors.push(
        `servers "${clash}" and "${name}" give their tools the same names (${prefix}__…); rename one`,
      );
      continue;
    }
    prefixes.set(prefix, name);
    entries.push([name, parsed.data]);
  }
  return { entries, errors };
}

/** The parsed entry as Switchboard runs it. */
export function toServerConfig(name: string, entry: ServerEntry): McpServerConfig {
  const transport: McpTransportConfig =
    entry.command !== undefined
      ? {
          kind: 'stdio',
          command: entry.command,
          args: entry.args ?? [],
          env: entry.env ?? {},
          ...(entry.cwd ? { cwd: entry.cwd } : {}),
        }
      : { kind: 'http', url: entry.url ?? '', headers: entry.headers ?? {} };
  return { name, prefix: cleanName(name), enabled: entry.disabled !== true, transport };
}

/** Every server of the `mcp_servers` setting (an unreadable setting is no servers; saving validated it). */
export function readServers(text: string): McpServerConfig[] {
  return parseMcpJson(text).entries.map(([name, entry]) => toServerConfig(name, entry));
}

/** The `mcp_servers` text for `entries`, in the `{"mcpServers": …}` form, two-space indented. */
export function serializeMcpJson(entries: Array<[string, ServerEntry]>): string {
  return `${JSON.stringify({ mcpServers: Object.fromEntries(entries) }, null, 2)}\n`;
}

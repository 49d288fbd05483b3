import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonProblem } from '../../../../src-shared/json-problems';
import { englishProblem, PROBLEM_WORDS, problemOfIssue } from '../../settings/json-problems';

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

const W = PROBLEM_WORDS;
const stringMap = z.record(z.string(), z.string({ error: W.not_string_values }));

/** One server as Claude Desktop, Cursor and Cline write it; unknown fields are kept. */
export const serverEntrySchema = z
  .looseObject({
    type: z.enum(['stdio', 'http', 'streamable-http', 'streamableHttp', 'sse']).optional(),
    command: z.string({ error: W.not_string }).trim().min(1, { error: W.empty }).optional(),
    args: z.array(z.string(), { error: W.not_string_list }).optional(),
    env: stringMap.optional(),
    cwd: z.string({ error: W.not_string }).optional(),
    url: z.url({ protocol: /^https?$/, error: W.not_http_url }).optional(),
    headers: stringMap.optional(),
    disabled: z.boolean({ error: W.not_boolean }).optional(),
  })
  .refine((e) => (e.command === undefined) !== (e.url === undefined), { error: W.command_or_url })
  .refine((e) => e.type !== 'sse', { error: W.sse_unsupported });
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
 * entries as written (for rewriting) and every problem, each naming its server (`problems`, as
 * codes; `errors`, the same in English).
 */
export function parseMcpJson(text: string): {
  entries: Array<[string, ServerEntry]>;
  errors: string[];
  problems: JsonProblem[];
} {
  const problems: JsonProblem[] = [];
  const entries: Array<[string, ServerEntry]> = [];
  const done = () => ({ entries, problems, errors: problems.map(englishProblem) });
  if (text.trim() === '') return done();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push({ code: 'not_json', params: { detail: (error as Error).message } });
    return done();
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push({ code: 'not_mcp_object' });
    return done();
  }
  const map = 'mcpServers' in json ? (json as { mcpServers: unknown }).mcpServers : json;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    problems.push({ code: 'servers_not_object' });
    return done();
  }
  const prefixes = new Map<string, string>();
  for (const [name, value] of Object.entries(map)) {
    if (name.trim() === '') {
      problems.push({ code: 'empty_server_name' });
      continue;
    }
    const parsed = serverEntrySchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ server: name, ...problemOfIssue(issue) });
      continue;
    }
    const prefix = cleanName(name);
    const clash = prefixes.get(prefix);
    if (clash !== undefined) {
      problems.push({ server: name, code: 'name_clash', params: { other: clash, prefix } });
      continue;
    }
    prefixes.set(prefix, name);
    entries.push([name, parsed.data]);
  }
  return done();
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

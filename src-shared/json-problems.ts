import { z } from 'zod';

/**
 * Why a JSON setting (`open_interpreter_provider_registry`, `mcp_servers`) was refused, one
 * problem at a time, as stable codes the window words in its language. The core words the same
 * problems in English for API callers and logs (`englishProblem`).
 *
 * Codes and their params: `not_json` {detail}, `not_array`, `entry_not_object`,
 * `unknown_fields` {fields}, `required`, `not_string`, `bad_id`, `not_http_url`, `empty`,
 * `not_key_list`, `not_boolean`, `not_one_of` {values}, `not_string_values`,
 * `not_string_object`, `not_whole_number`, `too_small` {min}, `id_taken`, `not_mcp_object`,
 * `servers_not_object`, `empty_server_name`, `not_string_list`, `command_or_url`,
 * `sse_unsupported`, `name_clash` {other, prefix}; `invalid` {detail} when there is no closer
 * code (detail: the English words).
 */
export const JSON_PROBLEM_CODES = [
  'invalid',
  'not_json',
  'not_array',
  'entry_not_object',
  'unknown_fields',
  'required',
  'not_string',
  'bad_id',
  'not_http_url',
  'empty',
  'not_key_list',
  'not_boolean',
  'not_one_of',
  'not_string_values',
  'not_string_object',
  'not_whole_number',
  'too_small',
  'id_taken',
  'not_mcp_object',
  'servers_not_object',
  'empty_server_name',
  'not_string_list',
  'command_or_url',
  'sse_unsupported',
  'name_clash',
] as const;
export type JsonProblemCode = (typeof JSON_PROBLEM_CODES)[number];

export const jsonProblemSchema = z.object({
  /** A registry entry (1-based `entry`, its `id` when valid) or an MCP server (`server`: its name). */
  entry: z.number().int().optional(),
  id: z.string().optional(),
  server: z.string().optional(),
  /** The field of the entry or server at fault (`api_base`, `args`, …). */
  field: z.string().optional(),
  code: z.enum(JSON_PROBLEM_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
/** One problem of a JSON setting; see JSON_PROBLEM_CODES. */
export type JsonProblem = z.infer<typeof jsonProblemSchema>;

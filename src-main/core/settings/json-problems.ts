import type { z } from 'zod';
import type { JsonProblem, JsonProblemCode } from '../../../src-shared/json-problems';
import { AppError } from '../errors';

type Params = NonNullable<JsonProblem['params']>;

/** The English words of each fixed-text problem; the schemas use these as their zod messages. */
export const PROBLEM_WORDS = {
  not_array: 'must be a JSON array of entries',
  entry_not_object: 'must be an object with `id`, `api_base` and `model`',
  required: 'is required',
  not_string: 'must be a string',
  bad_id: 'must be 1–64 letters, digits, "-", "_" or "."',
  not_http_url: 'must be an http(s) URL',
  empty: 'must not be empty',
  not_key_list: 'must be a list of keys or one string',
  not_boolean: 'must be true or false',
  not_string_values: 'values must be strings',
  not_string_object: 'must be an object of strings',
  not_whole_number: 'must be a whole number',
  id_taken: 'is used by an earlier entry',
  not_mcp_object: 'must be a JSON object: {"mcpServers": {"name": {...}}}',
  servers_not_object: '"mcpServers" must be an object of servers by name',
  empty_server_name: 'a server has an empty name',
  not_string_list: 'must be a list of strings',
  command_or_url: 'needs either "command" (stdio) or "url" (Streamable HTTP), not both',
  sse_unsupported: "the old SSE transport is not supported; use the server's Streamable HTTP URL",
} as const satisfies Partial<Record<JsonProblemCode, string>>;

const CODE_OF_WORDS = new Map<string, JsonProblemCode>(
  Object.entries(PROBLEM_WORDS).map(([code, words]) => [words, code as JsonProblemCode]),
);

/** English words for one problem, with where it is: "entry 2 (`gemini-a`): `api_base` must be an http(s) URL". */
export function englishProblem(problem: JsonProblem): string {
  const p: Params = problem.params ?? {};
  const words = wordsOf(problem.code, p);
  const field = problem.field === undefined ? '' : `\`${problem.field}\` `;
  const where =
    problem.entry !== undefined
      ? `entry ${problem.entry}${problem.id === undefined ? '' : ` (\`${problem.id}\`)`}: `
      : problem.server !== undefined
        ? `server "${problem.server}": `
        : '';
  return `${where}${field}${words}`;
}

function wordsOf(code: JsonProblemCode, p: Params): string {
  switch (code) {
    case 'invalid':
      return String(p.detail ?? 'is not valid');
    case 'not_json':
      return `is not valid JSON (${String(p.detail)})`;
    case 'unknown_fields':
      return `unknown field${Number(p.count) > 1 ? 's' : ''} ${String(p.fields)}`;
    case 'not_one_of':
      return `must be one of ${String(p.values)}`;
    case 'too_small':
      return `must be ${String(p.min)} or more`;
    case 'name_clash':
      return `gives its tools the same names as server "${String(p.other)}" (${String(p.prefix)}__…); rename one`;
    default:
      return PROBLEM_WORDS[code];
  }
}

/**
 * One zod issue of an entry or server as a problem (without its location): the issue's kind
 * where zod names it (a value outside a list, a number too small), else the code whose words the
 * schema gave, else `invalid` with zod's words.
 */
export function problemOfIssue(issue: z.core.$ZodIssue): Pick<JsonProblem, 'field' | 'code' | 'params'> {
  // The entry's own field is enough to find the fault (`headers`, not the header's name).
  const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
  const at = field === undefined ? {} : { field };
  if (issue.code === 'unrecognized_keys') {
    return {
      code: 'unknown_fields',
      params: { fields: issue.keys.map((k) => `\`${k}\``).join(', '), count: issue.keys.length },
    };
  }
  if (issue.code === 'invalid_value')
    return { ...at, code: 'not_one_of', params: { values: issue.values.map(String).join(', ') } };
  if (issue.code === 'too_small' && issue.origin === 'number')
    return { ...at, code: 'too_small', params: { min: Number(issue.minimum) } };
  const code = CODE_OF_WORDS.get(issue.message);
  return code ? { ...at, code } : { ...at, code: 'invalid', params: { detail: issue.message } };
}

/** AppError `settings_invalid` for a refused JSON setting: English words per problem, one per line, and the problems as codes. */
export function jsonSettingInvalid(setting: string, problems: JsonProblem[]): AppError {
  const message = problems.map(englishProblem).join('\n');
  return new AppError('settings_invalid', message, {
    fields: { [setting]: message },
    fieldIssues: { [setting]: { code: 'json_problems', problems } },
  });
}

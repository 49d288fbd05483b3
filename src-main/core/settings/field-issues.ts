import type { z } from 'zod';
import { FIELD_ISSUE_CODES, type FieldIssue, type FieldIssueCode } from '../../../src-shared/errors';
import { AppError } from '../errors';

/** One refused field: English words for API callers and logs, and the code the window words. */
export interface FieldRefusal {
  message: string;
  issue: FieldIssue;
}

/**
 * Why zod refused a setting's value: its message (the schema's English words) and a stable code
 * with the numbers the words need. Every number setting is a whole number, so any wrong number
 * is `not_whole_number`. A refinement names its code in `params.code`.
 */
export function refusalOf(error: z.ZodError): FieldRefusal {
  const issue = error.issues[0];
  if (!issue) return { message: 'is not valid', issue: { code: 'invalid' } };
  if (issue.code === 'invalid_value') {
    const values = issue.values.map(String).join(', ');
    return { message: `must be one of: ${values}`, issue: { code: 'not_one_of', params: { values } } };
  }
  return { message: issue.message, issue: codeOf(issue) };
}

function codeOf(issue: z.core.$ZodIssue): FieldIssue {
  switch (issue.code) {
    case 'invalid_type': {
      const byType: Record<string, FieldIssueCode> = {
        int: 'not_whole_number',
        number: 'not_whole_number',
        boolean: 'not_boolean',
        string: 'not_text',
        array: 'not_list',
      };
      return { code: byType[issue.expected] ?? 'invalid' };
    }
    case 'too_small':
      return issue.origin === 'number'
        ? { code: 'too_small', params: { min: Number(issue.minimum) } }
        : { code: 'invalid' };
    case 'too_big': {
      const max = Number(issue.maximum);
      // An item of a list that is too long is still "too long" (a tool name in mcp_always_allow).
      if (issue.origin === 'number') return { code: 'too_big', params: { max } };
      if (issue.origin === 'array') return { code: 'too_many', params: { max } };
      return { code: 'too_long', params: { max } };
    }
    case 'custom': {
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      return {
        code: FIELD_ISSUE_CODES.includes(code as FieldIssueCode) ? (code as FieldIssueCode) : 'invalid',
      };
    }
    default:
      return { code: 'invalid' };
  }
}

/**
 * AppError `settings_invalid` for refused fields: the message names each (`Not saved: api_port
 * must be at least 1024.`), `fields` has each one's English words and `fieldIssues` its code.
 */
export function settingsInvalid(refusals: Record<string, FieldRefusal | string>): AppError {
  const fields: Record<string, string> = {};
  const fieldIssues: Record<string, FieldIssue> = {};
  for (const [name, refusal] of Object.entries(refusals)) {
    fields[name] = typeof refusal === 'string' ? refusal : refusal.message;
    if (typeof refusal !== 'string') fieldIssues[name] = refusal.issue;
  }
  const names = Object.keys(fields);
  return new AppError('settings_invalid', `Not saved: ${names.map((n) => `${n} ${fields[n]}`).join('; ')}.`, {
    fields,
    ...(Object.keys(fieldIssues).length > 0 ? { fieldIssues } : {}),
  });
}

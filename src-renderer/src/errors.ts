import type { ErrorData } from '../../src-shared/errors';
import type { JsonProblem } from '../../src-shared/json-problems';
import { t } from './i18n';
import { en } from './i18n/en';

/** Codes the renderer words itself (in the interface language); other codes show the server's message. */
const WORDED = new Set<string>(Object.keys(en.errors));

/** Words for an error: the server's message (it names the cause), prefixed by what the code means. */
export function describeError(error: unknown): string {
  const data = error as Partial<ErrorData>;
  if (typeof data?.message !== 'string') return t('app.somethingWrong');
  const words =
    data.code && WORDED.has(data.code) ? t(`errors.${data.code as keyof typeof en.errors}`) : undefined;
  return words && !data.message.includes(words) ? `${words} ${data.message}` : data.message;
}

/**
 * The words for each refused field of a form error (`settings_invalid`), keyed by setting name:
 * a field with a code is worded in the interface language; one without (a JSON setting's
 * detailed refusal) keeps the core's English words, which name the part of the JSON at fault.
 */
export function fieldErrorWords(error: unknown): Record<string, string> {
  const data = error as Partial<ErrorData>;
  const words: Record<string, string> = { ...data?.fields };
  for (const [name, issue] of Object.entries(data?.fieldIssues ?? {})) {
    if (issue.code === 'invalid' && words[name]) continue;
    words[name] =
      issue.code === 'json_problems'
        ? (issue.problems ?? []).map(jsonProblemWords).join('\n')
        : t(`fieldErrors.${issue.code}`, issue.params ?? {});
  }
  return words;
}

/** One problem of a JSON setting in the interface language, with the entry or server and the field it is about. */
export function jsonProblemWords(problem: JsonProblem): string {
  const where =
    problem.entry !== undefined
      ? problem.id === undefined
        ? t('jsonProblems.atEntry', { entry: problem.entry })
        : t('jsonProblems.atEntryWithId', { entry: problem.entry, id: problem.id })
      : problem.server !== undefined
        ? t('jsonProblems.atServer', { server: problem.server })
        : '';
  const field = problem.field === undefined ? '' : t('jsonProblems.field', { field: problem.field });
  return `${where}${field}${t(`jsonProblems.${problem.code}`, problem.params ?? {})}`;
}

import type { ErrorData } from '../../src-shared/errors';
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

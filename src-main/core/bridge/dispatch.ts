import { contract, type MethodName, type MethodOutput, type ParsedInput } from '../../../src-shared/contract';
import type { Envelope } from '../../../src-shared/errors';
import { AppError, toErrorData } from '../errors';

/** One handler per contract method; a missing one fails to compile. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

/** Calls a method by name with unchecked input (from IPC or HTTP); always answers an envelope. */
export type Dispatch = (method: string, input: unknown) => Promise<Envelope<unknown>>;

/**
 * Binds the contract to its handlers: validates the input with the method's zod schema, runs
 * the handler, and turns any error into `{code, message}` data (AppError codes kept; anything
 * else becomes `internal_error` and is passed to `onUnexpected` for the log).
 */
export function createDispatch(handlers: Handlers, onUnexpected: (method: string, error: unknown) => void): Dispatch {
  return async (method, input) => {
    if (!Object.hasOwn(contract, method)) {
      return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${method}.` } };
    }
    const name = method as MethodName;
    const parsed = contract[name].input.safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join('.') || 'input'] ??= issue.message;
      const error = new AppError(name === 'settings.update' ? 'settings_invalid' : 'invalid_input', `Invalid input for ${name}: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}`, { fields });
      return { ok: false, error: toErrorData(error) };
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown> | unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      if (!(error instanceof AppError)) onUnexpected(name, error);
      return { ok: false, error: toErrorData(error) };
    }
  };
}

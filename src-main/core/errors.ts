import type { ErrorCode, ErrorData, FieldIssue } from '../../src-shared/errors';

/**
 * The one error type services throw. `code` is stable and crosses every boundary;
 * `message` is for people. Anything else thrown is reported as `internal_error`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly fieldIssues?: Record<string, FieldIssue>;
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: {
      fields?: Record<string, string>;
      fieldIssues?: Record<string, FieldIssue>;
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    if (extra.fields) this.fields = extra.fields;
    if (extra.fieldIssues) this.fieldIssues = extra.fieldIssues;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

/** Serialises any thrown value for a boundary; unknown errors keep no stack or internals. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof AppError) {
    const data: ErrorData = { code: error.code, message: error.message };
    if (error.fields) data.fields = error.fields;
    if (error.fieldIssues) data.fieldIssues = error.fieldIssues;
    if (error.retryAfterMs !== undefined) data.retryAfterMs = error.retryAfterMs;
    return data;
  }
  if (isAbortError(error)) return { code: 'cancelled', message: 'Stopped.' };
  return {
    code: 'internal_error',
    message: 'Something went wrong inside Switchboard; details are in the log.',
  };
}

/** True for the errors an aborted AbortSignal produces (DOMException AbortError, undici's). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' ||
      (error as { code?: unknown }).code === 'ABORT_ERR' ||
      (error instanceof AppError && error.code === 'cancelled'))
  );
}

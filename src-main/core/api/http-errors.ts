import type { ErrorCode, ErrorData } from '../../../src-shared/errors';
import type { ApiErrorBody } from '../../../src-shared/http-api';
import { AppError, isAbortError } from '../errors';

/** Largest request body accepted, in bytes; larger ones are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * HTTP status of each error code the API can answer. Provider failures are the gateway's
 * statuses (502 bad gateway, 503 not configured, 504 timeout); provider rate limits stay 429 so
 * clients back off.
 */
const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  invalid_json: 400,
  invalid_message: 400,
  provider_bad_request: 400,
  context_too_long: 400,
  invalid_api_key: 401,
  forbidden_origin: 403,
  not_found: 404,
  session_not_found: 404,
  model_not_found: 404,
  approval_not_found: 404,
  method_not_allowed: 405,
  turn_in_progress: 409,
  request_too_large: 413,
  provider_request_too_large: 413,
  unsupported_media_type: 415,
  misdirected_request: 421,
  rate_limit_exceeded: 429,
  provider_rate_limited: 429,
  provider_quota_exhausted: 429,
  key_rejected: 502,
  provider_server_error: 502,
  provider_unreachable: 502,
  stream_interrupted: 502,
  all_targets_failed: 502,
  no_api_key: 503,
  provider_timeout: 504,
};

/** The HTTP status for an error code (500 for anything not listed). */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** OpenAI's error `type` for a status, so OpenAI clients classify our errors as they do theirs. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403 || status === 421) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The error body `{"error": {message, type, code}}` (+ `retry_after` in whole seconds when known). Never a stack. */
export function errorBody(data: Pick<ErrorData, 'code' | 'message' | 'retryAfterMs'>): ApiErrorBody {
  const body: ApiErrorBody = {
    error: { message: data.message, type: errorType(httpStatusOf(data.code)), code: data.code },
  };
  if (data.retryAfterMs !== undefined)
    body.error.retry_after = Math.max(1, Math.ceil(data.retryAfterMs / 1000));
  return body;
}

/** Maps anything thrown in a request to an error code: AppErrors keep theirs, Fastify's parser errors get 413/415/400. */
export function classify(error: unknown): { code: ErrorCode; message: string; retryAfterMs?: number } {
  if (error instanceof AppError)
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  if (isAbortError(error)) return { code: 'cancelled', message: 'Stopped.' };
  const fastifyCode = (error as { code?: unknown }).code;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { code: 'request_too_large', message: `Request bodies may be at most ${MAX_BODY_BYTES} bytes.` };
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { code: 'unsupported_media_type', message: 'Send request bodies as application/json.' };
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { code: 'invalid_input', message: 'The request could not be read.' };
  return {
    code: 'internal_error',
    message: 'Something went wrong inside Switchboard; details are in logs/server_err.log.',
  };
}

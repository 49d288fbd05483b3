import { z } from 'zod';

/**
 * Stable error codes that cross every boundary (IPC, HTTP bridge, local API). Services throw
 * them; the renderer maps them to words. Never rename one: callers match on them.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'internal_error',
  'settings_invalid',
  'secret_name_invalid',
  'secrets_unreadable',
  'secure_storage_unavailable',
  'session_not_found',
  'turn_in_progress',
  'approval_not_found',
  'no_api_key',
  'provider_rate_limited',
  'provider_quota_exhausted',
  'key_rejected',
  'model_not_found',
  'context_too_long',
  'provider_bad_request',
  'provider_server_error',
  'provider_timeout',
  'provider_unreachable',
  'stream_interrupted',
  'all_targets_failed',
  'cancelled',
  'interpreter_not_found',
  'key_not_found',
  // Agent
  'workspace_unavailable',
  // Local HTTP API.
  'invalid_api_key',
  'rate_limit_exceeded',
  'misdirected_request',
  'forbidden_origin',
  'not_found',
  'method_not_allowed',
  'request_too_large',
  'unsupported_media_type',
  'invalid_json',
  'invalid_message',
  'api_port_in_use',
  'api_token_required',
  'api_start_failed',
  // Tools (MCP)
  'mcp_server_not_found',
  // A provider refused a request as too large for the key's tier (Groq's 413 "Request too large … tokens per minute").
  'provider_request_too_large',
  // A second process on one data dir.
  'data_dir_in_use',
  // Conversations
  'import_invalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialised form of an error: what IPC, the HTTP bridge and the renderer see. */
export const errorDataSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Per-field messages for form errors (`settings_invalid`), keyed by setting name. */
  fields: z.record(z.string(), z.string()).optional(),
  /** For rate limits: how long the caller should wait, in ms. */
  retryAfterMs: z.number().optional(),
});
export type ErrorData = z.infer<typeof errorDataSchema>;

/** Every bridge call answers with this envelope, so an error's code survives IPC. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorData };

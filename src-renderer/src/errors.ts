import type { ErrorCode, ErrorData } from '../../src-shared/errors';

const WORDS: Partial<Record<ErrorCode, string>> = {
  no_api_key: 'No API key is saved for this provider.',
  key_rejected: 'The provider rejected the API key.',
  provider_rate_limited: 'The provider is rate limiting every key right now.',
  provider_quota_exhausted: 'The key is out of quota or credits.',
  provider_request_too_large: "The request is too large for the provider's limits on this key.",
  provider_unreachable: 'The provider could not be reached.',
  provider_timeout: 'The provider did not answer in time.',
  stream_interrupted: 'The reply was cut off.',
  secrets_unreadable: 'Saved keys could not be decrypted.',
  secure_storage_unavailable: 'Keys cannot be stored securely on this system.',
  turn_in_progress: 'This chat is still busy.',
  key_not_found: 'That key is no longer saved.',
  all_targets_failed: 'Every provider and key failed.',
};

/** Words for an error: the server's message (it names the cause), prefixed by what the code means. */
export function describeError(error: unknown): string {
  const data = error as Partial<ErrorData>;
  if (typeof data?.message !== 'string') return 'Something went wrong.';
  const words = data.code ? WORDS[data.code] : undefined;
  return words && !data.message.includes(words) ? `${words} ${data.message}` : data.message;
}

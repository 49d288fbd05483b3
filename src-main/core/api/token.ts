import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { INTERNAL_SECRET_PREFIX, type CredentialStore } from '../secrets/credential-store';
import { maskKey } from '../secrets/mask';

/** Where the local API's bearer token is kept: the encrypted credential store, hidden from the renderer. */
export const API_TOKEN_SECRET = `${INTERNAL_SECRET_PREFIX}local_api_token`;

/** A token shorter than this is refused for a bind beyond loopback (256-bit tokens are 46 characters). */
export const MIN_NETWORK_TOKEN_CHARS = 32;

/** A new bearer token: `sb-` and 256 random bits in base64url (46 characters). */
export function generateApiToken(): string {
  return `sb-${randomBytes(32).toString('base64url')}`;
}

/** The token in use and where it comes from. */
export interface ApiToken {
  value: string;
  source: 'stored' | 'environment';
}

/**
 * The local API's bearer token: `API_KEY` (serve's environment or flag) when given, else the
 * one in the credential store (`internal.local_api_token`), created on the first start.
 */
export class ApiTokenStore {
  constructor(
    private readonly credentials: CredentialStore,
    /** `API_KEY` from the environment or `.env`; wins over the stored token. */
    private readonly override: string | undefined,
  ) {}

  /** The token, or null when none exists yet. Throws `secrets_unreadable`. */
  current(): ApiToken | null {
    if (this.override) return { value: this.override, source: 'environment' };
    const stored = this.credentials.get(API_TOKEN_SECRET)[0];
    return stored ? { value: stored, source: 'stored' } : null;
  }

  /** The token, creating and storing one if none exists. */
  async ensure(): Promise<ApiToken> {
    const existing = this.current();
    if (existing) return existing;
    return this.regenerate();
  }

  /** Stores a new random token. Throws `invalid_input` when the token comes from `API_KEY`. */
  async regenerate(): Promise<ApiToken> {
    if (this.override)
      throw new AppError('invalid_input', 'The token is set by API_KEY for this run; change it there.');
    const value = generateApiToken();
    await this.credentials.set(API_TOKEN_SECRET, [value]);
    return { value, source: 'stored' };
  }
}

/** How the token is shown: `sb-…abcd`. */
export function maskToken(token: ApiToken | null): { masked: string; source: ApiToken['source'] } | null {
  return token ? { masked: maskKey(token.value), source: token.source } : null;
}

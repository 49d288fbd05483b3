import { hash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';

/** Compares two secrets in constant time (hashing first, so lengths do not leak). */
export function safeEqual(given: string, expected: string): boolean {
  const a = sha256(given);
  const b = sha256(expected);
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The exact `Host` header values accepted (a DNS-rebinding guard, the fix for Ollama's
 * CVE-2024-28224): `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, and for a non-loopback
 * bind the bound address — for 0.0.0.0 / :: each interface address — never a wildcard (Jan's
 * GHSA-x6p8-7cp8-c3p6).
 */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const addresses =
    bindHost === '0.0.0.0' || bindHost === '::'
      ? Object.values(networkInterfaces())
          .flat()
          .map((i) => i?.address)
          .filter((a): a is string => Boolean(a))
      : [bindHost];
  for (const address of addresses)
    hosts.add(address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
  return hosts;
}

/**
 * A browser request from another site: an `Origin` that is not this server's own
 * (`http://<Host>`), or `Sec-Fetch-Site: cross-site`. Requests without Origin (curl, scripts)
 * are not cross-site.
 */
export function isCrossSite(headers: {
  origin?: string | undefined;
  host?: string | undefined;
  'sec-fetch-site'?: string | string[] | undefined;
}): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = headers.origin;
  if (origin === undefined) return false;
  return origin !== `http://${headers.host ?? ''}`;
}

/**
 * The bearer token a request presents: `Authorization: Bearer <token>` (OpenAI clients, curl)
 * or `X-API-Key: <token>` (the seed's clients). Both go through the same constant-time check;
 * a token anywhere else (a query string, a cookie, another header) is not looked at.
 */
export function presentedToken(headers: {
  authorization?: string | undefined;
  'x-api-key'?: string | string[] | undefined;
}): string | undefined {
  const authorization = headers.authorization;
  if (
    typeof authorization === 'string' &&
    authorization.length > 7 &&
    authorization.slice(0, 7).toLowerCase() === 'bearer '
  ) {
    return authorization.slice(7).trim();
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/**
 * Checks presented tokens against one expected token in constant time. The expected token's
 * SHA-256 is computed once, so a check hashes only the presented value.
 */
export class TokenVerifier {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = sha256(token);
  }

  /** True when `given` is the token. */
  matches(given: string | undefined): boolean {
    if (given === undefined) return false;
    return timingSafeEqual(sha256(given), this.expected);
  }
}

/** SHA-256 of a string's UTF-8 bytes, one-shot (no Hash object per request: this runs on every API request). */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

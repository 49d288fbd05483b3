/**
 * Encrypts the credential store's contents. In Electron: safeStorage (async API); in `serve`
 * and tests: AES-256-GCM with a key file or `SWITCHBOARD_MASTER_KEY`.
 */
export interface Cipher {
  /** Words for the UI, e.g. "AES-256-GCM, key file master.key". */
  readonly description: string;
  encrypt(plaintext: string): Promise<Buffer>;
  /** Throws when the data was not made by this cipher with this key (wrong key, tampering). */
  decrypt(data: Buffer): Promise<string>;
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { AppError } from '../errors';
import { readIfExists, writeAtomic } from '../fs-util';
import type { Cipher } from './cipher';

const MAGIC = Buffer.from('SBK1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM (node:crypto) with a random 256-bit key. Layout: "SBK1" | iv (12) | tag (16) |
 * ciphertext. The key comes from `SWITCHBOARD_MASTER_KEY` (64 hex chars or base64 of 32 bytes)
 * or from a 0600 key file created on first use — never derived from hostname or MAC.
 */
export class KeyFileCipher implements Cipher {
  private constructor(
    private readonly key: Buffer,
    readonly description: string,
  ) {}

  /**
   * Loads the key from `masterKey` (if given) or `keyFile` (created when missing).
   * Throws AppError `secrets_unreadable` when the master key or key file is malformed.
   */
  static async open(options: { keyFile: string; masterKey?: string | undefined }): Promise<KeyFileCipher> {
    if (options.masterKey) {
      return new KeyFileCipher(parseKey(options.masterKey, 'SWITCHBOARD_MASTER_KEY'), 'AES-256-GCM, key from SWITCHBOARD_MASTER_KEY');
    }
    const existing = await readIfExists(options.keyFile);
    if (existing) {
      await chmod(options.keyFile, 0o600).catch(() => undefined);
      return new KeyFileCipher(parseKey(existing.toString('utf8').trim(), options.keyFile), `AES-256-GCM, key file ${options.keyFile}`);
    }
    const key = randomBytes(32);
    await writeAtomic(options.keyFile, `${key.toString('hex')}\n`, 0o600);
    return new KeyFileCipher(key, `AES-256-GCM, key file ${options.keyFile}`);
  }

  /** A cipher over a given 32-byte key (tests, benchmarks). */
  static fromKey(key: Buffer): KeyFileCipher {
    if (key.length !== 32) throw new Error('AES-256 needs a 32-byte key');
    return new KeyFileCipher(key, 'AES-256-GCM');
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  }

  async decrypt(data: Buffer): Promise<string> {
    if (data.length < MAGIC.length + IV_BYTES + TAG_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new Error('not an AES-256-GCM secrets file');
    }
    const iv = data.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
    const tag = data.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new AppError('secrets_unreadable', `${source} must hold a 256-bit key: 64 hex characters or base64 of 32 bytes.`);
  }
  return key;
}

import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { CredentialStore } from './credential-store';
import { KeyFileCipher } from './key-file-cipher';
import { maskKey, splitKeyList } from './mask';

describe('KeyFileCipher', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.cleanup());

  it('round-trips and creates a 0600 key file', async () => {
    const keyFile = join(dir.path, 'master.key');
    const cipher = await KeyFileCipher.open({ keyFile });
    const sealed = await cipher.encrypt('gsk_secret_value');
    expect(sealed.toString('utf8')).not.toContain('gsk_secret_value');
    expect(await cipher.decrypt(sealed)).toBe('gsk_secret_value');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    // Reopening uses the same key.
    expect(await (await KeyFileCipher.open({ keyFile })).decrypt(sealed)).toBe('gsk_secret_value');
  });

  it('uses SWITCHBOARD_MASTER_KEY (hex or base64) instead of a key file', async () => {
    const key = randomBytes(32);
    const fromHex = await KeyFileCipher.open({ keyFile: join(dir.path, 'unused.key'), masterKey: key.toString('hex') });
    const fromBase64 = await KeyFileCipher.open({ keyFile: join(dir.path, 'unused.key'), masterKey: key.toString('base64') });
    expect(await fromBase64.decrypt(await fromHex.encrypt('x'))).toBe('x');
    expect(await readdir(dir.path)).toEqual([]);
    await expect(KeyFileCipher.open({ keyFile: join(dir.path, 'k'), masterKey: 'too-short' })).rejects.toMatchObject({ code: 'secrets_unreadable' });
  });

  it('fails loudly with the wrong key or tampered data', async () => {
    const a = KeyFileCipher.fromKey(randomBytes(32));
    const b = KeyFileCipher.fromKey(randomBytes(32));
    const sealed = await a.encrypt('secret');
    await expect(b.decrypt(sealed)).rejects.toThrow();
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;
    await expect(a.decrypt(sealed)).rejects.toThrow();
  });
});

describe('CredentialStore', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir.path, 'secrets.enc');
  });
  afterEach(() => dir.cleanup());

  it('stores keys encrypted and shows them only masked', async () => {
    const cipher = KeyFileCipher.fromKey(randomBytes(32));
    const store = new CredentialStore(file, cipher);
    await store.load();
    await store.set('groq_api_key', ['gsk_abcdefghijklmnop1234']);
    await store.set('groq_api_keys', ['gsk_pool_one_aaaaaaaa1111\ngsk_pool_two_bbbbbbbb2222, gsk_pool_one_aaaaaaaa1111']);
    expect(store.list()).toEqual([
      { name: 'groq_api_key', masked: ['gsk_…1234'] },
      { name: 'groq_api_keys', masked: ['gsk_…1111', 'gsk_…2222'] },
    ]);
    const raw = await readFile(file);
    expect(raw.toString('latin1')).not.toContain('gsk_');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const reopened = new CredentialStore(file, cipher);
    await reopened.load();
    expect(reopened.get('groq_api_keys')).toEqual(['gsk_pool_one_aaaaaaaa1111', 'gsk_pool_two_bbbbbbbb2222']);
    await reopened.delete('groq_api_key');
    expect(reopened.get('groq_api_key')).toEqual([]);
  });

  it('with the wrong key reports secrets_unreadable and never overwrites the file', async () => {
    const store = new CredentialStore(file, KeyFileCipher.fromKey(randomBytes(32)));
    await store.load();
    await store.set('openai_api_key', ['sk-proj-abcdefghijklmnop']);
    const before = await readFile(file);

    const wrong = new CredentialStore(file, KeyFileCipher.fromKey(randomBytes(32)));
    await wrong.load();
    expect(() => wrong.list()).toThrow(expect.objectContaining({ code: 'secrets_unreadable' }));
    await expect(wrong.set('openai_api_key', ['other'])).rejects.toMatchObject({ code: 'secrets_unreadable' });
    expect(await readFile(file)).toEqual(before);
  });

  it('refuses a file that is not a secrets file rather than starting empty', async () => {
    await writeFile(file, 'garbage');
    const store = new CredentialStore(file, KeyFileCipher.fromKey(randomBytes(32)));
    await store.load();
    expect(() => store.get('groq_api_key')).toThrow(expect.objectContaining({ code: 'secrets_unreadable' }));
  });
});

describe('masking and key lists', () => {
  it('masks keys to a prefix and the last four characters', () => {
    expect(maskKey('gsk_1234567890abcdefABCD')).toBe('gsk_…ABCD');
    expect(maskKey('sk-proj-1234567890abcdwxyz')).toBe('sk-proj-…wxyz');
    expect(maskKey('AIzaSyD-1234567890abc9876')).toBe('AIza…9876');
    expect(maskKey('short')).toBe('…rt');
  });

  it('splits a pool on lines and commas, dropping blanks and duplicates', () => {
    expect(splitKeyList(' a1 \r\n\nb2, c3,,a1\n')).toEqual(['a1', 'b2', 'c3']);
  });
});

import { safeStorage } from 'electron';
import type { Cipher } from '../core/secrets/cipher';
import { AppError } from '../core/errors';

/**
 * Encrypts secrets.enc with Electron's safeStorage, through its async API
 * (`encryptStringAsync` / `decryptStringAsync`; the sync API is deprecated in Electron 45 and
 * removed in 46). Only usable after `app` is ready. On Linux, the `basic_text` backend uses a
 * fixed public password, so it is refused unless the person opted in
 * (`SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE=1`).
 */
export class SafeStorageCipher implements Cipher {
  readonly description: string;

  constructor(private readonly allowBasicText: boolean) {
    const backend =
      process.platform === 'linux'
        ? safeStorage.getSelectedStorageBackend()
        : process.platform === 'darwin'
          ? 'keychain'
          : 'dpapi';
    this.description = `Electron safeStorage (${backend})`;
    if (backend === 'basic_text') {
      console.warn(
        'Switchboard: no system keyring found; safeStorage would use a fixed, public password (basic_text).',
      );
    }
  }

  private async check(): Promise<void> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new AppError(
        'secure_storage_unavailable',
        'The system keyring is not available, so keys cannot be stored encrypted.',
      );
    }
    if (
      process.platform === 'linux' &&
      safeStorage.getSelectedStorageBackend() === 'basic_text' &&
      !this.allowBasicText
    ) {
      throw new AppError(
        'secure_storage_unavailable',
        'No system keyring (GNOME Keyring / KWallet) was found; Electron would protect keys with a public password. Install a keyring, or set SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE=1 to accept this.',
      );
    }
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    await this.check();
    return safeStorage.encryptStringAsync(plaintext);
  }

  async decrypt(data: Buffer): Promise<string> {
    await this.check();
    const { result } = await safeStorage.decryptStringAsync(data);
    return result;
  }
}

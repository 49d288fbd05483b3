import { z } from 'zod';
import { AppError } from '../errors';
import { readIfExists, writeAtomic } from '../fs-util';
import type { Cipher } from './cipher';
import { maskKey, splitKeyList } from './mask';
import type { SecretView } from '../../../src-shared/contract';

/**
 * Secrets under this prefix belong to Switchboard itself (the local API's bearer token) and are
 * left out of `list()`: the renderer neither sees nor manages them (the contract's secret names
 * cannot name them either).
 */
export const INTERNAL_SECRET_PREFIX = 'internal.';

const storeSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.array(z.string())) });

/**
 * Keys, encrypted at rest in `secrets.enc` through a Cipher. A secret is a name
 * (`groq_api_key`, `groq_api_keys`, `registry.<id>`) and a list of keys. Only masked views
 * leave this class towards the renderer.
 *
 * If `secrets.enc` exists but cannot be decrypted (wrong master key, another machine), every
 * call throws `secrets_unreadable` and the file is never overwritten, so nothing is lost.
 */
export class CredentialStore {
  private secrets: Record<string, string[]> = {};
  private unreadable: AppError | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  /** Reads and decrypts `secrets.enc`. A missing file is an empty store. */
  async load(): Promise<void> {
    const raw = await readIfExists(this.file);
    if (!raw) return;
    try {
      const parsed = storeSchema.parse(JSON.parse(await this.cipher.decrypt(raw)));
      this.secrets = parsed.secrets;
    } catch (cause) {
      this.unreadable = new AppError(
        'secrets_unreadable',
        `${this.file} could not be decrypted with this machine's key (${this.cipher.description}). It was left untouched; restore the right key or delete the file to start over.`,
        { cause },
      );
    }
  }

  /** The keys stored under `name` (empty when none). Throws `secrets_unreadable`. */
  get(name: string): string[] {
    this.assertReadable();
    return [...(this.secrets[name] ?? [])];
  }

  /** Masked views of every stored secret except internal ones, sorted by name. */
  list(): SecretView[] {
    this.assertReadable();
    return Object.keys(this.secrets)
      .filter((name) => !name.startsWith(INTERNAL_SECRET_PREFIX))
      .sort()
      .map((name) => ({ name, masked: (this.secrets[name] ?? []).map(maskKey) }));
  }

  /** Replaces the keys of `name` (split on newlines/commas, deduplicated); an empty list deletes it. */
  set(name: string, values: string[]): Promise<void> {
    const keys = splitKeyList(values.join('\n'));
    return this.mutate((secrets) => {
      if (keys.length === 0) delete secrets[name];
      else secrets[name] = keys;
    });
  }

  delete(name: string): Promise<void> {
    return this.mutate((secrets) => {
      delete secrets[name];
    });
  }

  /** Called after every saved change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private mutate(change: (secrets: Record<string, string[]>) => void): Promise<void> {
    const run = this.queue.then(async () => {
      this.assertReadable();
      const next = structuredClone(this.secrets);
      change(next);
      const payload = JSON.stringify({ version: 1, secrets: next } satisfies z.infer<typeof storeSchema>);
      await writeAtomic(this.file, await this.cipher.encrypt(payload), 0o600);
      this.secrets = next;
      for (const listener of this.listeners) listener();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertReadable(): void {
    if (this.unreadable) throw this.unreadable;
  }
}

import { copyFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type SettingName,
  type Settings,
} from '../../../src-shared/settings';
import { AppError } from '../errors';
import { readIfExists, writeAtomic } from '../fs-util';
import { refusalOf, settingsInvalid, type FieldRefusal } from './field-issues';

/**
 * A check that runs on save for one setting after its schema passed; it may rewrite the value
 * (the registry JSON loses its inline keys) and may do work that must happen before the
 * settings are written (store those keys). Throwing AppError `settings_invalid` refuses the save.
 */
export type SettingPreparer = (
  value: unknown,
  next: Settings,
) => Promise<{ value: unknown; commit?: () => Promise<void> }>;

export interface SettingsStoreOptions {
  /** `settings.json` in the data dir. `settings.json.bak` keeps the previous good version. */
  file: string;
  preparers?: Partial<Record<SettingName, SettingPreparer>>;
  /** Called for problems found while loading (corrupt file, dropped values). */
  warn?: (message: string) => void;
}

type Listener = (settings: Settings, previous: Settings) => void;

/**
 * Settings in `settings.json`, under the seed's names, validated by the shared zod schema.
 * Saves are atomic and all-or-nothing: a patch with any bad value writes nothing. A file that
 * does not parse is set aside (`settings.json.corrupt-<time>`) and the `.bak` copy is used.
 */
export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };
  private readonly listeners = new Set<Listener>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SettingsStoreOptions) {}

  /** Reads the file (falling back to `.bak`, then defaults). Call once before use. */
  async load(): Promise<Settings> {
    const { file } = this.options;
    const main = await this.readParsed(file);
    if (main.kind === 'ok') {
      this.current = main.settings;
    } else if (main.kind === 'corrupt') {
      const aside = `${file}.corrupt-${Date.now()}`;
      await rename(file, aside).catch(() => undefined);
      const backup = await this.readParsed(`${file}.bak`);
      this.current = backup.kind === 'ok' ? backup.settings : { ...DEFAULT_SETTINGS };
      this.options.warn?.(
        `settings.json could not be read; it was kept as ${aside} and ${backup.kind === 'ok' ? 'the backup' : 'defaults'} loaded.`,
      );
    }
    return this.get();
  }

  /** The current settings (a copy). */
  get(): Settings {
    return { ...this.current };
  }

  /**
   * Validates `patch` merged over the current settings and writes it atomically.
   * Throws AppError `settings_invalid` with `fields` (setting name → message); nothing is saved then.
   */
  update(patch: unknown): Promise<Settings> {
    const run = this.queue.then(() => this.applyUpdate(patch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Subscribes to saved changes; returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async applyUpdate(patch: unknown): Promise<Settings> {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw settingsInvalid({
        settings: { message: 'must be an object of settings', issue: { code: 'not_object' } },
      });
    const next: Settings = { ...this.current };
    const fields: Record<string, FieldRefusal | string> = {};
    const valid: SettingName[] = [];
    for (const [name, value] of Object.entries(patch)) {
      const schema = settingsSchema.shape[name as SettingName] as z.ZodType | undefined;
      if (!schema) {
        fields[name] = { message: 'is not a known setting', issue: { code: 'unknown_setting' } };
        continue;
      }
      const result = schema.safeParse(value);
      if (!result.success) {
        fields[name] = refusalOf(result.error);
        continue;
      }
      (next as Record<string, unknown>)[name] = result.data;
      valid.push(name as SettingName);
    }

    const commits: Array<() => Promise<void>> = [];
    const preparers = this.options.preparers ?? {};
    for (const name of valid) {
      const prepare = preparers[name];
      if (!prepare) continue;
      try {
        const prepared = await prepare(next[name], next);
        (next as Record<string, unknown>)[name] = prepared.value;
        if (prepared.commit) commits.push(prepared.commit);
      } catch (error) {
        if (error instanceof AppError && error.code === 'settings_invalid') {
          // A preparer's refusal carries its own codes where it has them; else its English words only.
          const words = error.fields ?? { [name]: error.message };
          for (const [field, message] of Object.entries(words)) {
            const issue = error.fieldIssues?.[field];
            fields[field] = issue ? { message, issue } : message;
          }
        } else throw error;
      }
    }
    if (Object.keys(fields).length > 0) throw settingsInvalid(fields);

    for (const commit of commits) await commit();
    const previous = this.current;
    const existing = await readIfExists(this.options.file);
    if (existing) await copyFile(this.options.file, `${this.options.file}.bak`);
    await writeAtomic(this.options.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    for (const listener of this.listeners) listener(this.get(), previous);
    return this.get();
  }

  private async readParsed(
    file: string,
  ): Promise<{ kind: 'ok'; settings: Settings } | { kind: 'missing' } | { kind: 'corrupt' }> {
    const raw = await readIfExists(file);
    if (!raw) return { kind: 'missing' };
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return { kind: 'corrupt' };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'corrupt' };
    // Keep every valid value; a single bad or unknown value falls back to its default.
    const settings: Settings = { ...DEFAULT_SETTINGS };
    for (const [name, value] of Object.entries(json)) {
      const field = settingsSchema.shape[name as SettingName] as z.ZodType | undefined;
      const result = field?.safeParse(value);
      if (result?.success) (settings as Record<string, unknown>)[name] = result.data;
      else this.options.warn?.(`settings.json: ignored ${field ? 'invalid' : 'unknown'} value for "${name}"`);
    }
    return { kind: 'ok', settings };
  }
}

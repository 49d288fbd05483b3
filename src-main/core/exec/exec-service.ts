import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors';
import { childEnvironment, resolveExecutable, type KernelEnvironmentPolicy } from './environment';
import { probeIsolation, type Isolation } from './isolation';
import { Kernel } from './kernel';
import { LANGUAGES } from './languages';
import type { BlockResult, ExecService, KernelLanguage, RunBlockOptions } from './types';

export { normalizeLanguage } from './languages';

/** Options of PtyExecService. */
export interface PtyExecServiceOptions {
  /**
   * Each session works in `<workspaceRoot>/<sessionId>` (created on demand). A function is read
   * whenever a folder is needed, so a changed setting applies to kernels started afterwards.
   */
  workspaceRoot: string | (() => string);
  /** Private directory (made 0700) for drivers and block files. */
  runDir: string;
  /** Base environment of kernels (default `process.env`); secrets are removed from it. */
  env?: NodeJS.ProcessEnv;
  /**
   * Read whenever a kernel starts: the pass-through list of variable names and the stored keys
   * whose values must never reach a kernel (see childEnvironment). Default: neither.
   */
  environmentPolicy?: () => KernelEnvironmentPolicy;
  /** Interpreter commands (names looked up on the PATH of `env`, or paths); defaults python3 / bash / node. */
  interpreters?: { python?: string; shell?: string; javascript?: string };
  /** Output kept per block for the chat, in chars (default 1 000 000; the newest part is kept). */
  maxKeptOutputChars?: number;
  /** Grace between Ctrl-C and the kill on Stop/timeout, in ms (default 500). */
  stopGraceMs?: number;
  /** Time a kernel has to get ready, in ms (default 5000). */
  startupTimeoutMs?: number;
  /** `auto` (default) uses a PID namespace when this machine allows it; `process_group` forces the fallback. */
  isolation?: 'auto' | 'process_group';
}

interface Slot {
  kernel: Kernel | null;
  /** Kernels started in this slot so far (a second one means the state of the first is gone). */
  started: number;
  /** Blocks of one kernel run one after the other. */
  queue: Promise<unknown>;
}

/** A plain folder name: no separators, cannot be `.` or `..`. */
const SESSION_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Terminal size of a kernel until the chat's terminal reports its own. */
const DEFAULT_SIZE = { columns: 120, rows: 40 };

/**
 * ExecService over node-pty: one persistent kernel per session and language, started on first
 * use in the session's workspace folder, restarted after it exits or is stopped. Blocks are
 * never rewritten: each is written to a file in `runDir` and run whole by the kernel, which
 * then prints a nonce-tagged end marker (see marker.ts).
 */
export class PtyExecService implements ExecService {
  readonly isolation: Isolation;
  private readonly slots = new Map<string, Map<KernelLanguage, Slot>>();
  private readonly kernels = new Map<string, Set<Kernel>>();
  private readonly drivers = new Map<string, Promise<string>>();
  private readonly sizes = new Map<string, { columns: number; rows: number }>();
  private runDirReady: Promise<void> | null = null;

  constructor(private readonly options: PtyExecServiceOptions) {
    this.isolation = options.isolation === 'process_group' ? 'process_group' : probeIsolation();
  }

  /**
   * Runs `code` in the session's `language` kernel; see ExecService.run. Throws AppError
   * `interpreter_not_found` when the interpreter is missing from PATH or does not start,
   * `invalid_input` for a session id that is not a plain name.
   */
  run(
    sessionId: string,
    language: KernelLanguage,
    code: string,
    options: RunBlockOptions,
  ): Promise<BlockResult> {
    const slot = this.slot(sessionId, language);
    const task = slot.queue.then(() => this.runInSlot(sessionId, language, slot, code, options));
    slot.queue = task.catch(() => undefined);
    return task;
  }

  /** Types into the session's running block; false when none runs, so nothing reaches an idle shell. */
  write(sessionId: string, data: string): boolean {
    let written = false;
    for (const kernel of this.kernels.get(sessionId) ?? [])
      if (kernel.running) written = kernel.write(data) || written;
    return written;
  }

  /** Resizes the session's kernels' terminals and remembers the size for kernels started later. */
  resize(sessionId: string, columns: number, rows: number): void {
    const size = { columns: Math.max(2, Math.floor(columns)), rows: Math.max(1, Math.floor(rows)) };
    this.sizes.set(sessionId, size);
    for (const kernel of this.kernels.get(sessionId) ?? []) kernel.resize(size.columns, size.rows);
  }

  /**
   * `<workspaceRoot>/<sessionId>`, created if missing. Throws `invalid_input` for an unsafe
   * session id, `workspace_unavailable` when the folder cannot be created.
   */
  workingDirectory(sessionId: string): string {
    if (!SESSION_ID.test(sessionId))
      throw new AppError('invalid_input', `"${sessionId}" is not a valid session id.`);
    const root =
      typeof this.options.workspaceRoot === 'function'
        ? this.options.workspaceRoot()
        : this.options.workspaceRoot;
    const dir = join(root, sessionId);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new AppError(
        'workspace_unavailable',
        `The session folder ${dir} could not be created (${reason}). Choose another workspace folder in Settings → General.`,
        { cause: error },
      );
    }
    return dir;
  }

  /** The live kernel's directory for `language` (it may have `cd`'d), else the session folder. */
  currentDirectory(sessionId: string, language: KernelLanguage): string {
    const kernel = this.slots.get(sessionId)?.get(language)?.kernel;
    return kernel?.alive ? kernel.directory() : this.workingDirectory(sessionId);
  }

  /**
   * Kills the session's kernels and everything they started; a running block ends as `stopped`.
   * The next block starts a fresh kernel and is reported as `restartedKernel`.
   */
  async disposeSession(sessionId: string): Promise<boolean> {
    const kernels = [...(this.kernels.get(sessionId) ?? [])];
    await Promise.all(kernels.map((kernel) => kernel.kill()));
    this.kernels.delete(sessionId);
    for (const slot of this.slots.get(sessionId)?.values() ?? []) slot.kernel = null;
    return kernels.length > 0;
  }

  /** Kills every kernel. */
  async dispose(): Promise<void> {
    await Promise.all([...this.kernels.keys()].map((sessionId) => this.disposeSession(sessionId)));
  }

  private slot(sessionId: string, language: KernelLanguage): Slot {
    let bySession = this.slots.get(sessionId);
    if (!bySession) this.slots.set(sessionId, (bySession = new Map()));
    let slot = bySession.get(language);
    if (!slot) bySession.set(language, (slot = { kernel: null, started: 0, queue: Promise.resolve() }));
    return slot;
  }

  private async runInSlot(
    sessionId: string,
    language: KernelLanguage,
    slot: Slot,
    code: string,
    options: RunBlockOptions,
  ): Promise<BlockResult> {
    if (options.signal?.aborted)
      return {
        outcome: 'stopped',
        exitCode: null,
        output: '',
        truncated: false,
        images: [],
        restartedKernel: false,
      };
    let restartedKernel = false;
    if (slot.kernel === null || !slot.kernel.alive) {
      slot.kernel = await this.startKernel(sessionId, language);
      restartedKernel = slot.started > 0;
      slot.started += 1;
    }
    const kernel = slot.kernel;
    const result = await kernel.run(code, options);
    if (!kernel.alive && slot.kernel === kernel) slot.kernel = null;
    return { ...result, restartedKernel };
  }

  private async startKernel(sessionId: string, language: KernelLanguage): Promise<Kernel> {
    const spec = LANGUAGES[language];
    const interpreterName = this.options.interpreters?.[language] ?? spec.defaultInterpreter;
    const env = childEnvironment(this.options.env ?? process.env, this.options.environmentPolicy?.());
    const interpreterPath = resolveExecutable(interpreterName, env.PATH);
    if (interpreterPath === null) {
      throw new AppError('interpreter_not_found', `${interpreterName} was not found on PATH`);
    }
    const cwd = this.workingDirectory(sessionId);
    await this.ensureRunDir();
    const driverPath = spec.driver ? await this.ensureDriver(spec.driver.fileName, spec.driver.source) : null;
    const register = (kernel: Kernel): void => {
      let set = this.kernels.get(sessionId);
      if (!set) this.kernels.set(sessionId, (set = new Set()));
      set.add(kernel);
      void kernel.whenExited().then(() => set.delete(kernel));
    };
    return Kernel.start(
      {
        language,
        spec,
        interpreterName,
        interpreterPath,
        driverPath,
        cwd,
        runDir: this.options.runDir,
        env,
        isolation: this.isolation,
        startupTimeoutMs: this.options.startupTimeoutMs ?? 5000,
        stopGraceMs: this.options.stopGraceMs ?? 500,
        maxKeptOutputChars: this.options.maxKeptOutputChars ?? 1_000_000,
        ...(this.sizes.get(sessionId) ?? DEFAULT_SIZE),
      },
      register,
    );
  }

  private ensureRunDir(): Promise<void> {
    this.runDirReady ??= (async () => {
      await mkdir(this.options.runDir, { recursive: true, mode: 0o700 });
      await chmod(this.options.runDir, 0o700);
    })();
    return this.runDirReady;
  }

  /** Writes a driver program into runDir once per service (content-addressed name, atomic rename). */
  private ensureDriver(fileName: string, source: string): Promise<string> {
    let ready = this.drivers.get(fileName);
    if (!ready) {
      ready = (async () => {
        const digest = createHash('sha256').update(source).digest('hex').slice(0, 12);
        const dot = fileName.lastIndexOf('.');
        const target = join(this.options.runDir, `${fileName.slice(0, dot)}-${digest}${fileName.slice(dot)}`);
        const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(temporary, source, { mode: 0o600 });
        await rename(temporary, target);
        return target;
      })();
      this.drivers.set(fileName, ready);
    }
    return ready;
  }
}

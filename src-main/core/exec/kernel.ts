import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { AppError } from '../errors';
import { ActiveBlock } from './block';
import { EchoFilter } from './echo-filter';
import { takeImage } from './images';
import {
  interpreterDirectory,
  KERNEL_TAG_VARIABLE,
  killProcessTree,
  wrapCommand,
  type Isolation,
} from './isolation';
import type { LanguageSpec } from './languages';
import { MarkerScanner, newNonce } from './marker';
import { stripAnsi } from './output';
import type { BlockResult, KernelLanguage, RunBlockOptions } from './types';

/** Everything one kernel is started with. */
export interface KernelConfig {
  language: KernelLanguage;
  spec: LanguageSpec;
  /** How the user named the interpreter (for messages), e.g. `python3`. */
  interpreterName: string;
  /** Absolute path of the interpreter. */
  interpreterPath: string;
  /** Path of the language's driver program in the run directory, if it has one. */
  driverPath: string | null;
  /** Working directory (the session's workspace folder). */
  cwd: string;
  /** Private directory for block files. */
  runDir: string;
  /** Environment, already free of secrets. */
  env: Record<string, string>;
  isolation: Isolation;
  /** Time the kernel has to print its ready marker, in ms. */
  startupTimeoutMs: number;
  /** Grace between Ctrl-C and the kill on Stop/timeout, in ms. */
  stopGraceMs: number;
  /** Cap of the output kept per block, in chars. */
  maxKeptOutputChars: number;
  /** Terminal size the PTY starts with. */
  columns: number;
  rows: number;
}

type Phase = 'starting' | 'idle' | 'running' | 'exited';

const STARTUP_TEXT_CHARS = 4000;
const EXIT_WAIT_MS = 3000;

/**
 * One persistent interpreter in a PTY: started once, runs blocks one at a time, can be
 * interrupted and killed with everything it started. Use `Kernel.start`.
 */
export class Kernel {
  private readonly pty: pty.IPty;
  private readonly scanner: MarkerScanner;
  private readonly secret = newNonce();
  private readonly readyToken = newNonce();
  private readonly idleToken = newNonce();
  private readonly tag = newNonce();
  private readonly imageToken = newNonce();
  private phase: Phase = 'starting';
  private block: ActiveBlock | null = null;
  /** Removes the terminal's echo of the run line (kernels whose terminal echoes, see LanguageSpec). */
  private echo: EchoFilter | null = null;
  private needsResync = false;
  private resyncWaiter: { token: string; resolve: (ok: boolean) => void } | null = null;
  private startupText = '';
  private killed = false;
  private readonly exited: Promise<void>;
  private onReady: (() => void) | null = null;
  private onStartFailure: ((error: AppError) => void) | null = null;

  private constructor(private readonly config: KernelConfig) {
    const context = {
      secret: this.secret,
      readyToken: this.readyToken,
      idleToken: this.idleToken,
      imageToken: this.imageToken,
      imageDir: config.runDir,
    };
    const env = { ...config.env, ...config.spec.env(context) };
    if (config.isolation === 'process_group') env[KERNEL_TAG_VARIABLE] = this.tag;
    const command = wrapCommand(
      config.isolation,
      config.interpreterPath,
      config.spec.args(config.driverPath),
    );
    this.scanner = new MarkerScanner({
      text: (chunk) => this.onText(chunk),
      marker: (token, status) => this.onMarker(token, status),
    });
    this.pty = pty.spawn(command.file, command.args, {
      name: 'xterm-256color',
      cols: config.columns,
      rows: config.rows,
      cwd: config.cwd,
      env,
    });
    this.pty.onData((chunk) => this.scanner.feed(chunk));
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.scanner.flush();
        // What a dead kernel left running (a nohup'd job) goes with it, as in a PID namespace.
        if (config.isolation === 'process_group' && !this.killed)
          killProcessTree(this.pty.pid, this.tag, false);
        const before = this.phase;
        this.phase = 'exited';
        const code = signal ? 128 + signal : exitCode;
        if (before === 'starting' && this.killed) this.failStart('cancelled', 'was stopped while starting');
        else if (before === 'starting')
          this.failStart('interpreter_not_found', `exited with status ${code} before it was ready`);
        this.block?.onKernelExit(code, this.killed);
        resolve();
      });
    });
    const init = config.spec.initInput(context);
    if (init !== null) this.pty.write(init);
  }

  /**
   * Starts a kernel and waits for its ready marker. Throws AppError `interpreter_not_found`
   * when the interpreter exits before it is ready or is not ready within `startupTimeoutMs`
   * (the message quotes what it printed), or `cancelled` when it is killed while starting.
   * `onSpawned` sees the kernel before it is ready, so it can be killed while starting.
   */
  static async start(config: KernelConfig, onSpawned?: (kernel: Kernel) => void): Promise<Kernel> {
    const kernel = new Kernel(config);
    onSpawned?.(kernel);
    const timer = setTimeout(() => {
      kernel.failStart('interpreter_not_found', `did not get ready within ${config.startupTimeoutMs} ms`);
      void kernel.kill();
    }, config.startupTimeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        kernel.onReady = resolve;
        kernel.onStartFailure = reject;
      });
    } finally {
      clearTimeout(timer);
    }
    return kernel;
  }

  /** True until the kernel exits or is killed. */
  get alive(): boolean {
    return this.phase !== 'exited' && !this.killed;
  }

  /** Resolves when the kernel's process has exited. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /** True while a block runs. */
  get running(): boolean {
    return this.phase === 'running';
  }

  /**
   * Runs `code` unmodified (written to a 0600 block file in the run directory, removed after)
   * and resolves when the block ends; see ActiveBlock for the outcomes. One block at a time.
   */
  async run(code: string, options: RunBlockOptions): Promise<BlockResult> {
    if (this.phase !== 'idle')
      throw new AppError('internal_error', `The ${this.config.language} kernel is not idle.`);
    this.phase = 'running';
    // Whole-text normalisation only (CRLF from a chat, a missing final newline); lines are never touched.
    const source = code.replace(/\r\n/g, '\n');
    const file = join(
      this.config.runDir,
      `block-${randomBytes(9).toString('hex')}${this.config.spec.blockExtension}`,
    );
    try {
      // Synchronous: a block is small, and a thread-pool round trip would dominate a warm run (see bench/).
      writeFileSync(file, source.endsWith('\n') ? source : `${source}\n`, { mode: 0o600, flag: 'wx' });
      if (!this.alive)
        return {
          outcome: 'kernel_exited',
          exitCode: null,
          output: '',
          truncated: false,
          images: [],
          restartedKernel: false,
        };
      const nonce = newNonce();
      const settings = {
        nonce,
        stopGraceMs: this.config.stopGraceMs,
        maxKeptOutputChars: this.config.maxKeptOutputChars,
      };
      this.block = new ActiveBlock(settings, options, {
        interrupt: () => this.send('\x03'),
        kill: () => this.kill(),
      });
      const line = this.config.spec.runLine({
        secret: this.secret,
        nonce,
        blockPath: file,
        idleToken: this.idleToken,
      });
      this.echo = this.config.spec.echoesControlLines ? new EchoFilter(line.replace(/\n/g, '\r\n')) : null;
      this.send(line);
      return await this.block.result;
    } finally {
      this.block = null;
      this.echo = null;
      if (this.needsResync) await this.resync();
      if (this.phase === 'running') this.phase = 'idle';
      rmSync(file, { force: true });
    }
  }

  /** After a block cut short by a typed Ctrl-C: restore the idle terminal, or kill the kernel if it does not answer. */
  private async resync(): Promise<void> {
    this.needsResync = false;
    const token = newNonce();
    const line = this.config.spec.resyncLine(token);
    if (line === null || !this.alive) return;
    let timer: NodeJS.Timeout | undefined;
    const answered = await new Promise<boolean>((resolve) => {
      this.resyncWaiter = { token, resolve };
      timer = setTimeout(() => resolve(false), this.config.startupTimeoutMs);
      void this.exited.then(() => resolve(false));
      this.send(line);
    });
    clearTimeout(timer);
    this.resyncWaiter = null;
    if (!answered) await this.kill();
  }

  /** Types `data` into the terminal of the running block; false (nothing written) when no block runs. */
  write(data: string): boolean {
    if (this.phase !== 'running' || this.block === null) return false;
    if (data.includes('\x03')) this.block.noteInterrupt();
    this.send(data);
    return true;
  }

  /** Resizes the terminal (columns × rows); programs get SIGWINCH. Ignored once exited. */
  resize(columns: number, rows: number): void {
    if (this.phase === 'exited') return;
    try {
      this.pty.resize(columns, rows);
    } catch {
      // The PTY closed between the check and the call.
    }
  }

  /** The interpreter's current directory (Linux /proc), else the directory it started in. */
  directory(): string {
    if (!this.alive) return this.config.cwd;
    return interpreterDirectory(this.pty.pid, this.config.isolation) ?? this.config.cwd;
  }

  private send(data: string): void {
    if (this.phase !== 'exited') this.pty.write(data);
  }

  /** Kills the kernel and every process it started; resolves once the PTY child is gone. */
  async kill(): Promise<void> {
    if (this.phase !== 'exited') {
      this.killed = true;
      killProcessTree(this.pty.pid, this.config.isolation === 'process_group' ? this.tag : null);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.exited,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, EXIT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (this.phase === 'starting') this.failStart('cancelled', 'was stopped while starting');
    this.phase = 'exited';
  }

  private onText(chunk: string): void {
    if (this.phase === 'starting') {
      this.startupText = (this.startupText + chunk).slice(-STARTUP_TEXT_CHARS);
    } else if (this.block !== null) {
      const text = this.echo === null ? chunk : this.echo.filter(chunk);
      if (this.echo?.done) this.echo = null;
      if (text !== '') this.block.onText(text);
    }
  }

  private onMarker(token: string, status: string): boolean {
    if (token === this.idleToken) {
      if (status === 'replaced') this.block?.onKernelReplaced();
      else if (this.block?.onPrompt()) this.needsResync = true;
      return true;
    }
    if (token === this.imageToken) {
      const image = takeImage(this.config.runDir, this.imageToken, status);
      if (image !== null) this.block?.onImage(image);
      return true;
    }
    if (this.resyncWaiter !== null && token === this.resyncWaiter.token) {
      this.resyncWaiter.resolve(true);
      return true;
    }
    if (token === this.readyToken && this.phase === 'starting') {
      this.phase = 'idle';
      this.onReady?.();
      return true;
    }
    if (this.block !== null && token === this.block.nonce) {
      this.block.onEndMarker(status);
      return true;
    }
    return false;
  }

  private failStart(code: 'interpreter_not_found' | 'cancelled', reason: string): void {
    const fail = this.onStartFailure;
    this.onStartFailure = null;
    this.onReady = null;
    if (fail === null) return;
    const printed = stripAnsi(this.startupText).trim().slice(-800);
    fail(new AppError(code, `${this.config.interpreterName} ${reason}${printed ? `: ${printed}` : '.'}`));
  }
}

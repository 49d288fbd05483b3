/** A kernel: one persistent interpreter process per session per language, in a PTY. */
export type KernelLanguage = 'python' | 'shell' | 'javascript';

/** How a block ended. */
export type BlockOutcome =
  /** The end marker arrived; `exitCode` is the block's status. */
  | 'done'
  /** Stop was pressed (the signal aborted): the kernel and everything it started were killed. */
  | 'stopped'
  /** The per-block time limit passed: handled like Stop. */
  | 'timed_out'
  /** The interpreter itself exited during the block (`exit 3`, `os._exit`, a crash). */
  | 'kernel_exited';

/** A picture a block produced (python `plt.show()`), as LMC carries it: PNG bytes in base64. */
export interface BlockImage {
  format: 'base64.png';
  /** Base64 of the PNG file. */
  data: string;
}

export interface RunBlockOptions {
  /** Per-block time limit in ms (the setting `open_interpreter_block_timeout_seconds` × 1000). */
  timeoutMs: number;
  /** Terminal output as it is printed (ANSI kept, marker removed), batched (≈16 ms). */
  onOutput?: (chunk: string) => void;
  /** Aborting it is Stop: interrupt, short grace, then kill the kernel's whole process tree. */
  signal?: AbortSignal;
  /** Each image as soon as the kernel saved it (python `plt.show()`). */
  onImage?: (image: BlockImage) => void;
}

export interface BlockResult {
  outcome: BlockOutcome;
  /** The block's exit status when known (shell `$?`, python 0/1/`sys.exit` code); null when killed. */
  exitCode: number | null;
  /** Raw terminal output kept for the chat (ANSI kept), at most `maxKeptOutputChars`. */
  output: string;
  /** True when output beyond the kept size was dropped (the newest part is kept). */
  truncated: boolean;
  /** Images the block produced, in order. */
  images: BlockImage[];
  /**
   * True when the block ran in a kernel started for it after an earlier kernel of this session
   * and language had ended (exit, crash, Stop, timeout): state from earlier blocks is gone.
   */
  restartedKernel: boolean;
}

/** The execution service the agent uses. */
export interface ExecService {
  /** How Stop reaches every process a block started on this machine. */
  readonly isolation: 'pid_namespace' | 'process_group';
  /**
   * Runs `code` unmodified in the session's kernel for `language` (started on first use,
   * restarted after it exits or is stopped), in the session's working directory.
   * Throws AppError `interpreter_not_found` when the interpreter is missing.
   */
  run(
    sessionId: string,
    language: KernelLanguage,
    code: string,
    options: RunBlockOptions,
  ): Promise<BlockResult>;
  /**
   * Types into the running block's terminal (answers `input()`, `read`, a y/n prompt; `\x03`
   * interrupts the block). Returns false, writing nothing, when no block of the session runs.
   */
  write(sessionId: string, data: string): boolean;
  /** Sets the terminal size (columns × rows) of the session's kernels, now and for new ones. */
  resize(sessionId: string, columns: number, rows: number): void;
  /**
   * The session's folder: `<workspace root>/<sessionId>`, created on demand. Throws AppError
   * `workspace_unavailable` when it cannot be created, `invalid_input` for an unsafe session id.
   */
  workingDirectory(sessionId: string): string;
  /**
   * Where the next `language` block of the session will start: the live kernel's current
   * directory (after a `cd` or `os.chdir`) when one runs and the OS lets us read it, else the
   * session's folder.
   */
  currentDirectory(sessionId: string, language: KernelLanguage): string;
  /**
   * Kills the session's kernels (all languages) with everything they started (background
   * jobs, daemons). Resolves true when a kernel was running.
   */
  disposeSession(sessionId: string): Promise<boolean>;
  /** Kills every kernel. */
  dispose(): Promise<void>;
}

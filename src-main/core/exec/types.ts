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

export interface RunBlockOptions {
  /** Per-block time limit in ms (the setting `open_interpreter_block_timeout_seconds` × 1000). */
  timeoutMs: number;
  /** Terminal output as it is printed (ANSI kept, marker removed), batched (≈16 ms). */
  onOutput?: (chunk: string) => void;
  /** Aborting it is Stop: interrupt, short grace, then kill the kernel's whole process tree. */
  signal?: AbortSignal;
}

export interface BlockResult {
  outcome: BlockOutcome;
  /** The block's exit status when known (shell `$?`, python 0/1/`sys.exit` code); null when killed. */
  exitCode: number | null;
  /** Raw terminal output kept for the chat (ANSI kept), at most `maxKeptOutputChars`. */
  output: string;
  /** True when output beyond the kept size was dropped (the oldest part is kept). */
  truncated: boolean;
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
  /** Types into the running block's terminal (answers `input()`, `read`, a y/n prompt). */
  write(sessionId: string, data: string): void;
  /** The working directory blocks of this session run in (created on demand). */
  workingDirectory(sessionId: string): string;
  /** Kills the session's kernels (all languages). */
  disposeSession(sessionId: string): Promise<void>;
  /** Kills every kernel. */
  dispose(): Promise<void>;
}

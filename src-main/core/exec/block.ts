import { KeptOutput, OutputBatcher } from './output';
import type { BlockImage, BlockOutcome, BlockResult, RunBlockOptions } from './types';

/** What a running block needs from its kernel. */
export interface BlockHooks {
  /** Sends Ctrl-C to the kernel's terminal. */
  interrupt(): void;
  /** Kills the kernel and every process it started; resolves once it is gone. */
  kill(): Promise<void>;
}

export interface BlockSettings {
  /** End-marker nonce of this block. */
  nonce: string;
  /** Grace between Ctrl-C and the kill on Stop/timeout, in ms. */
  stopGraceMs: number;
  /** Cap of the output kept in the result, in chars. */
  maxKeptOutputChars: number;
}

/** What a block that replaced its kernel (`exec …`) shows and tells the model. */
export const KERNEL_REPLACED_NOTE =
  '[Switchboard: this block replaced the shell kernel (exec), so it was ended; the next block starts a new shell.]';

/**
 * One block from the moment its control line is sent until it ends: collects and batches
 * output, and ends on the end marker (`done`), on the kernel's exit (`kernel_exited`), on the
 * signal (`stopped`) or the time limit (`timed_out`). Stop and timeout send Ctrl-C, wait up to
 * `stopGraceMs` for the block to wind down (its last output is kept), then kill the kernel.
 */
export class ActiveBlock {
  /** Settles once with the block's result; never rejects. */
  readonly result: Promise<BlockResult>;
  private resolveResult!: (result: BlockResult) => void;
  private readonly kept: KeptOutput;
  private readonly images: BlockImage[] = [];
  private readonly batcher: OutputBatcher | null;
  private finished = false;
  private stopping: BlockOutcome | null = null;
  private interrupted = false;
  private windDown: (() => void) | null = null;
  private readonly timer: NodeJS.Timeout | null;
  private readonly onAbort = (): void => void this.stop('stopped');

  constructor(
    private readonly settings: BlockSettings,
    private readonly options: RunBlockOptions,
    private readonly hooks: BlockHooks,
  ) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.kept = new KeptOutput(settings.maxKeptOutputChars);
    this.batcher = options.onOutput ? new OutputBatcher(options.onOutput) : null;
    const limit = options.timeoutMs;
    this.timer =
      Number.isFinite(limit) && limit > 0 ? setTimeout(() => void this.stop('timed_out'), limit) : null;
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) void this.stop('stopped');
  }

  /** The end-marker nonce that ends this block. */
  get nonce(): string {
    return this.settings.nonce;
  }

  /** Output of the block (marker already removed). */
  onText(text: string): void {
    if (this.finished) return;
    this.kept.push(text);
    this.batcher?.push(text);
  }

  /** The kernel saved an image during this block (kept in the result, passed on at once). */
  onImage(image: BlockImage): void {
    if (this.finished) return;
    this.images.push(image);
    this.options.onImage?.(image);
  }

  /** This block's end marker arrived with `status` (the kernel's exit-status text). */
  onEndMarker(status: string): void {
    if (this.stopping) return this.windDown?.();
    const code = Number.parseInt(status, 10);
    this.finish('done', Number.isNaN(code) ? null : code);
  }

  /**
   * The shell is back at its prompt: after a Ctrl-C this means bash dropped the command line
   * (end marker included), so the block ends with status 130. Returns true when that happened.
   */
  onPrompt(): boolean {
    if (!this.interrupted || this.finished) return false;
    if (this.stopping) {
      this.windDown?.();
      return false;
    }
    this.finish('done', 130);
    return true;
  }

  /**
   * The block replaced the kernel's shell (`exec bash`): the new shell will never print this
   * block's end marker, so the block ends now with a note saying so, and the kernel is killed
   * (the next block starts a fresh one).
   */
  onKernelReplaced(): void {
    if (this.finished || this.stopping) return;
    this.onText(`\r\n${KERNEL_REPLACED_NOTE}\r\n`);
    this.finish('kernel_exited', null);
    void this.hooks.kill();
  }

  /** Ctrl-C was typed into the block's terminal (by the person or by Stop). */
  noteInterrupt(): void {
    this.interrupted = true;
  }

  /** The kernel exited; `exitCode` is its status when known. `killed` when Switchboard killed it. */
  onKernelExit(exitCode: number | null, killed: boolean): void {
    if (this.stopping) return this.windDown?.();
    if (killed) this.finish('stopped', null);
    else this.finish('kernel_exited', exitCode);
  }

  /** Stop or timeout: Ctrl-C, up to `stopGraceMs` to wind down, then kill the kernel's tree. */
  async stop(outcome: 'stopped' | 'timed_out'): Promise<void> {
    if (this.finished || this.stopping) return;
    this.stopping = outcome;
    const wound = new Promise<void>((resolve) => (this.windDown = resolve));
    this.noteInterrupt();
    this.hooks.interrupt();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      wound,
      new Promise<void>((resolve) => (grace = setTimeout(resolve, this.settings.stopGraceMs))),
    ]);
    clearTimeout(grace);
    await this.hooks.kill();
    this.finish(outcome, null);
  }

  private finish(outcome: BlockOutcome, exitCode: number | null): void {
    if (this.finished) return;
    this.batcher?.flush();
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.resolveResult({
      outcome,
      exitCode,
      output: this.kept.text(),
      truncated: this.kept.truncated,
      images: this.images,
      restartedKernel: false,
    });
  }
}

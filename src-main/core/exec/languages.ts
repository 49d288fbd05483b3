import type { KernelLanguage } from './types';
import { MARKER_PREFIX } from './marker';
import pythonDriver from './python-driver.py?raw';
import javascriptDriver from './javascript-driver.cjs?raw';

/**
 * Maps a code-fence tag to a kernel language (case-insensitive, surrounding spaces ignored):
 * `python`/`py`/`python3` → python; `shell`/`bash`/`sh`/`zsh`/`console` → shell;
 * `javascript`/`js`/`node` → javascript; anything else → null (not runnable).
 */
export function normalizeLanguage(fenceTag: string): KernelLanguage | null {
  const tag = fenceTag.trim().toLowerCase();
  if (['python', 'py', 'python3'].includes(tag)) return 'python';
  if (['shell', 'bash', 'sh', 'zsh', 'console'].includes(tag)) return 'shell';
  if (['javascript', 'js', 'node'].includes(tag)) return 'javascript';
  return null;
}

/** Secrets and tokens a kernel is started with. */
export interface LaunchContext {
  /** Validates control lines (drivers read it from the environment and then delete it). */
  secret: string;
  /** Token of the marker the kernel prints once it is ready for blocks. */
  readyToken: string;
  /** Token of the marker the shell prints whenever it is back at its prompt. */
  idleToken: string;
  /** Token of the image marker (`<imageToken>;<n>`: image n was saved in `imageDir`). */
  imageToken: string;
  /** Private directory where a kernel saves images (`img-<imageToken>-<n>.png`). */
  imageDir: string;
}

/** What a kernel needs to run one block. */
export interface RunContext {
  secret: string;
  /** Fresh per block; only the kernel's end marker carries it. */
  nonce: string;
  /** The block file (unmodified code) in the private run directory. */
  blockPath: string;
  /** Token of the shell's idle (prompt) marker. */
  idleToken: string;
}

/** How one language's kernel is started and driven. */
export interface LanguageSpec {
  /** Default interpreter command (looked up on the child's PATH). */
  defaultInterpreter: string;
  /** Extension of block files. */
  blockExtension: string;
  /** A driver program written to the run directory and passed to the interpreter, if any. */
  driver: { fileName: string; source: string } | null;
  /** Interpreter arguments. */
  args(driverPath: string | null): string[];
  /** Extra environment for the kernel. */
  env(context: LaunchContext): Record<string, string>;
  /**
   * True when the kernel's terminal echoes the control lines typed into it (the shell keeps
   * echo on); the kernel then removes that echo from the block's output (EchoFilter).
   */
  echoesControlLines: boolean;
  /** Text typed into the PTY right after the start (shell setup), or null. */
  initInput(context: LaunchContext): string | null;
  /** The one control line that runs a block and prints its end marker. */
  runLine(context: RunContext): string;
  /**
   * A line that brings the kernel back to its idle state after a block was cut short by a
   * typed Ctrl-C (echo off again) and then prints the marker `token;ready`; null if the
   * kernel restores itself.
   */
  resyncLine(token: string): string | null;
}

/** Single-quotes a string for bash. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The marker as a bash `printf` format (octal escapes, so the line itself holds no ESC/BEL). */
const PRINTF_MARKER = `'${MARKER_PREFIX.replace('\x1b', '\\033')}%s;%s\\007'`;

/** Bash assignment of PS1 to the idle marker (`$'…'` so the line holds no raw ESC/BEL). */
const idlePrompt = (idleToken: string): string => `PS1=$'\\033]7777;sb;${idleToken};idle\\007'`;

const shell: LanguageSpec = {
  defaultInterpreter: 'bash',
  blockExtension: '.sh',
  driver: null,
  args: () => ['--norc', '--noprofile', '--noediting', '-i'],
  // A shell that replaced the kernel (`exec bash` in a block) lacks the kernel's unexported
  // `__sb_kernel`, so at its first prompt this says so (the idle marker with `replaced`).
  env: ({ idleToken }) => ({
    PROMPT_COMMAND: `[ -n "\${__sb_kernel-}" ] || \\builtin printf ${PRINTF_MARKER} ${idleToken} replaced`,
  }),
  // The terminal keeps echo on, as a shell's does, so answers typed into `read` show; the echo
  // of our own control lines is removed by the kernel (EchoFilter) instead of running `stty`
  // around every block. No job-control notices, no history (it would record the nonces), no
  // `!` expansion. PS1 is the idle marker: after Ctrl-C bash abandons the rest of the command
  // line (our end marker included) and goes back to its prompt, and that prompt is how an
  // interrupted block is noticed.
  echoesControlLines: true,
  initInput: ({ readyToken, idleToken }) =>
    [
      `set +m +H +o history`,
      `__sb_kernel=1`,
      `PS2=''`,
      idlePrompt(idleToken),
      `\\builtin printf ${PRINTF_MARKER} ${readyToken} ready\n`,
    ].join('; '),
  // One line: source the block file unmodified, keep its status, then the marker straight to
  // the terminal (even if the block redirected stdout). `\builtin` skips aliases and functions
  // of the user; PS1 is set again in case an earlier block changed it. Only builtins: no
  // process is started besides what the block itself runs.
  runLine: ({ nonce, blockPath, idleToken }) =>
    [
      idlePrompt(idleToken),
      `\\builtin . ${shellQuote(blockPath)}`,
      `__sb_s=$?`,
      `\\builtin printf ${PRINTF_MARKER} ${nonce} "$__sb_s" >/dev/tty\n`,
    ].join('; '),
  // Ctrl-C made bash drop the rest of the run line; this shows it reads commands again.
  resyncLine: (token) => `\\builtin printf ${PRINTF_MARKER} ${token} ready >/dev/tty\n`,
};

/** Control line of the python and node drivers: `<secret> run <nonce> <path>`. */
const driverRunLine = ({ secret, nonce, blockPath }: RunContext): string =>
  `${secret} run ${nonce} ${blockPath}\n`;
const driverEnv = ({ secret, readyToken }: LaunchContext): Record<string, string> => ({
  SB_KERNEL_SECRET: secret,
  SB_KERNEL_READY: readyToken,
});
/** The python driver also saves `plt.show()` figures as images (see python-driver.py). */
const pythonEnv = (context: LaunchContext): Record<string, string> => ({
  ...driverEnv(context),
  SB_KERNEL_IMAGE_TOKEN: context.imageToken,
  SB_KERNEL_IMAGE_DIR: context.imageDir,
});

const python: LanguageSpec = {
  defaultInterpreter: 'python3',
  blockExtension: '.py',
  driver: { fileName: 'python-driver.py', source: pythonDriver },
  args: (driverPath) => ['-u', driverPath ?? ''],
  env: pythonEnv,
  echoesControlLines: false,
  initInput: () => null,
  runLine: driverRunLine,
  resyncLine: () => null,
};

const javascript: LanguageSpec = {
  defaultInterpreter: 'node',
  blockExtension: '.js',
  driver: { fileName: 'javascript-driver.cjs', source: javascriptDriver },
  args: (driverPath) => [driverPath ?? ''],
  env: driverEnv,
  echoesControlLines: false,
  initInput: () => null,
  runLine: driverRunLine,
  resyncLine: () => null,
};

/** Launch and control details per language. */
export const LANGUAGES: Record<KernelLanguage, LanguageSpec> = { shell, python, javascript };

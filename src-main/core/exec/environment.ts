import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** True for variable names that may carry a Switchboard or provider secret. */
export function isSecretVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    upper === 'API_KEY' ||
    upper.startsWith('SWITCHBOARD_') ||
    ['_API_KEY', '_API_KEYS', '_TOKEN', '_SECRET'].some((suffix) => upper.endsWith(suffix))
  );
}

/**
 * The environment every kernel starts from: `base` without secrets (names ending in
 * `_API_KEY`, `_API_KEYS`, `_TOKEN`, `_SECRET`, starting with `SWITCHBOARD_`, or `API_KEY`)
 * and without prompt settings of the user's shell, plus a terminal that pagers and colour
 * detection understand and unbuffered UTF-8 python output.
 */
export function childEnvironment(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || isSecretVariable(name)) continue;
    if (['PS1', 'PS2', 'PS4', 'PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'HISTFILE'].includes(name)) continue;
    env[name] = value;
  }
  Object.assign(env, {
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PAGER: 'cat',
    GIT_PAGER: 'cat',
    HISTFILE: '/dev/null',
  });
  if (!env.LANG && !env.LC_ALL && !env.LC_CTYPE) env.LANG = 'C.UTF-8';
  return env;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves `command` like a shell would: a path (contains `/`) must be an executable file;
 * a bare name is looked up in `pathVariable` (the child's PATH). Returns the absolute path,
 * or null when there is no such executable.
 */
export function resolveExecutable(command: string, pathVariable: string | undefined): string | null {
  if (command.length === 0) return null;
  if (command.includes('/'))
    return isExecutableFile(command) ? (isAbsolute(command) ? command : join(process.cwd(), command)) : null;
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir.length === 0) continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate))
      return isAbsolute(candidate) ? candidate : join(process.cwd(), candidate);
  }
  return null;
}

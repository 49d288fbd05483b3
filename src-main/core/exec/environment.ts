import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { looksLikeKey } from '../secrets/redact';

/** Words of a variable name that mark a credential (matched as whole words of the name). */
const SECRET_WORDS = new Set([
  'key',
  'keys',
  'token',
  'tokens',
  'pat',
  'auth',
  'session',
  'cookie',
  'cookies',
  'pwd',
  'passphrase',
]);
/** Parts that mark a credential anywhere in a name (`DBPASSWORD`, `MYSECRETVALUE`). */
const SECRET_PARTS = [
  'secret',
  'password',
  'passwd',
  'credential',
  'apikey',
  'accesskey',
  'privatekey',
  'cookie',
];

/**
 * True for variable names that may carry a credential: names starting with `SWITCHBOARD_`, with
 * a word key/keys/token/pat/auth/session/cookie/pwd (`OPENAI_KEY`, `GITHUB_PAT`, `NPM_TOKEN`,
 * `SSH_AUTH_SOCK`), or containing secret/password/passwd/credential/apikey (`AWS_SECRET_ACCESS_KEY`,
 * `PGPASSWORD`, `GOOGLE_APPLICATION_CREDENTIALS`). Words are split at `_`, `-`, `.` and camelCase.
 */
export function isSecretVariable(name: string): boolean {
  if (name.toUpperCase().startsWith('SWITCHBOARD_')) return true;
  const lower = name.toLowerCase();
  if (SECRET_PARTS.some((part) => lower.includes(part))) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

/** A URL with a password in it (`postgres://user:pw@host/db`). */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;
/** A JSON Web Token (`eyJ….eyJ….…`). */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./;

/** True for values that carry a credential whatever the name: URLs with a password, key-shaped text, JWTs. */
export function isSecretValue(value: string): boolean {
  return URL_WITH_PASSWORD.test(value) || looksLikeKey(value) || JWT.test(value);
}

/** What decides which variables a kernel sees besides the built-in rules. */
export interface KernelEnvironmentPolicy {
  /** Names the person lets through although they look like credentials (`NAME`, or `PREFIX_*`). */
  passThrough: readonly string[];
  /** Values that must never reach a kernel (the keys stored in Switchboard), whatever the name. */
  secrets: readonly string[];
}

/** True when `name` is on the pass-through list (`NAME` exactly, or `PREFIX*`). */
function passesThrough(name: string, list: readonly string[]): boolean {
  return list.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
}

/**
 * The environment every kernel starts from: `base` minus everything that looks like a
 * credential — by name (isSecretVariable) and by value (isSecretValue) — unless the person put
 * its name on `policy.passThrough`; minus any variable holding a key stored in Switchboard
 * (`policy.secrets`, never passed through) and `SWITCHBOARD_*`; minus prompt settings of the
 * user's shell; plus a terminal that pagers and colour detection understand and unbuffered
 * UTF-8 python output.
 */
export function childEnvironment(
  base: NodeJS.ProcessEnv,
  policy: KernelEnvironmentPolicy = { passThrough: [], secrets: [] },
): Record<string, string> {
  const env: Record<string, string> = {};
  const stored = policy.secrets.map((s) => s.trim()).filter((s) => s.length >= 8);
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || name.toUpperCase().startsWith('SWITCHBOARD_')) continue;
    if (stored.some((secret) => value.includes(secret))) continue;
    const credential = isSecretVariable(name) || isSecretValue(value);
    if (credential && !passesThrough(name, policy.passThrough)) continue;
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

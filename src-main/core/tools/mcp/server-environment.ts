import { isSecretValue, isSecretVariable } from '../../exec/environment';

/** Variables a stdio server inherits from Switchboard's environment (the SDK's list, plus locale and temp). */
const INHERITED = [
  'HOME',
  'LOGNAME',
  'PATH',
  'SHELL',
  'TERM',
  'USER',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TMPDIR',
  'TZ',
];
const INHERITED_WINDOWS = [
  'APPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'PATH',
  'PROCESSOR_ARCHITECTURE',
  'SYSTEMDRIVE',
  'SYSTEMROOT',
  'TEMP',
  'TMP',
  'USERNAME',
  'USERPROFILE',
  'PROGRAMFILES',
];

/**
 * The environment of a stdio MCP server: a short list of harmless variables from `base`
 * (HOME, PATH, USER, locale, temp folder — what the SDK's own default passes) without anything
 * that looks like a secret by name or value (the kernels' rules, exec/environment.ts), then the server's own
 * `env` from the config, as the person wrote it. Switchboard's provider keys, master key and
 * tokens are never passed on; a server that needs a key gets it through its `env`.
 */
export function serverEnvironment(
  base: NodeJS.ProcessEnv,
  own: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of process.platform === 'win32' ? INHERITED_WINDOWS : INHERITED) {
    const value = base[name];
    // Exported shell functions (`() {…`) are skipped, as the SDK does.
    if (value === undefined || value.startsWith('()') || isSecretVariable(name) || isSecretValue(value))
      continue;
    env[name] = value;
  }
  return { ...env, ...own };
}

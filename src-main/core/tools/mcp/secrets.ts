import { isSecretVariable } from '../../exec/environment';
import type { CredentialStore } from '../../secrets/credential-store';
import { maskKey } from '../../secrets/mask';
import { jsonSettingInvalid } from '../../settings/json-problems';
import { cleanName, parseMcpJson, serializeMcpJson, type McpServerConfig, type ServerEntry } from './config';

/** Credential-store names of MCP secrets start with this. */
export const MCP_SECRET_PREFIX = 'mcp.';

/**
 * True for `env` variable and header names whose values are secrets: anything naming a key,
 * token, secret, password, credential, cookie or authorization (`GITHUB_PERSONAL_ACCESS_TOKEN`,
 * `BRAVE_API_KEY`, `Authorization`, `X-Api-Key`, `PGPASSWORD`).
 */
export function isSecretField(name: string): boolean {
  return isSecretVariable(name) || /key|token|secret|passw|credential|cookie|auth|session/i.test(name);
}

/** The credential-store name of one secret value: `mcp.<server>.<env|headers>.<field>`. */
export function secretSlot(server: string, where: 'env' | 'headers', field: string): string {
  return `${MCP_SECRET_PREFIX}${cleanName(server)}.${where}.${field}`;
}

// The credential store splits on commas and newlines (key pools) and trims; a value that would
// not survive that (a cookie header) is stored base64-encoded. Plain values stay plain so the
// store's by-value guards (kernel environments, redaction) recognise them.
const encode = (value: string): string =>
  /[,\r\n]/.test(value) || value.trim() !== value || value.startsWith('b64:')
    ? `b64:${Buffer.from(value, 'utf8').toString('base64')}`
    : value;
const decode = (stored: string): string =>
  stored.startsWith('b64:') ? Buffer.from(stored.slice(4), 'base64').toString('utf8') : stored;

function storedSecret(credentials: CredentialStore, slot: string): string | null {
  const [stored] = credentials.get(slot);
  return stored === undefined ? null : decode(stored);
}

/**
 * The `mcp_servers` preparer for SettingsStore: validates the JSON (AppError `settings_invalid`
 * listing every problem) and moves secret values of `env` and `headers` (isSecretField) to the
 * credential store. The saved JSON keeps each secret masked (`ghp_…abcd`); saving it again
 * with the masked text unchanged keeps the stored value, any other text replaces it. Secrets of
 * removed servers and fields are deleted on commit.
 */
export async function prepareMcpServers(
  text: string,
  credentials: CredentialStore,
): Promise<{ value: string; commit: () => Promise<void> }> {
  const { entries, problems } = parseMcpJson(text);
  if (problems.length > 0) throw jsonSettingInvalid('mcp_servers', problems);
  if (entries.length === 0) {
    return {
      value: text.trim() === '' ? '' : serializeMcpJson([]),
      commit: () => deleteStale(credentials, new Set()),
    };
  }
  const writes = new Map<string, string>();
  const keep = new Set<string>();
  const stored: Array<[string, ServerEntry]> = entries.map(([name, entry]) => {
    const mask = (where: 'env' | 'headers', values: Record<string, string> | undefined) => {
      if (!values) return undefined;
      const out: Record<string, string> = {};
      for (const [field, value] of Object.entries(values)) {
        if (!isSecretField(field) || value === '') {
          out[field] = value;
          continue;
        }
        const slot = secretSlot(name, where, field);
        keep.add(slot);
        const current = storedSecret(credentials, slot);
        if (current !== null && value === maskKey(current)) out[field] = value;
        else {
          writes.set(slot, value);
          out[field] = maskKey(value);
        }
      }
      return out;
    };
    const env = mask('env', entry.env);
    const headers = mask('headers', entry.headers);
    return [name, { ...entry, ...(env ? { env } : {}), ...(headers ? { headers } : {}) }];
  });
  return {
    value: serializeMcpJson(stored),
    commit: async () => {
      for (const [slot, value] of writes) await credentials.set(slot, [encode(value)]);
      await deleteStale(credentials, keep);
    },
  };
}

async function deleteStale(credentials: CredentialStore, keep: Set<string>): Promise<void> {
  for (const { name } of credentials.list())
    if (name.startsWith(MCP_SECRET_PREFIX) && !keep.has(name)) await credentials.delete(name);
}

/** `config` with its masked secret values replaced by the stored ones, for starting the server. */
export function withSecrets(config: McpServerConfig, credentials: CredentialStore): McpServerConfig {
  const resolve = (where: 'env' | 'headers', values: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [field, value] of Object.entries(values))
      out[field] = isSecretField(field)
        ? (storedSecret(credentials, secretSlot(config.name, where, field)) ?? value)
        : value;
    return out;
  };
  const transport = config.transport;
  return {
    ...config,
    transport:
      transport.kind === 'stdio'
        ? { ...transport, env: resolve('env', transport.env) }
        : { ...transport, headers: resolve('headers', transport.headers) },
  };
}

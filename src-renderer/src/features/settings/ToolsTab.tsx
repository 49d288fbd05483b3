import { useEffect, useState } from 'react';
import type { McpServerView } from '../../../../src-shared/tools';
import { useStore } from '../../store';
import { AddServerForm } from './AddServerForm';

const EXAMPLE = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"]
    },
    "remote": { "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer …" } }
  }
}`;

function stateWords(server: McpServerView): string {
  switch (server.state) {
    case 'connected':
      return `Connected — ${server.tools.length} ${server.tools.length === 1 ? 'tool' : 'tools'}`;
    case 'starting':
      return 'Starting…';
    case 'error':
      return `Error: ${server.message ?? 'it stopped'}`;
    case 'disabled':
      return 'Disabled';
    default:
      return 'Not started yet (starts with the first chat that needs it)';
  }
}

/**
 * Settings → Tools: the `mcpServers` JSON (as in Claude Desktop or Cursor) or a small form to
 * add one server; each server's status (with its own error and stderr), Enabled, Restart and
 * its tools with "Always allow"; the always-allowed tools, each revocable.
 */
export function ToolsTab() {
  const settings = useStore((s) => s.settings);
  const servers = useStore((s) => s.mcpServers);
  const notice = useStore((s) => s.toolsNotice);
  const watchTools = useStore((s) => s.watchTools);
  const saveSettings = useStore((s) => s.saveSettings);
  const error = useStore((s) => s.settingsErrors.mcp_servers);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => watchTools(), [watchTools]);
  if (!settings) return <p className="muted">Loading…</p>;
  const text = draft ?? settings.mcp_servers;

  const save = async (value: string): Promise<boolean> => {
    setSaved(false);
    const ok = await saveSettings({ mcp_servers: value });
    if (ok) {
      setDraft(null);
      setSaved(true);
    }
    return ok;
  };

  return (
    <div className="tools form">
      <p className="help">
        MCP servers give the agent more tools. Their tools are offered to the model next to running code (in
        tool mode) and every call waits for your Run / Edit arguments / Skip, under the same approval setting
        as code. Secret values in <code>env</code> and <code>headers</code> (keys, tokens, passwords) are
        moved to the encrypted key store when you save and shown masked.
      </p>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void save(text);
        }}
      >
        <label htmlFor="mcp-servers-json">mcpServers JSON</label>
        <textarea
          id="mcp-servers-json"
          className="mono"
          rows={Math.min(24, Math.max(8, text.split('\n').length + 1))}
          spellCheck={false}
          placeholder={EXAMPLE}
          value={text}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
          }}
        />
        <p className="help">Paste the block from Claude Desktop, Cursor or Cline; empty means no servers.</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={draft === null}>
            Save servers
          </button>
          {saved && <span className="ok small">Saved.</span>}
        </div>
      </form>
      <AddServerForm current={settings.mcp_servers} save={save} />
      {servers.length > 0 && (
        <section aria-labelledby="mcp-server-list">
          <h2 id="mcp-server-list">Servers</h2>
          {notice && (
            <p className="field-error" role="alert">
              {notice}
            </p>
          )}
          {servers.map((server) => (
            <ServerCard key={server.name} server={server} allowed={settings.mcp_always_allow} />
          ))}
        </section>
      )}
      <AlwaysAllowed names={settings.mcp_always_allow} />
    </div>
  );
}

function ServerCard({ server, allowed }: { server: McpServerView; allowed: string[] }) {
  const restartServer = useStore((s) => s.restartServer);
  const setServerEnabled = useStore((s) => s.setServerEnabled);
  const setAlwaysAllow = useStore((s) => s.setAlwaysAllow);
  return (
    <section
      className={`mcp-server state-${server.state}`}
      role="group"
      aria-label={`MCP server ${server.name}`}
    >
      <header className="row">
        <strong>{server.name}</strong>
        <span className="small muted mono">
          {server.transport === 'http' ? 'Streamable HTTP' : 'stdio'} · {server.target}
        </span>
      </header>
      <p
        className={`mcp-state ${server.state === 'error' ? 'bad' : server.state === 'connected' ? 'ok' : 'muted'}`}
        role="status"
      >
        {stateWords(server)}
      </p>
      {server.stderr && (
        <details open={server.state === 'error'}>
          <summary className="small">What the server wrote to stderr (last lines)</summary>
          <pre className="mono small mcp-stderr">{server.stderr}</pre>
        </details>
      )}
      <div className="row">
        <label className="row small">
          <input
            type="checkbox"
            checked={server.enabled}
            onChange={(e) => void setServerEnabled(server.name, e.target.checked)}
          />
          Enabled
        </label>
        <button
          type="button"
          disabled={!server.enabled}
          onClick={() => void restartServer(server.name)}
          aria-label={`Restart ${server.name}`}
        >
          Restart
        </button>
      </div>
      {server.tools.length > 0 && (
        <ul className="mcp-tools" aria-label={`Tools of ${server.name}`}>
          {server.tools.map((tool) => (
            <li key={tool.name}>
              <span>
                <span className="mono">{tool.tool}</span>
                {tool.description && <span className="small muted"> — {tool.description}</span>}
              </span>
              <label className="small mcp-allow">
                <input
                  type="checkbox"
                  checked={allowed.includes(tool.name)}
                  onChange={(e) => void setAlwaysAllow(tool.name, e.target.checked)}
                  aria-label={`Always allow ${tool.name}`}
                />{' '}
                Always allow
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AlwaysAllowed({ names }: { names: string[] }) {
  const setAlwaysAllow = useStore((s) => s.setAlwaysAllow);
  if (names.length === 0) return null;
  return (
    <section aria-labelledby="mcp-always-allowed">
      <h2 id="mcp-always-allowed">Always allowed tools</h2>
      <p className="help">
        These run without asking in this window (never for turns started over the local API).
      </p>
      <ul className="masked-list">
        {names.map((name) => (
          <li key={name}>
            <span className="mono">{name}</span>{' '}
            <button
              type="button"
              className="ghost small-button"
              onClick={() => void setAlwaysAllow(name, false)}
              aria-label={`Revoke ${name}`}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

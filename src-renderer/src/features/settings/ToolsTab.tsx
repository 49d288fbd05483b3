import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { McpServerView } from '../../../../src-shared/tools';
import { t } from '../../i18n';
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
      return t('tools.connected', { count: server.tools.length });
    case 'starting':
      return t('tools.starting');
    case 'error':
      return t('tools.error', { reason: server.message ?? t('tools.itStopped') });
    case 'disabled':
      return t('tools.disabled');
    default:
      return t('tools.notStarted');
  }
}

/**
 * Settings → Tools: the `mcpServers` JSON (as in Claude Desktop or Cursor) or a small form to
 * add one server; each server's status (with its own error and stderr), Enabled, Restart and
 * its tools with "Always allow"; the always-allowed tools, each revocable.
 */
export function ToolsTab() {
  useTranslation();
  const settings = useStore((s) => s.settings);
  const servers = useStore((s) => s.mcpServers);
  const notice = useStore((s) => s.toolsNotice);
  const watchTools = useStore((s) => s.watchTools);
  const saveSettings = useStore((s) => s.saveSettings);
  const error = useStore((s) => s.settingsErrors.mcp_servers);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => watchTools(), [watchTools]);
  if (!settings) return <p className="muted">{t('app.loading')}</p>;
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
        <Trans i18nKey="tools.intro" components={{ code: <code /> }} />
      </p>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void save(text);
        }}
      >
        <label htmlFor="mcp-servers-json">{t('tools.json')}</label>
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
        <p className="help">{t('tools.jsonHelp')}</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={draft === null}>
            {t('tools.save')}
          </button>
          {saved && <span className="ok small">{t('tools.saved')}</span>}
        </div>
      </form>
      <AddServerForm current={settings.mcp_servers} save={save} />
      {servers.length > 0 && (
        <section aria-labelledby="mcp-server-list">
          <h2 id="mcp-server-list">{t('tools.servers')}</h2>
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
  useTranslation();
  const restartServer = useStore((s) => s.restartServer);
  const setServerEnabled = useStore((s) => s.setServerEnabled);
  const setAlwaysAllow = useStore((s) => s.setAlwaysAllow);
  return (
    <section
      className={`mcp-server state-${server.state}`}
      role="group"
      aria-label={t('tools.server', { name: server.name })}
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
          <summary className="small">{t('tools.stderr')}</summary>
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
          {t('tools.enabled')}
        </label>
        <button
          type="button"
          disabled={!server.enabled}
          onClick={() => void restartServer(server.name)}
          aria-label={t('tools.restartName', { name: server.name })}
        >
          {t('tools.restart')}
        </button>
      </div>
      {server.tools.length > 0 && (
        <ul className="mcp-tools" aria-label={t('tools.toolsOf', { name: server.name })}>
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
                  aria-label={t('tools.alwaysAllowName', { name: tool.name })}
                />{' '}
                {t('tools.alwaysAllow')}
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AlwaysAllowed({ names }: { names: string[] }) {
  useTranslation();
  const setAlwaysAllow = useStore((s) => s.setAlwaysAllow);
  if (names.length === 0) return null;
  return (
    <section aria-labelledby="mcp-always-allowed">
      <h2 id="mcp-always-allowed">{t('tools.allowedTitle')}</h2>
      <p className="help">{t('tools.allowedHelp')}</p>
      <ul className="masked-list">
        {names.map((name) => (
          <li key={name}>
            <span className="mono">{name}</span>{' '}
            <button
              type="button"
              className="ghost small-button"
              onClick={() => void setAlwaysAllow(name, false)}
              aria-label={t('tools.revokeName', { name })}
            >
              {t('tools.revoke')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

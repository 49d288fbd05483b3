import { useState } from 'react';

/** `NAME=value` (env) or `Name: value` (headers) lines as an object; blank lines skipped. */
function pairs(text: string, separator: '=' | ':'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(separator);
    if (line.trim() === '' || at <= 0) continue;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** The current `mcp_servers` text with one more server, in the `{"mcpServers": …}` form; an error in words otherwise. */
export function withServer(
  current: string,
  name: string,
  entry: Record<string, unknown>,
): string | { error: string } {
  let servers: Record<string, unknown> = {};
  if (current.trim() !== '') {
    try {
      const json = JSON.parse(current) as Record<string, unknown>;
      servers = (json.mcpServers ?? json) as Record<string, unknown>;
    } catch {
      return { error: 'The JSON above does not parse; fix or clear it first.' };
    }
  }
  if (name in servers) return { error: `There is already a server named "${name}".` };
  return `${JSON.stringify({ mcpServers: { ...servers, [name]: entry } }, null, 2)}\n`;
}

/** A small form that adds one server (stdio command or Streamable HTTP URL) to the JSON and saves it. */
export function AddServerForm({
  current,
  save,
}: {
  current: string;
  save: (value: string) => Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'stdio' | 'http'>('stdio');
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [env, setEnv] = useState('');
  const [url, setUrl] = useState('');
  const [headers, setHeaders] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ready = name.trim() !== '' && (kind === 'stdio' ? command.trim() !== '' : url.trim() !== '');

  const submit = async () => {
    const entry =
      kind === 'stdio'
        ? {
            command: command.trim(),
            args: args
              .split('\n')
              .map((a) => a.trim())
              .filter((a) => a !== ''),
            ...(env.trim() ? { env: pairs(env, '=') } : {}),
          }
        : { url: url.trim(), ...(headers.trim() ? { headers: pairs(headers, ':') } : {}) };
    const next = withServer(current, name.trim(), entry);
    if (typeof next !== 'string') return setProblem(next.error);
    setProblem(null);
    if (await save(next)) {
      setName('');
      setCommand('');
      setArgs('');
      setEnv('');
      setUrl('');
      setHeaders('');
    }
  };

  return (
    <details className="add-server">
      <summary>Add a server</summary>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="mcp-add-name">Server name</label>
          <input
            id="mcp-add-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="github"
          />
        </div>
        <fieldset className="row">
          <legend className="small">Transport</legend>
          <label className="row small">
            <input
              type="radio"
              name="mcp-kind"
              checked={kind === 'stdio'}
              onChange={() => setKind('stdio')}
            />{' '}
            Command (stdio)
          </label>
          <label className="row small">
            <input type="radio" name="mcp-kind" checked={kind === 'http'} onChange={() => setKind('http')} />{' '}
            URL (Streamable HTTP)
          </label>
        </fieldset>
        {kind === 'stdio' ? (
          <>
            <div className="field">
              <label htmlFor="mcp-add-command">Command</label>
              <input
                id="mcp-add-command"
                className="mono"
                value={command}
                onChange={(e) => setCommand(e.target.value)}
                placeholder="npx"
              />
            </div>
            <div className="field">
              <label htmlFor="mcp-add-args">Arguments (one per line)</label>
              <textarea
                id="mcp-add-args"
                className="mono"
                rows={3}
                value={args}
                onChange={(e) => setArgs(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="mcp-add-env">Environment (NAME=value, one per line)</label>
              <textarea
                id="mcp-add-env"
                className="mono secret-text"
                rows={2}
                value={env}
                onChange={(e) => setEnv(e.target.value)}
              />
            </div>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor="mcp-add-url">URL</label>
              <input
                id="mcp-add-url"
                className="mono"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="https://example.com/mcp"
              />
            </div>
            <div className="field">
              <label htmlFor="mcp-add-headers">Headers (Name: value, one per line)</label>
              <textarea
                id="mcp-add-headers"
                className="mono secret-text"
                rows={2}
                value={headers}
                onChange={(e) => setHeaders(e.target.value)}
              />
            </div>
          </>
        )}
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={!ready}>
            Add server
          </button>
        </div>
      </form>
    </details>
  );
}

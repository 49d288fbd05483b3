import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../../i18n';
import { Field } from './Field';

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
      return { error: t('tools.badJson') };
    }
  }
  if (name in servers) return { error: t('tools.exists', { name }) };
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
  useTranslation();
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
      <summary>{t('tools.add')}</summary>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField label={t('tools.name')} value={name} onChange={setName} placeholder="github" />
        <fieldset className="row">
          <legend className="small">{t('tools.transport')}</legend>
          <label className="row small">
            <input
              type="radio"
              name="mcp-kind"
              checked={kind === 'stdio'}
              onChange={() => setKind('stdio')}
            />{' '}
            {t('tools.stdio')}
          </label>
          <label className="row small">
            <input type="radio" name="mcp-kind" checked={kind === 'http'} onChange={() => setKind('http')} />{' '}
            {t('tools.http')}
          </label>
        </fieldset>
        {kind === 'stdio' ? (
          <>
            <TextField
              label={t('tools.command')}
              value={command}
              onChange={setCommand}
              placeholder="npx"
              mono
            />
            <TextField label={t('tools.args')} value={args} onChange={setArgs} rows={3} mono />
            <TextField label={t('tools.env')} value={env} onChange={setEnv} rows={2} mono />
          </>
        ) : (
          <>
            <TextField
              label={t('tools.url')}
              value={url}
              onChange={setUrl}
              placeholder="https://example.com/mcp"
              mono
            />
            <TextField label={t('tools.headers')} value={headers} onChange={setHeaders} rows={2} mono />
          </>
        )}
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={!ready}>
            {t('tools.addServer')}
          </button>
        </div>
      </form>
    </details>
  );
}

/** A labelled one-line input, or a textarea when `rows` is given. */
function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  rows?: number;
  mono?: boolean;
}) {
  const common = {
    value: props.value,
    className: props.mono ? 'mono' : undefined,
    spellCheck: false,
    placeholder: props.placeholder,
  };
  return (
    <Field label={props.label}>
      {props.rows ? (
        <textarea {...common} rows={props.rows} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </Field>
  );
}

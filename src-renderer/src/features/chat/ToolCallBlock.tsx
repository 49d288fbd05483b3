import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage, ToolRef } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { ApprovalBar, CodeOrEditor } from './CodeBlock';

/**
 * A call of an MCP server's tool: the server, the tool and the JSON arguments; Run / Edit
 * arguments / Skip (with "Always allow" for this tool) while it waits; the tool's text result
 * below (images it returned follow as their own messages).
 */
export const ToolCallBlock = memo(function ToolCallBlock({
  message,
  tool,
  output,
  awaitingApproval,
}: {
  message: ChatMessage;
  tool: ToolRef;
  output: ChatMessage | undefined;
  awaitingApproval: boolean;
}) {
  const { t } = useTranslation();
  const pending = useStore((s) => s.pending);
  const allowed = useStore((s) => s.settings?.mcp_always_allow.includes(tool.name) ?? false);
  const setAlwaysAllow = useStore((s) => s.setAlwaysAllow);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const [alwaysAllow, setAlwaysAllowDraft] = useState(false);
  const status = message.meta.status ?? 'pending';

  useEffect(() => {
    if (!awaitingApproval) setEditing(false);
    setDraft(message.content);
  }, [awaitingApproval, message.content]);

  return (
    <section
      className={`code-block tool-call status-${status}`}
      aria-label={t('tool.call', { name: tool.name })}
    >
      <header className="code-header">
        <span className="code-language">{t('tool.tag')}</span>
        <span className="code-cwd">
          {tool.server} · <strong>{tool.tool}</strong>
        </span>
        <span className="code-status">{t(`code.status.${status}`)}</span>
      </header>
      <CodeOrEditor
        editing={editing && awaitingApproval}
        content={message.content}
        draft={draft}
        setDraft={setDraft}
        editLabel={t('tool.editArguments')}
        viewLabel={t('tool.arguments')}
      />
      {message.meta.original_code !== undefined && (
        <p className="small muted edited-note">{t('tool.edited')}</p>
      )}
      {awaitingApproval && (
        <ApprovalBar
          blockId={message.id}
          request={pending}
          editing={editing}
          draft={draft}
          setEditing={setEditing}
          label={t('tool.approve')}
          editLabel={t('tool.editArguments')}
          beforeRun={async () => {
            if (alwaysAllow && !allowed) await setAlwaysAllow(tool.name, true);
          }}
        >
          <label className="small">
            <input
              type="checkbox"
              checked={alwaysAllow}
              onChange={(e) => setAlwaysAllowDraft(e.target.checked)}
            />{' '}
            {t('tool.alwaysAllowName', { name: tool.name })}
          </label>
        </ApprovalBar>
      )}
      {output && (
        <div
          className={`console tool-result ${output.meta.tool_error || output.meta.outcome === 'not_started' ? 'bad' : ''}`}
          aria-label={t('tool.result')}
        >
          <pre className="console-text">
            {output.content || (output.meta.outcome === 'stopped' ? t('tool.stopped') : t('tool.noText'))}
          </pre>
        </div>
      )}
    </section>
  );
});

import { CODE_MODES } from '../../../../src-shared/settings';
import { Field } from './Field';
import { KernelEnvironmentField } from './KernelEnvironmentField';
import type { Draft } from './GeneralTab';

const CODE_MODE_LABELS: Record<(typeof CODE_MODES)[number], string> = {
  auto: 'Auto (the execute tool where the provider supports tools, else fenced blocks)',
  tools: 'Tool calls (execute(language, code))',
  fences: 'Fenced code blocks',
};

/**
 * Settings → General → Running code: the approval mode (Ask every time / Auto-run, the
 * `open_interpreter_auto_run` setting), how the model proposes code, and the workspace folder.
 */
export function RunningCodeFields({
  draft,
  set,
  errors,
  dataDir,
  workspaceDefault,
}: {
  draft: Draft;
  set: <K extends keyof Draft>(name: K, value: Draft[K]) => void;
  errors: Record<string, string>;
  dataDir: string;
  workspaceDefault: string;
}) {
  return (
    <fieldset>
      <legend>Running code</legend>
      <Field
        label="Code approval"
        help="Ask every time: each block waits for Run / Edit / Skip. Auto-run: blocks run as soon as they arrive. Either way, a block matching a short list of destructive patterns (rm -rf /, mkfs, writing to a raw disk, fork bombs) is flagged in red and waits for you. That list is a warning, not a sandbox: code it does not flag can still delete files or worse."
        error={errors.open_interpreter_auto_run}
      >
        <select
          value={draft.open_interpreter_auto_run ? 'auto_run' : 'ask'}
          onChange={(e) => set('open_interpreter_auto_run', e.target.value === 'auto_run')}
        >
          <option value="ask">Ask every time</option>
          <option value="auto_run">Auto-run</option>
        </select>
      </Field>
      <Field
        label="How the model proposes code"
        help="If a provider refuses tools in Auto, Switchboard retries with fenced blocks and remembers it until restart."
        error={errors.open_interpreter_code_mode}
      >
        <select
          value={draft.open_interpreter_code_mode}
          onChange={(e) =>
            set('open_interpreter_code_mode', e.target.value as Draft['open_interpreter_code_mode'])
          }
        >
          {CODE_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {CODE_MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Workspace folder"
        help={`Each chat runs its code in its own folder inside this one. Empty = ${workspaceDefault} (outside the data dir, ${dataDir}, which holds your keys); ~/ means your home folder. Kernels already running keep their folder until they restart.`}
        error={errors.open_interpreter_workspace_dir}
      >
        <input
          type="text"
          className="mono"
          spellCheck={false}
          value={draft.open_interpreter_workspace_dir}
          placeholder={workspaceDefault}
          onChange={(e) => set('open_interpreter_workspace_dir', e.target.value)}
        />
      </Field>
      <KernelEnvironmentField draft={draft} set={set} error={errors.kernel_env_passthrough} />
    </fieldset>
  );
}

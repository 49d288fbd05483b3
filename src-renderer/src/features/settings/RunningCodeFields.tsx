import { useTranslation } from 'react-i18next';
import { CODE_MODES } from '../../../../src-shared/settings';
import { Field } from './Field';
import { KernelEnvironmentField } from './KernelEnvironmentField';
import type { Draft } from './GeneralTab';

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
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('general.runningCode')}</legend>
      <Field
        label={t('general.approval')}
        help={t('general.approvalHelp')}
        error={errors.open_interpreter_auto_run}
      >
        <select
          value={draft.open_interpreter_auto_run ? 'auto_run' : 'ask'}
          onChange={(e) => set('open_interpreter_auto_run', e.target.value === 'auto_run')}
        >
          <option value="ask">{t('general.ask')}</option>
          <option value="auto_run">{t('general.autoRun')}</option>
        </select>
      </Field>
      <Field
        label={t('general.codeMode')}
        help={t('general.codeModeHelp')}
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
              {t(`general.codeModes.${mode}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t('general.workspace')}
        help={t('general.workspaceHelp', { default: workspaceDefault, dir: dataDir })}
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

import { useTranslation } from 'react-i18next';
import { Field } from './Field';
import type { Draft } from './GeneralTab';

/**
 * Settings → General → Running code → "Variables code may see": the `kernel_env_passthrough`
 * list of environment variables let through to kernels although they look like credentials.
 */
export function KernelEnvironmentField({
  draft,
  set,
  error,
}: {
  draft: Draft;
  set: (name: 'kernel_env_passthrough', value: string) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t('general.kernelEnv')} help={t('general.kernelEnvHelp')} error={error}>
      <textarea
        className="mono"
        rows={2}
        spellCheck={false}
        value={draft.kernel_env_passthrough}
        placeholder={t('general.kernelEnvPlaceholder')}
        onChange={(e) => set('kernel_env_passthrough', e.target.value)}
      />
    </Field>
  );
}

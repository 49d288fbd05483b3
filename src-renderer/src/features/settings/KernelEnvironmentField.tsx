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
  return (
    <Field
      label="Variables code may see"
      help="Code runs with your environment minus anything that looks like a credential: names with key, secret, token, password, passwd, pat, credential, auth, session or cookie, URLs with a password, and values shaped like API keys. List here the ones your code needs anyway (spaces or commas between names; PREFIX_* for a family). Keys saved in Switchboard never reach your code."
      error={error}
    >
      <textarea
        className="mono"
        rows={2}
        spellCheck={false}
        value={draft.kernel_env_passthrough}
        placeholder="e.g. AWS_PROFILE DATABASE_URL"
        onChange={(e) => set('kernel_env_passthrough', e.target.value)}
      />
    </Field>
  );
}

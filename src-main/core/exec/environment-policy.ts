import type { Settings } from '../../../src-shared/settings';
import type { CredentialStore } from '../secrets/credential-store';
import type { KernelEnvironmentPolicy } from './environment';

/** Names on the `kernel_env_passthrough` setting: split on spaces, commas and new lines. */
export function passThroughNames(setting: string): string[] {
  return setting.split(/[\s,]+/).filter((name) => name.length > 0);
}

/**
 * What kernels may see, from the settings (`kernel_env_passthrough`) and the credential store
 * (every stored key's value, kept out whatever variable holds it). A store that cannot be read
 * yields no values; the name and value rules still apply.
 */
export function kernelEnvironmentPolicy(
  settings: Settings,
  credentials: CredentialStore,
): KernelEnvironmentPolicy {
  let secrets: string[] = [];
  try {
    secrets = credentials.list().flatMap((view) => credentials.get(view.name));
  } catch {
    secrets = [];
  }
  return { passThrough: passThroughNames(settings.kernel_env_passthrough), secrets };
}

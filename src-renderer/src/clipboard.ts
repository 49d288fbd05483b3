import { t } from './i18n';

/**
 * Writes text to the clipboard: the async Clipboard API, or — where it is refused (Electron
 * denies permission requests by default; plain-http pages beyond localhost) — a selected
 * hidden textarea and `execCommand('copy')`, which needs only the click that asked for it.
 * Rejects when neither works.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the selection-based copy.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error(t('app.noClipboard'));
}

import { DropdownMenu } from 'radix-ui';
import type { ReactNode } from 'react';
import type { BranchPoint, ChatMessage } from '../../../../src-shared/lmc';
import { PRESET_INFO, PRESET_PROVIDER_IDS } from '../../../../src-shared/settings';
import { useStore } from '../../store';
import { clockTime, fullTime } from '../sidebar/dates';
import { CopyButton } from './CopyButton';
import { useTranslation } from 'react-i18next';

/** The row under a message (shown on hover or focus): when it was written, Copy, and any extra actions. */
export function MessageActions({ message, children }: { message: ChatMessage; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="message-actions">
      <time
        dateTime={message.created_at}
        title={fullTime(message.created_at, i18n.language)}
        className="small muted"
      >
        {clockTime(new Date(message.created_at), i18n.language)}
      </time>
      <CopyButton label={t('copy.message')} text={() => message.content} />
      {children}
    </div>
  );
}

/** `‹ 2/3 ›`: the versions of a message (edits, regenerations); switching shows that version and what followed it. */
export function VersionSwitcher({ point, disabled }: { point: BranchPoint; disabled: boolean }) {
  const { t } = useTranslation();
  const switchVersion = useStore((s) => s.switchVersion);
  const index = point.siblingIds.indexOf(point.messageId);
  const count = point.siblingIds.length;
  const go = (offset: number) => {
    const target = point.siblingIds[index + offset];
    if (target) void switchVersion(target);
  };
  return (
    <div className="versions" role="group" aria-label={t('versions.label')}>
      <button
        type="button"
        className="ghost small"
        aria-label={t('versions.previous')}
        disabled={disabled || index <= 0}
        onClick={() => go(-1)}
      >
        ‹
      </button>
      <span className="small" aria-label={t('versions.of', { n: index + 1, count })}>
        {index + 1}/{count}
      </span>
      <button
        type="button"
        className="ghost small"
        aria-label={t('versions.next')}
        disabled={disabled || index >= count - 1}
        onClick={() => go(1)}
      >
        ›
      </button>
    </div>
  );
}

/**
 * Under the last reply when the chat is idle: Regenerate (or Retry after an error or a stopped
 * block), optionally with another provider, and Continue when the turn's reply was cut off (`cut`).
 */
export function TurnActions({ last, cut }: { last: ChatMessage; cut: boolean }) {
  const { t } = useTranslation();
  const regenerate = useStore((s) => s.regenerate);
  const continueReply = useStore((s) => s.continueReply);
  const failed =
    Boolean(last.meta.error) || last.meta.status === 'stopped' || last.meta.outcome === 'stopped';
  return (
    <div className="turn-actions" role="group" aria-label={t('actions.label')}>
      <button type="button" onClick={() => void regenerate()}>
        {failed ? t('actions.retry') : t('actions.regenerate')}
      </button>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="ghost">
            {failed ? t('actions.retryWith') : t('actions.regenerateWith')}
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="start">
            {PRESET_PROVIDER_IDS.map((id) => (
              <DropdownMenu.Item
                key={id}
                className="menu-item"
                onSelect={() => void regenerate({ providerId: id })}
              >
                {PRESET_INFO[id].label} · {PRESET_INFO[id].defaultModel}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {cut && (
        <button type="button" onClick={() => void continueReply()}>
          {t('actions.continue')}
        </button>
      )}
    </div>
  );
}

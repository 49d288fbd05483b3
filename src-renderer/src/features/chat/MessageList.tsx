import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';

/** One row of the conversation: a message, a code block with its output, a turn's usage. */
export interface ListItem {
  key: string;
  node: ReactNode;
}

/** How far from the end (px) still counts as "at the bottom", so a few pixels of jitter do not stop following. */
const AT_BOTTOM_PX = 80;

/** Room below the last row, so it does not touch the composer. */
const Footer = () => <div className="message-footer" />;
const COMPONENTS = { Footer };

/**
 * The conversation as a virtualised list (react-virtuoso): only the rows near the viewport are
 * in the DOM, so a 1,000-message chat opens and scrolls like a short one. It opens at the
 * newest row and follows new output while the person is at the bottom; once they scroll up it
 * stays put and offers "Jump to latest". `followKey` changing (the person sent a message)
 * brings the view back to the bottom.
 */
export function MessageList({
  items,
  empty,
  followKey,
}: {
  items: ListItem[];
  empty: ReactNode;
  followKey: string | undefined;
}) {
  const { t } = useTranslation();
  const list = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const jump = () => list.current?.scrollToIndex({ index: 'LAST', align: 'end' });

  useEffect(() => {
    // A row that grew (streamed text, console output) keeps the view at the bottom if it was there.
    list.current?.autoscrollToBottom();
  }, [items]);
  useEffect(() => {
    if (followKey !== undefined) list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [followKey]);

  if (items.length === 0) {
    return (
      <div className="messages" role="log" aria-label={t('list.conversation')}>
        {empty}
      </div>
    );
  }
  return (
    <div className="messages virtual" role="log" aria-label={t('list.conversation')}>
      <Virtuoso
        ref={list}
        className="message-scroller"
        data={items}
        computeItemKey={(_index, item) => item.key}
        itemContent={(_index, item) => <div className="message-row">{item.node}</div>}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        followOutput={(bottom) => (bottom ? 'auto' : false)}
        atBottomThreshold={AT_BOTTOM_PX}
        atBottomStateChange={setAtBottom}
        components={COMPONENTS}
        increaseViewportBy={{ top: 400, bottom: 400 }}
      />
      {!atBottom && (
        <button type="button" className="jump-latest" onClick={jump}>
          {t('list.jumpToLatest')}
        </button>
      )}
    </div>
  );
}

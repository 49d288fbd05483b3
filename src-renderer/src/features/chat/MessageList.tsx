import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';

/** One row of the conversation: a message, a code block with its output, a turn's usage. */
export interface ListItem {
  key: string;
  /** Ids of the messages this row shows, space-separated (a block and its console); default `key`. */
  ids?: string;
  node: ReactNode;
}

/** How long a row found by search stays marked, in ms. */
const FOCUS_MS = 2000;

/** How far from the end (px) still counts as "at the bottom", so a few pixels of jitter do not stop following. */
const AT_BOTTOM_PX = 80;

/** Keys that scroll the list up when it has focus. */
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

/** Room below the last row, so it does not touch the composer. */
const Footer = () => <div className="message-footer" />;
const COMPONENTS = { Footer };

/**
 * The conversation as a virtualised list (react-virtuoso): only the rows near the viewport are
 * in the DOM, so a 1,000-message chat opens and scrolls like a short one. It opens at the
 * newest row and follows new output — new rows and rows that grow (streamed text, console
 * output) — until the person scrolls up (wheel, touch, keys or the scrollbar); then it stays put
 * and offers "Jump to latest". Reaching the bottom again, Jump to latest, or `followKey`
 * changing (the person sent a message) resumes following. `focusId` (a message found by
 * search) scrolls its row to the middle and marks it for a moment, then calls `onFocused`.
 */
export function MessageList({
  items,
  empty,
  followKey,
  focusId = null,
  onFocused,
}: {
  items: ListItem[];
  empty: ReactNode;
  followKey: string | undefined;
  focusId?: string | null;
  onFocused?: () => void;
}) {
  const { t } = useTranslation();
  const list = useRef<VirtuosoHandle>(null);
  const scroller = useRef<HTMLElement | null>(null);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);

  const follow = useCallback((on: boolean) => {
    followingRef.current = on;
    setFollowing(on);
  }, []);
  const toBottom = useCallback(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, []);
  const jump = () => {
    follow(true);
    list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  };

  useEffect(() => {
    if (followKey === undefined) return;
    follow(true);
    list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [followKey, follow]);

  const focusIndex = focusId
    ? items.findIndex((item) => (item.ids ?? item.key).split(' ').includes(focusId))
    : -1;
  useEffect(() => {
    if (focusIndex < 0) return;
    follow(false);
    list.current?.scrollToIndex({ index: focusIndex, align: 'center' });
    const timer = setTimeout(() => onFocused?.(), FOCUS_MS);
    return () => clearTimeout(timer);
  }, [focusIndex, onFocused, follow]);

  // The person scrolling up (not content growing) is what stops following.
  const attach = useCallback(
    (element: HTMLElement | Window | null) => {
      const previous = scroller.current;
      if (previous === element) return;
      const stop = () => follow(false);
      const onWheel = (event: WheelEvent) => event.deltaY < 0 && stop();
      const onKey = (event: KeyboardEvent) => UP_KEYS.has(event.key) && stop();
      // A press on the scrollbar (beyond the content's width) starts a drag; a press on a message
      // while the view is away from the bottom (it got there without a wheel: focus, find, a
      // script) is work on that message (Edit opens there), which following would scroll away.
      const onPointer = (event: PointerEvent) =>
        ((event.target === scroller.current && event.offsetX > (scroller.current?.clientWidth ?? Infinity)) ||
          !atBottomRef.current) &&
        stop();
      if (element instanceof HTMLElement) {
        scroller.current = element;
        element.addEventListener('wheel', onWheel, { passive: true });
        element.addEventListener('touchmove', stop, { passive: true });
        element.addEventListener('keydown', onKey);
        element.addEventListener('pointerdown', onPointer);
      } else scroller.current = null;
    },
    [follow],
  );

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
        scrollerRef={attach}
        className="message-scroller"
        data={items}
        computeItemKey={(_index, item) => item.key}
        itemContent={(index, item) => (
          <div
            className={`message-row ${index === focusIndex ? 'focused' : ''}`}
            data-message-ids={item.ids ?? item.key}
          >
            {item.node}
          </div>
        )}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        followOutput={() => (followingRef.current ? 'auto' : false)}
        totalListHeightChanged={() => {
          if (followingRef.current) toBottom();
        }}
        atBottomThreshold={AT_BOTTOM_PX}
        atBottomStateChange={(bottom) => {
          atBottomRef.current = bottom;
          setAtBottom(bottom);
          if (bottom) follow(true);
        }}
        components={COMPONENTS}
        increaseViewportBy={{ top: 400, bottom: 400 }}
      />
      {!following && !atBottom && (
        <button type="button" className="jump-latest" onClick={jump}>
          {t('list.jumpToLatest')}
        </button>
      )}
    </div>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { markdownBlocks } from './markdown-blocks';
import { MarkdownText } from './MarkdownText';

/**
 * Markdown of a reply that may still be streaming. The text shown follows `text` at most once
 * per animation frame (chunks arriving faster are folded into one render), and only the block
 * that changed is rendered again, so a long reply costs the page per frame what its last block
 * costs, not what the whole reply costs per chunk.
 */
export function StreamedMarkdown({ text }: { text: string }) {
  const shown = useFrameThrottled(text);
  const blocks = useMemo(() => markdownBlocks(shown), [shown]);
  return (
    <>
      {blocks.map((block, index) => (
        // Blocks only ever grow at the end, so a block's index is its identity.
        <MarkdownText key={index} text={block} />
      ))}
    </>
  );
}

/** `value`, updated at most once per animation frame (the newest value of that frame). */
function useFrameThrottled(value: string): string {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const frame = useRef<number | null>(null);
  useEffect(() => {
    latest.current = value;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setShown(latest.current);
    });
  }, [value]);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return shown;
}

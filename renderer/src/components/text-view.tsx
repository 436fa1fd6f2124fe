import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { tokenizeLine, type Language } from '../lib/tokenize';

interface Props {
  text: string;
  language: Language;
  testId?: string;
  /** Lines containing this (case-insensitive) are marked. */
  mark?: string;
  /** Scroll this line (0-based) into view. */
  scrollToLine?: number | null;
}

/** Text with line numbers and light syntax colour; every token is a React text node. */
export function TextView({ text, language, testId, mark, scrollToLine }: Props) {
  const lines = useMemo(() => text.split(/\r?\n/), [text]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 19,
    overscan: 20,
  });
  useEffect(() => {
    if (scrollToLine != null && scrollToLine >= 0) virtualizer.scrollToIndex(scrollToLine, { align: 'center' });
  }, [scrollToLine, virtualizer]);
  const needle = mark?.trim().toLowerCase() ?? '';
  const gutter = String(lines.length).length;
  return (
    <div className="text-view" ref={scroller} tabIndex={0} data-testid={testId}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index] ?? '';
          const marked = needle !== '' && line.toLowerCase().includes(needle);
          return (
            <div
              key={item.index}
              className={marked ? 'text-line marked' : 'text-line'}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <span className="text-gutter">{String(item.index + 1).padStart(gutter, ' ')}</span>
              <span className="text-code">
                {tokenizeLine(line, language).map((t, i) => (
                  <span key={i} className={`tok-${t.kind}`}>
                    {t.text}
                  </span>
                ))}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

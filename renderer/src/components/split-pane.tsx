import { Children, useRef, useState, type ReactNode } from 'react';
import { clampFraction, loadFraction, saveFraction } from '../lib/pane-prefs';

const KEY_STEP = 0.02;

/**
 * Two panes side by side with a divider the user drags (or moves with the
 * arrow keys, Home and End); its place is remembered per split id.
 */
export function SplitPane({
  id,
  className,
  defaultFraction,
  children,
}: {
  id: string;
  className?: string;
  defaultFraction: number;
  children: ReactNode;
}) {
  const [fraction, setFraction] = useState(() => loadFraction(id, defaultFraction));
  const box = useRef<HTMLDivElement>(null);
  const [left, right] = Children.toArray(children);

  const set = (f: number) => {
    const next = clampFraction(f);
    setFraction(next);
    saveFraction(id, next);
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const rect = box.current?.getBoundingClientRect();
      if (rect && rect.width > 0) set((ev.clientX - rect.left) / rect.width);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const to =
      e.key === 'ArrowLeft'
        ? fraction - KEY_STEP
        : e.key === 'ArrowRight'
          ? fraction + KEY_STEP
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? 1
              : null;
    if (to === null) return;
    e.preventDefault();
    set(to);
  };

  return (
    <div
      ref={box}
      className={['split', 'resizable', className].filter(Boolean).join(' ')}
      data-testid={`split-${id}`}
      style={{ gridTemplateColumns: `minmax(0, ${fraction}fr) 5px minmax(0, ${1 - fraction}fr)` }}
    >
      {left}
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the panes"
        aria-valuemin={15}
        aria-valuemax={85}
        aria-valuenow={Math.round(fraction * 100)}
        tabIndex={0}
        data-testid={`split-handle-${id}`}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        onDoubleClick={() => set(defaultFraction)}
        title="Drag to resize; double-click to reset"
      />
      {right}
    </div>
  );
}

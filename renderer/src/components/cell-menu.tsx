import { useEffect, useRef } from 'react';

export interface CellMenuState {
  x: number;
  y: number;
  cell: string;
  row: string;
}

interface Props {
  menu: CellMenuState;
  onCopy: (text: string) => void;
  onClose: () => void;
}

/** The right-click menu of a table cell: copy the cell or the whole row (tab-separated). */
export function CellMenu({ menu, onCopy, onClose }: Props) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const close = () => onClose();
    window.addEventListener('pointerdown', close);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('blur', close);
    };
  }, [onClose]);
  const item = (label: string, text: string, testId: string, ref?: typeof first) => (
    <button
      ref={ref}
      role="menuitem"
      className="menu-item"
      data-testid={testId}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={() => {
        onCopy(text);
        onClose();
      }}
    >
      {label}
    </button>
  );
  return (
    <div
      role="menu"
      className="menu"
      data-testid="cell-menu"
      style={{ left: Math.min(menu.x, window.innerWidth - 180), top: Math.min(menu.y, window.innerHeight - 80) }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      {item('Copy', menu.cell, 'cell-menu-copy', first)}
      {item('Copy row', menu.row, 'cell-menu-copy-row')}
    </div>
  );
}

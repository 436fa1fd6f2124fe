import { useEffect, useRef } from 'react';
import type { MenuItem } from '../lib/menu-item';

export interface ContextMenuState {
  x: number;
  y: number;
  items: MenuItem[];
}

interface Props {
  menu: ContextMenuState;
  onClose: () => void;
  testId?: string;
}

/** A right-click menu: its first item focused, Escape or a click elsewhere closes it. */
export function ContextMenu({ menu, onClose, testId = 'context-menu' }: Props) {
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
  return (
    <div
      role="menu"
      className="menu"
      data-testid={testId}
      style={{
        left: Math.min(menu.x, window.innerWidth - 200),
        top: Math.min(menu.y, window.innerHeight - 20 - 32 * menu.items.length),
      }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      {menu.items.map((item, i) => (
        <button
          key={item.testId}
          ref={i === 0 ? first : undefined}
          role="menuitem"
          className="menu-item"
          data-testid={item.testId}
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => {
            item.run();
            onClose();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

import { Monitor, Moon, Sun } from 'lucide-react';
import { updateSettings, useTheme } from '../stores/settings-store';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;

export function ThemeSelect() {
  const theme = useTheme();
  const Icon = theme === 'light' ? Sun : theme === 'dark' ? Moon : Monitor;
  return (
    <button
      className="icon-btn theme-toggle"
      title={`Theme: ${theme} (click to change)`}
      aria-label={`Theme: ${theme}`}
      data-testid="theme-toggle"
      onClick={() => void updateSettings({ theme: NEXT[theme] })}
    >
      <Icon size={16} aria-hidden />
    </button>
  );
}

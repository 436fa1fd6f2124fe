/** The keyboard shortcuts, as the shortcut list ("?") and the palette show them. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Ctrl+K', what: 'Command palette: open archives, views, actions' },
  { keys: '?', what: 'This list of shortcuts (not while typing in a field)' },
  { keys: 'Ctrl+O', what: 'Open a checkpoint archive' },
  { keys: 'Ctrl+Shift+O', what: 'Open a checkpoint folder: unpacked, or CRIU images only (desktop app)' },
  { keys: 'Ctrl+W', what: 'Close the archive shown' },
  { keys: 'Ctrl+F', what: "Search in the current view's filter" },
  { keys: 'Alt+Left / Alt+Right', what: 'Back / Forward (after a jump, e.g. process to memory)' },
  { keys: 'Left / Right / Home / End', what: 'Move between tabs (archive tabs, view tabs)' },
  { keys: 'Delete', what: 'Close the focused archive tab' },
  { keys: 'Escape', what: 'Close a dialog, menu or panel' },
];

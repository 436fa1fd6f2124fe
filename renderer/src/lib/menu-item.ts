/** One entry of a right-click menu (components/context-menu.tsx draws them). */
export interface MenuItem {
  label: string;
  testId: string;
  run: () => void;
}

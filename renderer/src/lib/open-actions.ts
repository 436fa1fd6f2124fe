import { openDialog, openFiles } from '../stores/archives-store';
import { useAppInfo } from '../stores/settings-store';

/** The browser host cannot show a native dialog: pick files and upload them. */
function pickFiles(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.accept = '.tar,.gz,.tgz,.zst,.tzst,application/x-tar,application/gzip,application/zstd';
  input.addEventListener('change', () => {
    const files = input.files ? [...input.files] : [];
    if (files.length > 0) void openFiles(files);
  });
  input.click();
}

/** A folder (unpacked checkpoint, CRIU images) through the native dialog; null where there is none (the browser). */
export function useOpenFolder(): (() => void) | null {
  const info = useAppInfo();
  return info?.nativeDialogs ? () => void openDialog(true) : null;
}

export function useOpenCheckpoint(): () => void {
  const info = useAppInfo();
  return () => {
    if (info?.nativeDialogs) void openDialog();
    else pickFiles();
  };
}

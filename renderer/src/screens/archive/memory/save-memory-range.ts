import { MEMORY_DOWNLOAD_PATH } from '../../../../../shared/wire';
import { getApi } from '../../../api';
import { formatBytes } from '../../../lib/format';

/**
 * Saves [start, end) of a process's memory as a raw file: a save dialog in
 * Electron; the browser host, which has none, checks the range first (main
 * refuses pages not in the checkpoint, naming them) and then downloads it.
 * Resolves to what to tell the user.
 */
export async function saveMemoryRange(archiveId: string, pid: number, start: number, end: number): Promise<string> {
  const api = getApi();
  try {
    const saved = await api.invoke('inspect.saveMemoryRange', { archiveId, pid, start, end });
    return saved.saved ? `Saved ${formatBytes(saved.bytes)}, sha256 ${saved.sha256 ?? ''}` : 'Not saved';
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'UNSUPPORTED') throw error;
  }
  const checked = await api.invoke('inspect.checkMemoryRange', { archiveId, pid, start, end });
  const query = new URLSearchParams({ archiveId, pid: String(pid), start: String(start), end: String(end) });
  const link = document.createElement('a');
  link.href = `${MEMORY_DOWNLOAD_PATH}?${query.toString()}`;
  link.download = `memory-${pid}-0x${start.toString(16)}-0x${end.toString(16)}.bin`;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  return `Downloading ${formatBytes(checked.bytes)}`;
}

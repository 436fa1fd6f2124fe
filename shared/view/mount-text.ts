// A mount's cells as both the app's Mounts tab and the HTML report show them.
import type { MountRow } from '../dto';

export const mountSourceText = (m: MountRow) => m.sourcePath || '—';
export const mountOptionsText = (m: MountRow) => m.options.join(',') || '—';

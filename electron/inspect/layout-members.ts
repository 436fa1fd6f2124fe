// The engines' own members beside the CRIU images, said by name and purpose
// so a user finds the logs, status, volumes and bind mounts of any layout:
// containerd (status, status.dump, container.log), CRI-O (bind.mounts, its log
// under the name of its LogPath annotation), Podman (ctr.log, network.status,
// devshm-checkpoint.tar, volumes/*.tar, artifacts/, pre-checkpoint/) and
// CRIU's own (dump.log, the `parent` link of a dump made over a pre-dump).
import type { BindMountInfo, LayoutMember, ProblemInfo } from '../../shared/dto';
import type { TarMemberLike } from './ports';

type Known = Pick<LayoutMember, 'role' | 'writer'>;

/** CRI-O writes the container's log into the archive under the annotation's own name. */
export const CRIO_LOG_MEMBER = 'io.kubernetes.cri-o.LogPath';

const FILES: Record<string, Known> = {
  'dump.log': { role: 'criu-log', writer: 'criu' },
  'container.log': { role: 'container-log', writer: 'containerd' },
  [CRIO_LOG_MEMBER]: { role: 'container-log', writer: 'cri-o' },
  'ctr.log': { role: 'container-log', writer: 'podman' },
  status: { role: 'container-status', writer: 'containerd' },
  'status.dump': { role: 'container-status', writer: 'containerd' },
  'network.status': { role: 'network-status', writer: 'podman' },
  'bind.mounts': { role: 'bind-mounts', writer: 'cri-o' },
  'devshm-checkpoint.tar': { role: 'devshm', writer: 'podman' },
  'rootfs-diff.tar': { role: 'rootfs-diff', writer: 'any' },
  'deleted.files': { role: 'deleted-files', writer: 'any' },
  'stats-dump': { role: 'stats', writer: 'any' },
  'checkpoint-inspector.json': { role: 'notes', writer: 'any' },
};

const FOLDERS: Record<string, Known> = {
  artifacts: { role: 'artifacts', writer: 'podman' },
  'pre-checkpoint': { role: 'pre-checkpoint', writer: 'podman' },
};

/** Each engine member of the archive, sorted by name: files by name, folders with their files' count and bytes. */
export function layoutMembers(members: readonly TarMemberLike[]): LayoutMember[] {
  const out = new Map<string, LayoutMember>();
  const add = (name: string, known: Known, m: TarMemberLike, linkTarget: string | null = null) => {
    const row = out.get(name) ?? { name, ...known, size: 0, files: 0, linkTarget };
    if (m.type === 'file') {
      row.size += m.size;
      row.files += 1;
    }
    out.set(name, row);
  };
  for (const m of members) {
    const file = FILES[m.name];
    if (file) add(m.name, file, m);
    else if (/^volumes\/[^/]+\.tar$/.test(m.name)) add(m.name, { role: 'volume', writer: 'podman' }, m);
    else if (m.name === 'checkpoint/parent' && m.type === 'symlink')
      add(m.name, { role: 'parent-images', writer: 'criu' }, m, m.linkname);
    else {
      const top = m.name.split('/')[0] ?? '';
      const folder = FOLDERS[top];
      if (folder) add(top, folder, m);
    }
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** CRI-O's bind.mounts (a JSON array of source, destination, file_type, permissions); anything else is a problem. */
export function bindMounts(json: unknown, problems: ProblemInfo[]): BindMountInfo[] {
  if (json === null) return [];
  if (!Array.isArray(json)) {
    problems.push({ where: 'bind.mounts', code: 'ARCHIVE_CORRUPT', message: 'bind.mounts is not a JSON array' });
    return [];
  }
  const rows: BindMountInfo[] = [];
  for (const [i, entry] of json.entries()) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof e['destination'] !== 'string') {
      problems.push({ where: 'bind.mounts', code: 'ARCHIVE_CORRUPT', message: `entry ${i} has no destination` });
      continue;
    }
    const perm = e['permissions'];
    rows.push({
      source: text(e['source']),
      destination: e['destination'],
      fileType: text(e['file_type']),
      permissions: typeof perm === 'number' && Number.isSafeInteger(perm) ? perm : null,
    });
  }
  return rows;
}

import type { MountRow } from '../../shared/dto';
import { arr, enumName, field, isEntry, str, strField } from './crit-values';

const FSTYPES: Readonly<Record<number, string>> = {
  0: 'unsupported',
  1: 'proc',
  2: 'sysfs',
  3: 'devtmpfs',
  4: 'binfmt_misc',
  5: 'tmpfs',
  6: 'devpts',
  7: 'simfs',
  8: 'pstore',
  9: 'securityfs',
  10: 'fusectl',
  11: 'debugfs',
  12: 'cgroup',
  13: 'aufs',
  14: 'mqueue',
  15: 'fuse',
  16: 'auto',
  17: 'overlay',
  18: 'autofs',
  19: 'tracefs',
  23: 'cgroup2',
};

/** Mounts of the OCI spec (`mounts`), as the runtime was asked to make them. */
export function specMounts(spec: unknown): MountRow[] {
  return arr(field(spec, 'mounts'))
    .filter(isEntry)
    .map((m) => ({
      source: 'spec' as const,
      destination: strField(m, 'destination') ?? '',
      type: strField(m, 'type') ?? '',
      sourcePath: strField(m, 'source') ?? '',
      options: arr(m['options'])
        .map(str)
        .filter((o): o is string => o !== null),
    }));
}

/** Mounts as CRIU found them (mountpoints-N.img), one image per mount namespace. */
export function criuMounts(entries: readonly unknown[]): MountRow[] {
  return entries.filter(isEntry).map((m) => {
    let type = enumName(m['fstype'], FSTYPES) ?? '';
    // AUTO means CRIU kept the kernel's name in fsname.
    if (type === 'auto' || type.startsWith('UNKNOWN')) type = strField(m, 'fsname') ?? type;
    const options = strField(m, 'options');
    return {
      source: 'criu' as const,
      destination: strField(m, 'mountpoint') ?? '',
      type,
      sourcePath: strField(m, 'source') ?? '',
      options: options ? options.split(',').filter((o) => o.length > 0) : [],
    };
  });
}

import type { MemberInfo, ProblemInfo, Provenance, ProvenanceField, ProvenanceImage } from '../../shared/dto';
import { decodeImage, sniffImage } from '../criu';
import { field, isEntry, num, strField, sub } from './crit-values';
import { problemOf } from './process-images';
import { logProvenance } from './provenance-log';
import type { InspectSession } from './session';
import { DUMP_STATS_FIELDS, RESTORE_STATS_FIELDS } from '../../shared/criu-stat-names';
import { statsFields } from './stats';

type ProvenanceInput = Pick<InspectSession, 'members' | 'readMember'>;

const LSM: Readonly<Record<number, string>> = { 0: 'none', 1: 'SELinux', 2: 'AppArmor' };
const PRE_DUMP_MODE: Readonly<Record<number, string>> = { 1: 'splice', 2: 'read (process_vm_readv)' };
const NETWORK_LOCK: Readonly<Record<number, string>> = { 0: 'iptables', 1: 'nftables', 2: 'skip (not locked)' };
const ROOT_IDS = [
  'vm_id',
  'files_id',
  'fs_id',
  'sighand_id',
  'pid_ns_id',
  'net_ns_id',
  'ipc_ns_id',
  'uts_ns_id',
  'mnt_ns_id',
  'user_ns_id',
  'cgroup_ns_id',
  'time_ns_id',
];
/** Bytes read of a small image (stats-dump, inventory.img are tens of bytes). */
const SMALL_IMAGE_BYTES = 64 * 1024;

function uptimeText(us: number): string {
  const s = Math.floor(us / 1e6);
  return `${us} µs (${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h ${Math.floor((s % 3600) / 60)}m ${s % 60}s since boot)`;
}

function f(
  key: string,
  label: string,
  value: ProvenanceField['value'],
  text?: string,
  unit: string | null = null,
): ProvenanceField {
  return { key, label, value, unit, text: value === null ? 'not recorded' : (text ?? String(value)) };
}

const LSM_NAMES: Readonly<Record<string, string>> = { NO_LSM: 'none', SELINUX: 'SELinux', APPARMOR: 'AppArmor' };

function named(v: unknown, table: Readonly<Record<number, string>>): string | null {
  if (typeof v === 'string' && LSM_NAMES[v]) return LSM_NAMES[v];
  const n = num(v);
  return n === null ? null : (table[n] ?? `unknown (${n})`);
}

/** inventory.img's every field, in words. */
export function inventoryFields(entry: unknown): ProvenanceField[] {
  const bool = (k: string): boolean | null =>
    typeof field(entry, k) === 'boolean' ? (field(entry, k) as boolean) : null;
  const ids = sub(entry, 'root_ids');
  const uptime = num(field(entry, 'dump_uptime'));
  const plugins = field(sub(entry, 'plugins_entry'), 'plugins');
  const pluginList = Array.isArray(plugins) ? plugins.map(String) : null;
  const runId = field(entry, 'dump_criu_run_id');
  return [
    f('img_version', 'image format version', num(field(entry, 'img_version'))),
    f('fdinfo_per_id', 'descriptor tables in images of their own (fdinfo per id)', bool('fdinfo_per_id')),
    f(
      'root_ids',
      'root task’s object and namespace ids',
      ids
        ? ROOT_IDS.filter((k) => ids[k] !== undefined)
            .map((k) => `${k.replace(/_id$/, '')} ${num(ids[k])}`)
            .join(', ')
        : null,
    ),
    f('ns_per_id', 'namespaces in images per id', bool('ns_per_id')),
    f('root_cg_set', 'root task’s cgroup set id', num(field(entry, 'root_cg_set'))),
    f('lsmtype', 'Linux security module', named(field(entry, 'lsmtype'), LSM)),
    f('dump_uptime', 'host uptime when dumped', uptime, uptime === null ? undefined : uptimeText(uptime), 'µs'),
    f('pre_dump_mode', 'pre-dump memory read mode', named(field(entry, 'pre_dump_mode'), PRE_DUMP_MODE)),
    f('tcp_close', 'TCP connections closed at dump (--tcp-close)', bool('tcp_close')),
    f('network_lock_method', 'network lock method', named(field(entry, 'network_lock_method'), NETWORK_LOCK)),
    f(
      'plugins',
      'CRIU plugins that took part',
      pluginList === null ? null : pluginList.join(', ') || 'none',
      undefined,
    ),
    f('dump_criu_run_id', 'CRIU run id of the dump', typeof runId === 'string' ? runId : null),
    f('allow_uprobes', 'uprobes allowed (--allow-uprobes)', bool('allow_uprobes')),
  ];
}

async function small(s: ProvenanceInput, m: MemberInfo): Promise<unknown[]> {
  const { data } = await s.readMember(m.name, 0, Math.min(m.size, SMALL_IMAGE_BYTES));
  return decodeImage(data, { pretty: false, name: m.name.slice(m.name.lastIndexOf('/') + 1) }).entries;
}

async function pluginImages(
  s: ProvenanceInput,
  members: readonly MemberInfo[],
  problems: ProblemInfo[],
): Promise<ProvenanceImage[]> {
  const out: ProvenanceImage[] = [];
  for (const m of members) {
    if (m.type !== 'file' || !m.name.startsWith('checkpoint/')) continue;
    const base = m.name.slice('checkpoint/'.length);
    if (base.includes('/') || base.endsWith('.json')) continue;
    if (base.startsWith('amdgpu-')) {
      out.push({ name: m.name, size: m.size, kind: 'AMD GPU plugin image (amdgpu)' });
      continue;
    }
    try {
      const head = m.size > 0 ? (await s.readMember(m.name, 0, Math.min(8, m.size))).data : Buffer.alloc(0);
      if (sniffImage(head, base).kind === 'unknown')
        out.push({ name: m.name, size: m.size, kind: 'not known to this inspector (a plugin’s?)' });
    } catch (error) {
      problems.push(problemOf(error, m.name));
    }
  }
  return out;
}

async function readHead(s: ProvenanceInput, m: MemberInfo | undefined): Promise<string | null> {
  if (!m) return null;
  return (await s.readMember(m.name, 0, Math.min(m.size, SMALL_IMAGE_BYTES))).data.toString('utf8');
}

/** Where the dump came from and what CRIU measured: every stats field, the inventory, versions, plugin images. */
export async function buildProvenance(s: ProvenanceInput): Promise<Provenance> {
  const members = s.members();
  const problems: ProblemInfo[] = [];
  const get = (name: string): MemberInfo | undefined => members.find((m) => m.name === name && m.type === 'file');
  const part = async <T>(where: string, read: () => Promise<T>, unread: T): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      problems.push(problemOf(error, where));
      return unread;
    }
  };
  const statsMember = get('stats-dump');
  const stats = statsMember ? await part('stats-dump', () => small(s, statsMember), null) : null;
  const dump = stats ? sub(stats[0], 'dump') : null;
  const restore = stats ? sub(stats[0], 'restore') : null;
  const inventoryMember = get('checkpoint/inventory.img');
  const inventory = inventoryMember ? await part(inventoryMember.name, () => small(s, inventoryMember), null) : null;
  const log = logProvenance(await part('dump.log', () => readHead(s, get('dump.log')), null));
  const notes = await part('checkpoint-inspector.json', () => readHead(s, get('checkpoint-inspector.json')), null);
  let writer: string | null = null;
  if (notes) {
    try {
      const body = JSON.parse(notes) as unknown;
      if (isEntry(body))
        writer = [
          strField(body, 'writer'),
          strField(body, 'via') && `via ${strField(body, 'via')}`,
          strField(body, 'how'),
        ]
          .filter(Boolean)
          .join(', ');
    } catch (error) {
      problems.push(problemOf(error, 'checkpoint-inspector.json'));
    }
  }
  if (statsMember && stats && !dump && !restore)
    problems.push({
      where: 'stats-dump',
      code: 'IMAGE_CORRUPT',
      message: 'stats-dump holds neither dump nor restore stats',
    });
  return {
    dumpStats: dump ? statsFields(dump, DUMP_STATS_FIELDS) : null,
    restoreStats: restore ? statsFields(restore, RESTORE_STATS_FIELDS) : null,
    inventory: inventory && inventory[0] !== undefined ? inventoryFields(inventory[0]) : null,
    criuVersion: log.criuVersion,
    kernel: log.kernel,
    runIds: log.runIds,
    criuSettings: log.settings,
    writer,
    pluginImages: await pluginImages(s, members, problems),
    problems,
  };
}

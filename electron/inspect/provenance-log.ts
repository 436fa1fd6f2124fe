import { criuVersionFromLog } from './stats';

export interface LogProvenance {
  criuVersion: string | null;
  kernel: string | null;
  runIds: string[];
  settings: string[];
}

const LINE = /^\(\d+\.\d+\)\s?(.*)$/;
/** The set-up lines of a dump: configuration files, RPC or command line, options CRIU says it took. */
const SETTING =
  /config|RPC|option|--[a-z]|[Ee]nabl|[Dd]isabl|mode|lazy|pre-dump|track|leave|tcp|network|lock|plugin|cgroup.*(yard|manage)|manage-cgroups|skip|shell-job|ext|work dir|images dir/;
const NOT_SETTING = /^cpu:|^kdat|Hugetlb|^\t|^ /;

/**
 * What dump.log says of the run: CRIU's version, the kernel it ran on, its
 * run ids, and its set-up lines before "Dumping processes" (CRIU writes no
 * command line into its log; these lines are what it says of its options).
 */
export function logProvenance(head: string | null): LogProvenance {
  const out: LogProvenance = { criuVersion: criuVersionFromLog(head), kernel: null, runIds: [], settings: [] };
  if (!head) return out;
  for (const raw of head.split('\n')) {
    const m = LINE.exec(raw);
    if (!m) continue;
    const text = m[1] as string;
    if (/^Dumping processes|^Dumping task/.test(text)) break;
    const run = /^CRIU run id = (\S+)/.exec(text);
    if (run) out.runIds.push(run[1] as string);
    else if (/^Running on /.test(text)) out.kernel = text.slice('Running on '.length).trim();
    else if (!/^Version: /.test(text) && !NOT_SETTING.test(text) && SETTING.test(text)) out.settings.push(text.trim());
  }
  return out;
}

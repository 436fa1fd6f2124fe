// The scenarios of checkpointctl's own test suite (test/checkpointctl.bats at
// commit 9192f11, the plugin ones aside), as data: the archive each builds,
// the command it runs and the facts it asserts. harness.ts runs each command
// with checkpointctl and with ours and checks both against the same facts.
// Archives are ours (data.ts, images.ts); the process tree is subject.c's,
// so "piggie" reads "subject" and "piggie/piggie" the subject's path.
import type { DataName } from './data';

/** One archive a scenario makes, as `tar cf` of a folder. */
export interface ArchiveSpec {
  /** File name; in DIR2 unless `inDir1`. */
  name: string;
  inDir1?: boolean;
  /** Not a tar at all: an empty file. */
  emptyFile?: boolean;
  /** Top-level members and their contents. */
  files?: Partial<Record<string, DataName>>;
  /** Make the (possibly empty) checkpoint/ folder. */
  checkpointDir?: boolean;
  /** CRIU images copied into checkpoint/ (implies checkpointDir): globs over one image set. */
  images?: { set: 'imgs' | 'diffA' | 'diffB'; globs: string[] };
  /** CRIU's stats-dump of the `imgs` set as a top-level member. */
  statsDump?: boolean;
  /** A rootfs-diff.tar holding one small file. */
  rootfsDiff?: boolean;
  gzip?: boolean;
  /** Ten bytes overwritten at offset 2, as the suite does with dd. */
  corrupt?: boolean;
}

/** A check on the JSON output, the same for both tools. `path` as `0.process_tree.command`. */
export interface JsonCheck {
  path: string;
  equals?: unknown;
  /** The value, a string, matches this regex. */
  matches?: string;
  notNull?: true;
  /** With `length`: how many array items have these fields. */
  where?: Record<string, unknown>;
  length?: number;
}

export interface RunSpec {
  /** Arguments; `{NAME}` is the path of the archive NAME, `{DIR1}`/`{DIR2}` the folders. */
  args: string[];
  /** checkpointctl's status in the suite; ours must be in the same class (0 or not). */
  status: 0 | 1;
  /** Text the suite asserts in checkpointctl's output, word for word (its messages). */
  ref?: string[];
  /** Facts both outputs (stdout and stderr) must contain; `{SUBJECT}` is the subject's path. */
  both?: string[];
  /** Regexes some line of both outputs must match. */
  bothLine?: string[];
  /** Text both outputs must contain at least this many times. */
  atLeast?: Record<string, number>;
  json?: JsonCheck[];
  /** Run as nobody with HOME=/nonexistent (archive and folder world-readable). */
  nobody?: boolean;
}

export interface Scenario {
  /** The suite's test name, without its "Run checkpointctl " prefix. */
  name: string;
  archives?: ArchiveSpec[];
  /** Folders made in DIR1 before the runs. */
  dirs?: string[];
  runs: RunSpec[];
}

const PODMAN = { 'config.dump': 'config', 'spec.dump': 'spec' } as const;
const PODMAN_TAR = (name = 'test.tar'): ArchiveSpec => ({ name, files: PODMAN, checkpointDir: true });
const imgs = (...globs: string[]): ArchiveSpec['images'] => ({ set: 'imgs', globs });
const TREE = ['pstree.img', 'core-*.img'];
const MEMORY = [...TREE, 'pagemap-*.img', 'pages-*.img', 'mm-*.img'];
const FILES = [...TREE, 'files.img', 'fs-*.img', 'ids-*.img', 'fdinfo-*.img'];
const withImages = (globs: string[], extra: Partial<ArchiveSpec> = {}): ArchiveSpec[] => [
  { name: 'test.tar', files: PODMAN, images: imgs(...globs), ...extra },
];
const inspect = (archives: ArchiveSpec[], args: string[], run: Omit<RunSpec, 'args'>, name: string): Scenario => ({
  name,
  archives,
  runs: [{ args: ['inspect', '{test.tar}', ...args], ...run }],
});
const withNetwork = (status: DataName): ArchiveSpec[] => [
  { ...PODMAN_TAR(), files: { ...PODMAN, 'network.status': status } },
];
const TWO_PODMAN = [PODMAN_TAR('test1.tar'), PODMAN_TAR('test2.tar')];
const DIFF_AB: ArchiveSpec[] = [
  { name: 'a.tar', files: PODMAN, images: { set: 'diffA', globs: ['*'] } },
  { name: 'b.tar', files: PODMAN, images: { set: 'diffB', globs: ['*'] } },
];
const diff12 = (...args: string[]): string[] => ['diff', '{test1.tar}', '{test2.tar}', ...args];
const diffAB = (...args: string[]): string[] => ['diff', '{a.tar}', '{b.tar}', ...args];
/** `list` of a folder with one archive whose config.dump or spec.dump is empty: a line names it. */
const listBroken = (name: string, config: DataName, spec: DataName, broken: string): Scenario => ({
  name,
  archives: [
    { name: 'checkpoint-config.tar', files: { 'config.dump': config, 'spec.dump': spec }, checkpointDir: true },
  ],
  runs: [
    {
      args: ['list', '{DIR2}'],
      status: 0,
      ref: ['Error extracting information from {DIR2}/checkpoint-config.tar: failed to unmarshal'],
      both: ['checkpoint-config.tar', broken],
    },
  ],
});
const MISSING_CHECKPOINT = 'checkpoint directory is missing in the archive file';

export const SCENARIOS: Scenario[] = [
  { name: '(no arguments)', runs: [{ args: [], status: 0, both: ['show', 'inspect', 'memparse', 'list', 'diff'] }] },
  {
    name: 'with wrong parameter',
    runs: [
      {
        args: ['--wrong-parameter'],
        status: 1,
        ref: ['Error: unknown flag: --wrong-parameter'],
        both: ['--wrong-parameter'],
      },
    ],
  },
  {
    name: 'show with non existing directory',
    runs: [
      {
        args: ['show', '/does-not-exist'],
        status: 1,
        ref: ['Error: stat /does-not-exist: no such file or directory'],
        both: ['/does-not-exist'],
      },
    ],
  },
  {
    name: 'show with empty tar file',
    archives: [{ name: 'empty.tar', inDir1: true, emptyFile: true }],
    runs: [{ args: ['show', '{empty.tar}'], status: 1, ref: [MISSING_CHECKPOINT], both: ['empty.tar'] }],
  },
  {
    name: 'show with tar file with empty config.dump',
    archives: [{ name: 'test.tar', files: { 'config.dump': 'empty' }, checkpointDir: true }],
    runs: [
      {
        args: ['show', '{test.tar}'],
        status: 1,
        ref: ['config.dump: unexpected end of JSON input'],
        both: ['config.dump'],
      },
    ],
  },
  {
    name: 'show with tar file with valid config.dump and no spec.dump',
    archives: [{ name: 'test.tar', files: { 'config.dump': 'config' }, checkpointDir: true }],
    runs: [
      { args: ['show', '{test.tar}'], status: 1, ref: ['spec.dump: no such file or directory'], both: ['spec.dump'] },
    ],
  },
  {
    name: 'show with tar file with valid config.dump and empty spec.dump',
    archives: [{ name: 'test.tar', files: { 'config.dump': 'config', 'spec.dump': 'empty' }, checkpointDir: true }],
    runs: [
      {
        args: ['show', '{test.tar}'],
        status: 1,
        ref: ['spec.dump: unexpected end of JSON input'],
        both: ['spec.dump'],
      },
    ],
  },
  {
    name: 'show with tar file with valid config.dump and valid spec.dump and no checkpoint directory',
    archives: [{ name: 'test.tar', files: PODMAN }],
    runs: [{ args: ['show', '{test.tar}'], status: 1, ref: [`Error: ${MISSING_CHECKPOINT}`], both: ['checkpoint'] }],
  },
  {
    name: 'show with tar file with valid config.dump and valid spec.dump and checkpoint directory',
    archives: [PODMAN_TAR()],
    runs: [{ args: ['show', '{test.tar}'], status: 0, both: ['Podman'] }],
  },
  {
    name: 'show with tar file from containerd with valid config.dump and valid spec.dump and checkpoint directory',
    archives: [
      { name: 'test.tar', files: { 'config.dump': 'config', 'spec.dump': 'emptyObject' }, checkpointDir: true },
    ],
    runs: [{ args: ['show', '{test.tar}'], status: 0, both: ['containerd'] }],
  },
  {
    name: 'show with tar file with valid config.dump and valid spec.dump (CRI-O) and no checkpoint directory',
    archives: [{ name: 'test.tar', files: { 'config.dump': 'config', 'spec.dump': 'specCrio' } }],
    runs: [{ args: ['show', '{test.tar}'], status: 1, ref: [`Error: ${MISSING_CHECKPOINT}`], both: ['checkpoint'] }],
  },
  {
    name: 'show with tar file with valid config.dump and valid spec.dump (CRI-O) and checkpoint directory',
    archives: [{ name: 'test.tar', files: { 'config.dump': 'config', 'spec.dump': 'specCrio' }, checkpointDir: true }],
    runs: [{ args: ['show', '{test.tar}'], status: 0, both: ['CRI-O'] }],
  },
  {
    name: 'show with tar file compressed',
    archives: [{ ...PODMAN_TAR('test.tar.gz'), gzip: true }],
    runs: [{ args: ['show', '{test.tar.gz}'], status: 0, both: ['Podman'] }],
  },
  {
    name: 'show with tar file corrupted',
    archives: [{ ...PODMAN_TAR(), corrupt: true }],
    runs: [{ args: ['show', '{test.tar}'], status: 1, ref: ['Error: archive/tar: invalid tar header'] }],
  },
  {
    name: 'show with tar file compressed and corrupted',
    archives: [{ ...PODMAN_TAR('test.tar.gz'), gzip: true, corrupt: true }],
    runs: [{ args: ['show', '{test.tar.gz}'], status: 1, ref: ['Error: unexpected EOF'] }],
  },
  {
    name: 'show with tar file and rootfs-diff tar file',
    archives: [{ ...PODMAN_TAR(), rootfsDiff: true }],
    runs: [{ args: ['show', '{test.tar}'], status: 0, both: ['ROOT FS DIFF SIZE'] }],
  },
  {
    name: 'show with multiple tar files',
    archives: TWO_PODMAN,
    runs: [{ args: ['show', '{test1.tar}', '{test2.tar}'], status: 0, atLeast: { Podman: 2 } }],
  },
  inspect(
    [{ name: 'test.tar', files: { 'config.dump': 'empty' }, checkpointDir: true }],
    ['--format=invalid'],
    { status: 1, ref: ['invalid output format'], both: ['invalid'] },
    'inspect with invalid format',
  ),
  inspect(
    [{ name: 'test.tar', files: { 'config.dump': 'empty' }, checkpointDir: true }],
    [],
    { status: 1, ref: ['config.dump: unexpected end of JSON input'], both: ['config.dump'] },
    'inspect with tar file with empty config.dump',
  ),
  inspect(
    [{ name: 'test.tar', files: { 'config.dump': 'config' }, checkpointDir: true }],
    [],
    { status: 1, ref: ['spec.dump: no such file or directory'], both: ['spec.dump'] },
    'inspect with tar file with valid config.dump and no spec.dump',
  ),
  inspect(
    [{ name: 'test.tar', files: { 'config.dump': 'config', 'spec.dump': 'empty' }, checkpointDir: true }],
    [],
    { status: 1, ref: ['spec.dump: unexpected end of JSON input'], both: ['spec.dump'] },
    'inspect with tar file with valid config.dump and empty spec.dump',
  ),
  inspect(
    [PODMAN_TAR()],
    ['--stats'],
    { status: 1, ref: ['failed to get dump statistics'], both: ['stats-dump'] },
    'inspect with tar file and --stats and missing stats-dump',
  ),
  inspect(
    [{ name: 'test.tar', files: { ...PODMAN, 'stats-dump': 'spec' }, checkpointDir: true }],
    ['--stats'],
    { status: 1, ref: ['unknown magic'], both: ['stat'] },
    'inspect with tar file and --stats and invalid stats-dump',
  ),
  inspect(
    [{ ...PODMAN_TAR(), statsDump: true }],
    ['--stats'],
    { status: 0, both: ['CRIU dump statistics', 'Memwrite time'], bothLine: ['Pages scanned: [1-9]'] },
    'inspect with tar file and --stats and valid stats-dump',
  ),
  inspect(
    [PODMAN_TAR()],
    ['--mounts'],
    { status: 0, both: ['Overview of mounts', 'Destination', 'proc'] },
    'inspect with tar file and --mounts and valid spec.dump',
  ),
  inspect(
    withImages(TREE),
    ['--ps-tree'],
    { status: 0, both: ['Process tree', 'subject'] },
    'inspect with tar file and --ps-tree',
  ),
  inspect(
    [PODMAN_TAR()],
    ['--ps-tree'],
    { status: 1, ref: ['failed to get process tree'], both: ['pstree.img'] },
    'inspect with tar file and --ps-tree and missing pstree.img',
  ),
  inspect(
    withImages(MEMORY),
    ['--ps-tree-cmd'],
    { status: 0, both: ['Process tree', '{SUBJECT}'] },
    'inspect with tar file and --ps-tree-cmd',
  ),
  inspect(
    withImages(MEMORY),
    ['--ps-tree-cmd'],
    { status: 0, both: ['Process tree', '{SUBJECT}'], nobody: true },
    'inspect with tar file and --ps-tree-cmd as non-root',
  ),
  inspect(
    withImages(MEMORY.filter((g) => g !== 'pages-*.img')),
    ['--ps-tree-cmd'],
    { status: 1, ref: ['failed to process command line arguments'], both: ['pages'] },
    'inspect with tar file and --ps-tree-cmd and missing pages-*.img',
  ),
  inspect(
    withImages(MEMORY),
    ['--ps-tree-env'],
    { status: 0, both: ['Process tree', 'subject', 'TEST_ENV=BAR'] },
    'inspect with tar file and --ps-tree-env',
  ),
  inspect(
    withImages(MEMORY.filter((g) => g !== 'pages-*.img')),
    ['--ps-tree-env'],
    { status: 1, ref: ['no such file or directory'], both: ['pages'] },
    'inspect with tar file and --ps-tree-env and missing pages-*.img',
  ),
  inspect(
    withImages(FILES),
    ['--files'],
    {
      status: 0,
      both: [
        '[REG 0]',
        '[cwd]',
        '[root]',
        '(Dead)]  subject-zombie',
        '(Stopped)]  stopped-child',
        'Open files',
        'alive-child',
      ],
    },
    'inspect with tar file and --files',
  ),
  inspect(
    withImages(TREE),
    ['--files'],
    { status: 1, ref: ['failed to get file descriptors'], both: ['.img'] },
    'inspect with tar file and --files and missing files.img',
  ),
  inspect(
    withImages(FILES.filter((g) => g !== 'fs-*.img')),
    ['--sockets'],
    { status: 0, both: ['Open sockets', 'TCP (LISTEN)', '0.0.0.0:5000'] },
    'inspect with tar file and --sockets',
  ),
  inspect(
    withImages(TREE),
    ['--sockets'],
    { status: 1, ref: ['failed to get sockets'], both: ['.img'] },
    'inspect with tar file and --sockets and missing files.img',
  ),
  inspect(
    withImages(TREE),
    ['--ps-tree', '--pid', '1'],
    { status: 0, both: ['Process tree', 'subject'] },
    'inspect with tar file and --ps-tree and valid PID',
  ),
  inspect(
    withImages(TREE),
    ['--ps-tree', '--pid', '99999'],
    { status: 1, ref: ['no process with PID 99999'], both: ['99999'] },
    'inspect with tar file and --ps-tree and invalid PID',
  ),
  inspect(
    withImages([...FILES, 'pagemap-*.img', 'pages-*.img', 'mm-*.img'], { statsDump: true }),
    ['--all'],
    {
      status: 0,
      both: [
        'CRIU dump statistics',
        'Memwrite time',
        '[REG 0]',
        '[cwd]',
        '[root]',
        'Metadata',
        'Process tree',
        'subject',
        'Overview of mounts',
        'Destination',
        'proc',
        '/etc/hostname',
      ],
      bothLine: ['Pages scanned: [1-9]'],
    },
    'inspect with tar file and --all and valid spec.dump and valid stats-dump',
  ),
  inspect(
    [{ name: 'test.tar', files: PODMAN }],
    [],
    { status: 1, ref: [`Error: ${MISSING_CHECKPOINT}`], both: ['checkpoint'] },
    'inspect with tar file with valid config.dump and valid spec.dump and no checkpoint directory',
  ),
  inspect(
    [PODMAN_TAR()],
    [],
    { status: 0, both: ['Podman'] },
    'inspect with tar file with valid config.dump and valid spec.dump and checkpoint directory',
  ),
  inspect(
    withNetwork('network'),
    [],
    {
      status: 0,
      both: [
        'Podman',
        'Network Interfaces',
        'podman (eth0)',
        'IP: 10.88.0.9/16',
        'MAC: f2:99:8d:fb:5a:57',
        'Gateway: 10.88.0.1',
      ],
    },
    'inspect with tar file with valid config.dump and valid spec.dump and network.status',
  ),
  inspect(
    withNetwork('network'),
    ['--format=json'],
    {
      status: 0,
      json: [
        { path: '0.ip', equals: '10.88.0.9' },
        { path: '0.mac', equals: 'f2:99:8d:fb:5a:57' },
        { path: '0.networks.0.name', equals: 'podman' },
        { path: '0.networks.0.interfaces.eth0.ip', equals: '10.88.0.9/16' },
        { path: '0.networks.0.interfaces.eth0.gateway', equals: '10.88.0.1' },
      ],
    },
    'inspect with json format and network.status',
  ),
  inspect(
    withNetwork('networkMulti'),
    [],
    {
      status: 0,
      both: [
        'Podman',
        'Network Interfaces',
        'net1 (eth0)',
        'IP: 10.89.0.2/24',
        'IP: 10.89.1.2/24',
        'MAC: 32:ba:b8:45:bc:84',
        'MAC: 5e:b7:fe:ee:e0:d8',
        'Gateway: 10.89.0.1',
        'Gateway: 10.89.1.1',
      ],
    },
    'inspect with tar file with valid config.dump and valid spec.dump and multi-network network.status',
  ),
  inspect(
    withNetwork('networkMulti'),
    ['--format=json'],
    {
      status: 0,
      json: [
        { path: '0.ip', matches: '10\\.89\\.0\\.2' },
        { path: '0.ip', matches: '10\\.89\\.1\\.2' },
        { path: '0.mac', matches: '32:ba:b8:45:bc:84' },
        { path: '0.mac', matches: '5e:b7:fe:ee:e0:d8' },
      ],
    },
    'inspect with json format and multi-network network.status',
  ),
  inspect(
    withNetwork('notJson'),
    [],
    { status: 0, both: ['Podman'] },
    'inspect with tar file with broken network.status',
  ),
  inspect(
    [
      {
        name: 'test.tar',
        files: { 'config.dump': 'config', status: 'emptyObject', 'spec.dump': 'emptyObject' },
        checkpointDir: true,
      },
    ],
    [],
    { status: 0, both: ['containerd'] },
    'inspect with tar file from containerd with valid config.dump and valid spec.dump and checkpoint directory',
  ),
  inspect(
    [
      {
        name: 'test.tar',
        files: { 'config.dump': 'crioCheckpointedTime', 'spec.dump': 'specCrio' },
        checkpointDir: true,
      },
    ],
    [],
    { status: 0, both: ['Checkpointed: 2024-02-09', 'CRI-O'] },
    'inspect with tar file with valid config.dump and valid spec.dump (CRI-O) and checkpoint directory',
  ),
  inspect(
    [{ ...PODMAN_TAR(), rootfsDiff: true }],
    [],
    { status: 0, both: ['Root FS diff size'] },
    'inspect with tar file and rootfs-diff tar file',
  ),
  {
    name: 'inspect with multiple tar files',
    archives: TWO_PODMAN,
    runs: [{ args: ['inspect', '{test1.tar}', '{test2.tar}'], status: 0, atLeast: { Podman: 2 } }],
  },
  {
    name: 'memparse with tar file',
    archives: withImages([...TREE, 'pagemap-*.img', 'mm-*.img']),
    runs: [{ args: ['memparse', '{test.tar}'], status: 0, both: ['subject'] }],
  },
  {
    name: 'memparse with tar file and missing pstree.img',
    archives: withImages(['core-*.img', 'pagemap-*.img', 'mm-*.img']),
    runs: [{ args: ['memparse', '{test.tar}'], status: 1, ref: ['no such file or directory'], both: ['pstree.img'] }],
  },
  {
    name: 'memparse with tar file and valid PID',
    archives: withImages(MEMORY),
    runs: [
      {
        args: ['memparse', '{test.tar}', '--pid=1'],
        status: 0,
        bothLine: ['^[0-9a-fA-F]{16}\\s\\s([0-9a-fA-F]{2}\\s*)+\\s\\s\\|.*\\|$'],
      },
    ],
  },
  {
    name: 'memparse --search=PATH with invalid PID',
    archives: withImages(['pstree.img', 'core-*.img', 'pagemap-*.img', 'pages-*.img']),
    runs: [
      {
        args: ['memparse', '--search=PATH', '{test.tar}', '--pid=999'],
        status: 1,
        ref: ['no process with PID 999'],
        both: ['999'],
      },
    ],
  },
  {
    name: 'memparse with --search=PATH and --context=-1',
    archives: withImages(['pstree.img', 'core-*.img', 'pagemap-*.img', 'pages-*.img']),
    runs: [
      {
        args: ['memparse', '--search=PATH', '--context=-1', '{test.tar}', '--pid=1'],
        status: 1,
        ref: ['context size cannot be negative'],
        both: ['context'],
      },
    ],
  },
  {
    name: 'memparse with --search=NON_EXISTING_PATTERN',
    archives: withImages(['pstree.img', 'core-*.img', 'pagemap-*.img', 'pages-*.img']),
    runs: [
      { args: ['memparse', '--search=NON_EXISTING_PATTERN', '{test.tar}', '--pid=1'], status: 0, both: ['No matches'] },
    ],
  },
  {
    name: 'memparse with --search=PATH and --context=10 flags',
    archives: withImages(['pstree.img', 'core-*.img', 'pagemap-*.img', 'pages-*.img']),
    runs: [{ args: ['memparse', '--search=PATH', '--context=10', '{test.tar}', '--pid=1'], status: 0, both: ['PATH'] }],
  },
  {
    name: "memparse with --search-regex='HOME=([^?]+)'",
    archives: withImages(['pstree.img', 'core-*.img', 'pagemap-*.img', 'pages-*.img']),
    runs: [{ args: ['memparse', '--search-regex=HOME=([^?]+)', '{test.tar}', '--pid=1'], status: 0, both: ['HOME'] }],
  },
  {
    name: 'memparse with tar file and invalid PID',
    archives: withImages(MEMORY),
    runs: [
      { args: ['memparse', '{test.tar}', '--pid=9999'], status: 1, ref: ['no process with PID 9999'], both: ['9999'] },
    ],
  },
  {
    name: 'inspect with json format',
    archives: withImages(['*.img'], { statsDump: true }),
    runs: [
      { args: ['inspect', '{test.tar}', '--format=json'], status: 0, json: [{ path: '0.engine', equals: 'Podman' }] },
      {
        args: ['inspect', '{test.tar}', '--format=json', '--ps-tree'],
        status: 0,
        json: [{ path: '0.process_tree.command', equals: 'subject' }],
      },
      {
        args: ['inspect', '{test.tar}', '--format=json', '--all'],
        status: 0,
        json: [
          { path: '0.process_tree.environment_variables.TEST_ENV', equals: 'BAR' },
          { path: '0.process_tree.environment_variables.TEST_ENV_EMPTY', equals: '' },
        ],
      },
      {
        args: ['inspect', '{test.tar}', '--format=json', '--sockets'],
        status: 0,
        json: [
          { path: '0.sockets.0.open_sockets.0.protocol', equals: 'TCP' },
          { path: '0.sockets.0.open_sockets.0.data.src_port', equals: 5000 },
        ],
      },
    ],
  },
  {
    name: 'list with empty directory',
    dirs: ['empty'],
    runs: [{ args: ['list', '{DIR1}/empty/'], status: 0, both: ['No checkpoints found'] }],
  },
  {
    name: 'list with non existing directory',
    runs: [{ args: ['list', '/does-not-exist'], status: 0, both: ['No checkpoints found'] }],
  },
  {
    name: 'list with empty tar file',
    archives: [{ name: 'checkpoint-nginx-empty.tar', inDir1: true, emptyFile: true }],
    runs: [
      {
        args: ['list', '{DIR1}'],
        status: 0,
        ref: ['Error extracting information'],
        both: ['checkpoint-nginx-empty.tar'],
      },
    ],
  },
  listBroken('list with tar file with valid spec.dump and empty config.dump', 'empty', 'listSpec', 'config.dump'),
  listBroken('list with tar file with valid config.dump and empty spec.dump', 'listConfig', 'empty', 'spec.dump'),
  {
    name: 'list with tar file with valid config.dump and spec.dump',
    archives: [
      {
        name: 'checkpoint-valid-config.tar',
        files: { 'config.dump': 'listConfig', 'spec.dump': 'listSpec' },
        checkpointDir: true,
      },
      {
        name: 'checkpoint-valid-config-modified.tar',
        files: { 'config.dump': 'listConfig', 'spec.dump': 'listSpecModified' },
        checkpointDir: true,
      },
    ],
    runs: [
      {
        args: ['list', '{DIR2}'],
        status: 0,
        bothLine: [
          'default.*modified-pod-name.*container-name.*CRI-O.*checkpoint-valid-config-modified\\.tar',
          'default.*\\bpod-name.*container-name.*CRI-O.*checkpoint-valid-config\\.tar',
        ],
      },
    ],
  },
  {
    name: 'diff with no arguments',
    runs: [{ args: ['diff'], status: 1, ref: ['Error: accepts 2 arg(s), received 0'] }],
  },
  {
    name: 'diff with only one argument',
    archives: [PODMAN_TAR()],
    runs: [{ args: ['diff', '{test.tar}'], status: 1, ref: ['Error: accepts 2 arg(s), received 1'] }],
  },
  {
    name: 'diff with non-existing checkpoint',
    runs: [
      {
        args: ['diff', '/does-not-exist1.tar', '/does-not-exist2.tar'],
        status: 1,
        ref: ['failed to load checkpoint'],
        both: ['/does-not-exist1.tar'],
      },
    ],
  },
  {
    name: 'diff with invalid format',
    archives: TWO_PODMAN,
    runs: [{ args: diff12('--format=invalid'), status: 1, ref: ['invalid output format'], both: ['invalid'] }],
  },
  {
    name: 'diff with two identical checkpoints (tree format)',
    archives: TWO_PODMAN,
    runs: [
      {
        args: diff12(),
        status: 0,
        both: ['Checkpoint Diff', 'Memory Changes', 'Process Tree'],
        atLeast: { 'No change': 2 },
      },
    ],
  },
  {
    name: 'diff with two identical checkpoints (json format)',
    archives: TWO_PODMAN,
    runs: [{ args: diff12('--format=json'), status: 0, json: [{ path: 'container_id', notNull: true }] }],
  },
  {
    name: 'diff with checkpoints from different containers',
    archives: [
      { name: 'test1.tar', files: PODMAN, images: imgs(...TREE) },
      { name: 'test2.tar', files: { 'config.dump': 'configOtherManager', 'spec.dump': 'spec' }, images: imgs(...TREE) },
    ],
    runs: [{ args: diff12(), status: 0 }],
  },
  {
    name: 'diff with --ps-tree-cmd flag',
    archives: [
      { name: 'test1.tar', files: PODMAN, images: imgs(...MEMORY) },
      { name: 'test2.tar', files: PODMAN, images: imgs(...MEMORY) },
    ],
    runs: [{ args: diff12('--ps-tree-cmd'), status: 0, both: ['Process Tree'] }],
  },
  {
    name: 'diff with --files flag',
    archives: [
      { name: 'test1.tar', files: PODMAN, images: imgs(...FILES) },
      { name: 'test2.tar', files: PODMAN, images: imgs(...FILES) },
    ],
    runs: [{ args: diff12('--files'), status: 0, both: ['File Descriptor Changes'] }],
  },
  {
    name: 'diff with --show-unchanged (process tree)',
    archives: DIFF_AB,
    runs: [{ args: diffAB('--show-unchanged'), status: 0, both: ['Process Tree', '= PID', '+ PID', 'Removed:'] }],
  },
  {
    name: 'diff with --sockets flag (added, removed, unchanged)',
    archives: DIFF_AB,
    runs: [
      {
        args: diffAB('--sockets', '--show-unchanged'),
        status: 0,
        bothLine: [
          '\\+.*TCP.*ESTABLISHED.*127\\.0\\.0\\.1:5000',
          '-.*TCP.*ESTABLISHED.*127\\.0\\.0\\.1:5000',
          '\\+.*UDP.*ESTABLISHED.*127\\.0\\.0\\.1:5001',
          '-.*UDP.*ESTABLISHED.*127\\.0\\.0\\.1:5001',
          '=.*TCP.*LISTEN.*0\\.0\\.0\\.0:5000',
          '=.*TCP.*ESTABLISHED.*127\\.0\\.0\\.1:5000',
        ],
        both: ['Sockets: +3 -6'],
      },
    ],
  },
  {
    name: 'diff with --sockets flag (json format)',
    archives: DIFF_AB,
    runs: [
      {
        args: ['diff', '--sockets', '--show-unchanged', '--format=json', '{a.tar}', '{b.tar}'],
        status: 0,
        json: [
          { path: 'socket_changes.added', length: 3 },
          { path: 'socket_changes.removed', length: 6 },
          { path: 'socket_changes.unchanged', length: 3 },
          { path: 'socket_changes.added', where: { protocol: 'TCP' }, length: 2 },
          { path: 'socket_changes.added', where: { protocol: 'UDP' }, length: 1 },
          { path: 'socket_changes.removed', where: { protocol: 'TCP' }, length: 4 },
          { path: 'socket_changes.removed', where: { protocol: 'UDP' }, length: 2 },
          { path: 'socket_changes.unchanged', where: { state: 'LISTEN', src_port: 5000 }, length: 1 },
          { path: 'socket_changes.unchanged', where: { state: 'ESTABLISHED' }, length: 2 },
        ],
      },
    ],
  },
  {
    name: 'diff with --files and --sockets flags',
    archives: DIFF_AB,
    runs: [
      {
        args: diffAB('--files', '--sockets'),
        status: 0,
        both: ['File Descriptor Changes', 'Socket Changes', 'Sockets: +3 -6'],
      },
    ],
  },
  {
    name: 'diff json output validation',
    archives: TWO_PODMAN,
    runs: [
      {
        args: diff12('--format=json'),
        status: 0,
        json: [
          { path: 'container_id', notNull: true },
          { path: 'container_name', notNull: true },
          { path: 'checkpoint_a', notNull: true },
          { path: 'checkpoint_b', notNull: true },
          { path: 'memory_changes', notNull: true },
          { path: 'memory_changes.size_change_bytes', equals: 0 },
          { path: 'summary', matches: '.' },
        ],
      },
    ],
  },
  {
    name: 'diff with compressed checkpoints',
    archives: [
      { ...PODMAN_TAR('test1.tar.gz'), gzip: true },
      { ...PODMAN_TAR('test2.tar.gz'), gzip: true },
    ],
    runs: [{ args: ['diff', '{test1.tar.gz}', '{test2.tar.gz}'], status: 0, both: ['Checkpoint Diff'] }],
  },
  {
    name: 'diff output contains expected sections',
    archives: TWO_PODMAN,
    runs: [
      {
        args: diff12(),
        status: 0,
        both: [
          'Checkpoint Diff',
          'Container:',
          'Image:',
          'Checkpoint A:',
          'Checkpoint B:',
          'Memory Changes',
          'Process Tree',
          'Summary',
        ],
      },
    ],
  },
];

/** Whether a scenario needs CRIU images (so the testbed: the integration project). */
export function needsImages(s: Scenario): boolean {
  return (s.archives ?? []).some((a) => a.images !== undefined || a.statsDump === true);
}

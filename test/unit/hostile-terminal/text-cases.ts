// Every text-format run of the CLI over the hostile archive, with what must show (escaped) where.
import { join } from 'node:path';
import { terminalSafe as v } from '../../../shared/terminal-safe';
import { HOSTILE as H } from './hostile-archive';
import { ARCHIVE_NAME, BROKEN_NAME, LIST_NAME, MISSING_NAME, SAMPLE, type HostileFiles } from './hostile-files';

export interface TextCase {
  name: string;
  args(f: HostileFiles): string[];
  code: number;
  /** Escaped forms that must be on stdout / stderr: the value is shown, its controls are not acted on. */
  stdout?: string[];
  stderr?: string[];
}

const inspect = (name: string, flags: string[], stdout: string[]): TextCase => ({
  name: `inspect ${name}`,
  args: (f) => ['inspect', f.archive, ...flags],
  code: 0,
  stdout: [v(ARCHIVE_NAME), v(H.containerName), ...stdout],
});

export const INSPECT_CASES: TextCase[] = [
  inspect('(no flags)', [], [v(H.image), v(H.runtime)]),
  inspect('--ps-tree', ['--ps-tree'], [v(H.comm)]),
  inspect('--ps-tree-cmd', ['--ps-tree-cmd'], [v(H.cmdlineWord)]),
  inspect('--ps-tree-env', ['--ps-tree-env'], [`APP_MODE=${v(H.envValue)}`]),
  inspect('--files', ['--files'], [v(H.logPath)]),
  inspect('--sockets', ['--sockets'], [v(H.comm)]),
  inspect('--mounts', ['--mounts'], [v(H.mountDestination)]),
  inspect('--stats', ['--stats'], []),
  inspect('--metadata', ['--metadata'], [v(H.podName), `${v(H.annotationKey)}: ${v(H.annotationValue)}`]),
  inspect('--all', ['--all'], [v(H.cmdlineWord), v(H.logPath), v(H.mountDestination), v(H.annotationValue)]),
  inspect('--pid 1', ['--pid', '1'], [v(H.comm)]),
  inspect('of two archives', ['--ps-tree', SAMPLE], [v(H.comm)]),
];

const BAD_IMAGE = '\x1b]0;IMG\x07bad\r\u202e.img';

export const COMMAND_CASES: TextCase[] = [
  {
    name: 'show',
    args: (f) => ['show', f.archive],
    code: 0,
    stdout: [v(ARCHIVE_NAME), v(H.containerName), v(H.image), v(H.runtime)],
  },
  { name: 'show of two archives', args: (f) => ['show', f.archive, SAMPLE], code: 0, stdout: [v(H.containerName)] },
  { name: 'memparse', args: (f) => ['memparse', f.archive], code: 0, stdout: [v(ARCHIVE_NAME), v(H.comm)] },
  { name: 'memparse --pid', args: (f) => ['memparse', f.archive, '--pid', '1'], code: 0, stdout: [v(ARCHIVE_NAME)] },
  {
    name: 'memparse --search',
    args: (f) => ['memparse', f.archive, '--search', 'log.txt'],
    code: 0,
    stdout: [v(H.comm)],
  },
  {
    name: 'memparse --search-regex',
    args: (f) => ['memparse', f.archive, '--search-regex', 'T.X'],
    code: 0,
    stdout: [v(H.comm)],
  },
  { name: 'findings', args: (f) => ['findings', f.archive], code: 0, stdout: [v(H.rootfsName), v(H.comm)] },
  {
    name: 'findings --reveal --no-memory',
    args: (f) => ['findings', f.archive, '--reveal', '--no-memory'],
    code: 0,
    stdout: [v(H.rootfsName)],
  },
  {
    name: 'rootfs',
    args: (f) => ['rootfs', f.archive],
    code: 0,
    stdout: [v(H.rootfsName), `${v(`/${H.rootfsLink}`)} -> ${v(H.rootfsLinkTarget)}`],
  },
  {
    name: 'diff of the hostile archive against the sample',
    args: (f) => ['diff', f.archive, SAMPLE, '--any-container', '--details', '--files'],
    code: 0,
    stdout: [v(ARCHIVE_NAME), v(H.comm), v(H.logPath), v(H.rootfsName), v(H.annotationValue), v(H.image)],
  },
  {
    name: 'diff of the sample against the hostile archive',
    args: (f) => ['diff', SAMPLE, f.archive, '--any-container', '--details'],
    code: 0,
    stdout: [v(H.comm), v(H.mountDestination)],
  },
  {
    name: 'list of a folder holding it',
    args: (f) => ['list', f.listDir],
    code: 0,
    stdout: [v(LIST_NAME), v(H.containerName), v(H.podName)],
    stderr: [v(BROKEN_NAME)],
  },
  {
    name: 'decode of an image name with controls',
    args: (f) => ['decode', f.archive, BAD_IMAGE],
    code: 1,
    stderr: [v(BAD_IMAGE)],
  },
  { name: 'decode of a raw image', args: (f) => ['decode', f.archive, 'pages-1.img'], code: 1 },
  { name: 'an archive that is missing', args: (f) => ['show', f.missing], code: 1, stderr: [v(MISSING_NAME)] },
  { name: 'an unknown command', args: () => ['\x1b]0;CMD\x07\r'], code: 2, stderr: [v('\x1b]0;CMD\x07\r')] },
  {
    name: 'a usage error',
    args: (f) => ['inspect', f.archive, '--format', '\x1b[2J\u202ex'],
    code: 2,
    stderr: [v('\x1b[2J\u202ex')],
  },
  {
    name: 'containers on a socket that is not there',
    args: (f) => ['containers', '--address', join(f.dir, 'no\x1b[2J\x07.sock')],
    code: 1,
    stderr: [v('no\x1b[2J\x07.sock')],
  },
  {
    name: 'report (html)',
    args: (f) => ['report', f.archive, '--output', join(f.dir, 'report\x1b]0;R\x07.html')],
    code: 0,
    stderr: [v('report\x1b]0;R\x07.html')],
  },
  {
    name: 'report (json)',
    args: (f) => ['report', f.archive, '--output', join(f.dir, 'report.json'), '--format', 'json', '--no-memory'],
    code: 0,
  },
];

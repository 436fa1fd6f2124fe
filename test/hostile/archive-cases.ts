import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostileCase } from './case';
import { base256, END, entry, file, gnuLongEntry, header, paxData, paxEntry, tar } from './tar-writer';

const write = async (dir: string, name: string, bytes: Buffer): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};
const GOOD = file('config.dump', '{"id":"hostile"}');
const PAYLOAD = Buffer.alloc(3000, 0x41);

function tarCase(
  name: string,
  expect: HostileCase['expect'],
  code: string | undefined,
  bytes: () => Buffer,
  extra: Partial<HostileCase> = {},
): HostileCase {
  return {
    name,
    level: 'archive',
    expect,
    ...(code ? { code } : {}),
    build: (dir) => write(dir, `${name}.tar`, bytes()),
    ...extra,
  };
}

/** A good member followed by `cut` bytes of a second member (header + 3000-byte payload + padding) and the end blocks. */
function truncatedAt(cut: number): Buffer {
  const second = file('checkpoint/pages-1.img', PAYLOAD);
  return Buffer.concat([GOOD, second, END]).subarray(0, GOOD.length + cut);
}

/** n empty members `f/<i>`: one template header, only name and checksum patched (fast for 200k). */
function manyEmptyMembers(n: number): Buffer {
  const template = header({ name: '' });
  template.fill(0x20, 148, 156);
  let base = 0;
  for (const byte of template) base += byte;
  const out = Buffer.alloc(n * 512 + END.length);
  for (let i = 0; i < n; i++) {
    const block = out.subarray(i * 512, (i + 1) * 512);
    block.set(template);
    const written = block.write(`f/${i}`, 0, 100, 'latin1');
    let sum = base;
    for (let k = 0; k < written; k++) sum += block[k] ?? 0;
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  }
  return out;
}

export const tarCases: HostileCase[] = [
  tarCase('traversal-dotdot', 'partial', 'UNSAFE_NAME', () => tar(GOOD, file('../x', 'evil'))),
  tarCase('traversal-deep', 'partial', 'UNSAFE_NAME', () => tar(file('a/../../../../tmp/evil', 'evil'))),
  tarCase('absolute-etc-passwd', 'partial', 'UNSAFE_NAME', () => tar(file('/etc/passwd', 'root::0:0::/:/bin/sh\n'))),
  tarCase(
    'symlink-to-etc-shadow',
    'ok',
    undefined,
    () => tar(entry({ name: 'shadow', type: '2', linkname: '/etc/shadow' })),
    { members: [['shadow', 'symlink']] },
  ),
  tarCase(
    'file-through-symlink',
    'ok',
    undefined,
    () => tar(entry({ name: 'dir', type: '2', linkname: '/tmp' }), file('dir/evil', 'x')),
    {
      members: [
        ['dir', 'symlink'],
        ['dir/evil', 'file'],
      ],
    },
  ),
  tarCase('hardlink-outside', 'partial', 'DANGLING_HARDLINK', () =>
    tar(entry({ name: 'h', type: '1', linkname: '../../etc/passwd' })),
  ),
  tarCase('char-device', 'ok', undefined, () => tar(entry({ name: 'dev/sda', type: '3' })), {
    members: [['dev/sda', 'other']],
  }),
  tarCase('block-device', 'ok', undefined, () => tar(entry({ name: 'dev/loop0', type: '4' })), {
    members: [['dev/loop0', 'other']],
  }),
  tarCase('fifo', 'ok', undefined, () => tar(entry({ name: 'run/fifo', type: '6' })), {
    members: [['run/fifo', 'other']],
  }),
  tarCase('huge-size-octal', 'partial', 'TRUNCATED', () => tar(GOOD, header({ name: 'huge', size: 0o77777777777 }))),
  tarCase('huge-size-base256', 'partial', 'TRUNCATED', () =>
    tar(GOOD, header({ name: 'huge', sizeField: base256(2n ** 52n, 12) })),
  ),
  tarCase('size-beyond-safe-integer', 'partial', 'BAD_HEADER', () =>
    tar(GOOD, header({ name: 'x', sizeField: base256(2n ** 80n, 12) })),
  ),
  tarCase('negative-size', 'partial', 'BAD_HEADER', () =>
    tar(GOOD, header({ name: 'x', sizeField: base256(-512n, 12) })),
  ),
  tarCase('truncated-mid-header', 'partial', 'TRUNCATED', () => truncatedAt(200)),
  tarCase('truncated-mid-payload', 'partial', 'TRUNCATED', () => truncatedAt(512 + 1000)),
  tarCase('truncated-mid-padding', 'partial', 'NO_END_MARKER', () => truncatedAt(512 + 3000 + 10)),
  tarCase('truncated-before-end-blocks', 'partial', 'NO_END_MARKER', () => truncatedAt(512 + 3072)),
  tarCase('corrupt-checksum-first', 'error', 'ARCHIVE_CORRUPT', () => tar(header({ name: 'x', checksumDelta: 1 }))),
  tarCase('corrupt-checksum-later', 'partial', 'BAD_CHECKSUM', () =>
    tar(GOOD, header({ name: 'x', size: 10, checksumDelta: -7 })),
  ),
  tarCase('corrupt-ustar-magic', 'partial', 'BAD_HEADER', () =>
    tar(GOOD, header({ name: 'x', magicField: Buffer.from('ustaR\0zz') })),
  ),
  tarCase('not-a-tar', 'error', 'ARCHIVE_CORRUPT', () => Buffer.from('<html>'.repeat(500))),
  tarCase('empty-file', 'error', 'ARCHIVE_CORRUPT', () => Buffer.alloc(0)),
  tarCase('only-zero-blocks', 'ok', undefined, () => Buffer.alloc(1024 * 1024)),
  tarCase('pax-giant-header-size', 'partial', 'LIMIT_EXCEEDED', () =>
    tar(GOOD, header({ name: 'pax', type: 'x', size: 2 ** 30 })),
  ),
  tarCase('pax-giant-record-length', 'partial', 'BAD_PAX', () =>
    tar(GOOD, entry({ name: 'pax', type: 'x' }, Buffer.from('99999999999999 path=x\n')), GOOD),
  ),
  tarCase('pax-nul-in-path', 'partial', 'UNSAFE_NAME', () => tar(paxEntry({ path: 'etc/pass\0wd' }), file('x', 'y'))),
  tarCase('pax-overlong-name', 'partial', 'NAME_TOO_LONG', () =>
    tar(paxEntry({ path: 'n'.repeat(10_000) }), file('x', 'y'), GOOD),
  ),
  tarCase('gnu-long-name-over-limit', 'partial', 'LIMIT_EXCEEDED', () =>
    tar(GOOD, header({ name: '././@LongLink', type: 'L', format: 'gnu', size: 64 * 1024 * 1024 })),
  ),
  tarCase(
    'deep-path',
    'ok',
    undefined,
    () => tar(gnuLongEntry('L', `${'d/'.repeat(2000)}f`), file('x', 'deep', { format: 'gnu' })),
    { members: [[`${'d/'.repeat(2000)}f`, 'file']] },
  ),
  tarCase('duplicate-names', 'partial', 'DUPLICATE_NAME', () =>
    tar(file('config.dump', 'first'), file('./config.dump', 'second')),
  ),
  tarCase(
    'pax-header-chain',
    'partial',
    'LIMIT_EXCEEDED',
    () => tar(...Array.from({ length: 2000 }, () => entry({ name: 'p', type: 'x' }, paxData({ uid: '1' })))),
    { limits: { maxHeaders: 1000 } },
  ),
  tarCase('gnu-sparse', 'partial', 'UNSUPPORTED_MEMBER', () =>
    tar(file('sparse', 'abc', { type: 'S', format: 'gnu' })),
  ),
  {
    name: 'member-count-200k',
    level: 'archive',
    expect: 'partial',
    code: 'LIMIT_EXCEEDED',
    build: (dir) => write(dir, 'many.tar', manyEmptyMembers(200_000)),
  },
];

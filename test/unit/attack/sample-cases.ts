/**
 * Valid-shaped calls naming the real open sample archive with members outside
 * its index, ranges past the end and processes not in the dump: each must be
 * INVALID_ARGUMENT or NOT_FOUND (or, where noted, an empty page).
 */
import type { ChannelName } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/errors';

export interface SampleCall {
  channel: ChannelName;
  label: string;
  args: Record<string, unknown>;
  expect: readonly ErrorCode[];
}

const OUTSIDE = [
  'nope',
  '../config.dump',
  '/config.dump',
  './config.dump',
  'config.dump/',
  'checkpoint/../config.dump',
  'checkpoint',
  '../../../../etc/passwd',
  '/etc/passwd',
  'config.dump\0',
  'CONFIG.DUMP',
  'checkpoint/pages-1.img/../../x',
  'a'.repeat(4096),
];
const BAD = ['INVALID_ARGUMENT', 'NOT_FOUND'] as const;
const MISSING_PID = 4_194_304;

export function sampleCalls(ctx: {
  archiveId: string;
  configSize: number;
  pid: number;
  rootfsFile: string;
  rootfsSize: number;
  logSize: number;
}): SampleCall[] {
  const { archiveId: id } = ctx;
  const calls: SampleCall[] = [];
  for (const name of OUTSIDE) {
    calls.push({
      channel: 'archive.readMember',
      label: `member ${JSON.stringify(name.slice(0, 40))}`,
      args: { archiveId: id, name, offset: 0, length: 16 },
      expect: BAD,
    });
    calls.push({
      channel: 'inspect.decodeImage',
      label: `image ${JSON.stringify(name.slice(0, 40))}`,
      args: { archiveId: id, name, offset: 0, limit: 10 },
      expect: BAD,
    });
    calls.push({
      channel: 'inspect.readRootfsFile',
      label: `rootfs ${JSON.stringify(name.slice(0, 40))}`,
      args: { archiveId: id, path: name, offset: 0, length: 16 },
      expect: BAD,
    });
  }
  for (const offset of [ctx.configSize + 1, ctx.configSize + 4096, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
    calls.push({
      channel: 'archive.readMember',
      label: `offset ${offset} past the end`,
      args: { archiveId: id, name: 'config.dump', offset, length: 16 },
      expect: ['INVALID_ARGUMENT'],
    });
  }
  for (const offset of [ctx.logSize + 1, Number.MAX_SAFE_INTEGER]) {
    calls.push({
      channel: 'archive.log',
      label: `log offset ${offset} past the end`,
      args: { archiveId: id, offset, length: 16 },
      expect: ['INVALID_ARGUMENT'],
    });
  }
  for (const offset of [ctx.rootfsSize + 1, Number.MAX_SAFE_INTEGER]) {
    calls.push({
      channel: 'inspect.readRootfsFile',
      label: `rootfs offset ${offset} past the end`,
      args: { archiveId: id, path: ctx.rootfsFile, offset, length: 16 },
      expect: ['INVALID_ARGUMENT'],
    });
  }
  calls.push({
    channel: 'inspect.process',
    label: 'a pid not in the dump',
    args: { archiveId: id, pid: MISSING_PID },
    expect: ['NOT_FOUND'],
  });
  calls.push({
    channel: 'inspect.vmas',
    label: 'a pid not in the dump',
    args: { archiveId: id, pid: MISSING_PID },
    expect: ['NOT_FOUND'],
  });
  calls.push({
    channel: 'inspect.readMemory',
    label: 'a pid not in the dump',
    args: { archiveId: id, pid: MISSING_PID, address: 0, length: 16 },
    expect: ['NOT_FOUND'],
  });
  calls.push({
    channel: 'inspect.readMemory',
    label: 'a range past the end of the address space',
    args: { archiveId: id, pid: ctx.pid, address: Number.MAX_SAFE_INTEGER, length: 1024 * 1024 },
    expect: ['INVALID_ARGUMENT'],
  });
  calls.push({
    channel: 'inspect.readMemory',
    label: 'a range ending exactly past 2^53',
    args: { archiveId: id, pid: ctx.pid, address: 2 ** 53 - 16, length: 17 },
    expect: ['INVALID_ARGUMENT'],
  });
  return calls;
}

/** Channels taking only { archiveId }: called with ids of the right shape that name nothing. */
export const UNKNOWN_IDS = ['a0', 'azzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', 'a0000000000000000'];

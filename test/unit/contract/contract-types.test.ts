import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Api } from '../../../shared/api';
import { CHANNEL_NAMES, contract, type ArgsOf, type ChannelName, type ResultOf } from '../../../shared/contract';
import type {
  ArchiveSummary,
  FileRow,
  MemoryUsageRow,
  MountRow,
  Overview,
  ProcessInfo,
  SocketRow,
  View,
} from '../../../shared/dto';
import type { EventMap } from '../../../shared/events';
import type { Handlers } from '../../../electron/ipc/dispatch';

describe('the contract at type level', () => {
  it('ties each channel to its result type', () => {
    expectTypeOf<ResultOf<'archive.openSample'>>().toEqualTypeOf<ArchiveSummary>();
    expectTypeOf<ResultOf<'archive.overview'>>().toEqualTypeOf<Overview>();
    expectTypeOf<ResultOf<'inspect.processes'>>().toEqualTypeOf<ProcessInfo[]>();
    expectTypeOf<ResultOf<'archive.openDialog'>>().toEqualTypeOf<ArchiveSummary | null>();
  });

  it('gives list views their rows and their problems', () => {
    expectTypeOf<ResultOf<'inspect.files'>>().toEqualTypeOf<View<FileRow>>();
    expectTypeOf<ResultOf<'inspect.sockets'>>().toEqualTypeOf<View<SocketRow>>();
    expectTypeOf<ResultOf<'inspect.mounts'>>().toEqualTypeOf<View<MountRow>>();
    expectTypeOf<ResultOf<'inspect.memoryUsage'>>().toEqualTypeOf<View<MemoryUsageRow>>();
  });

  it('types the arguments from the zod schemas, defaults optional for callers', () => {
    expectTypeOf<ArgsOf<'inspect.process'>>().toEqualTypeOf<{ archiveId: string; pid: number }>();
    expectTypeOf<ArgsOf<'inspect.decodeImage'>>().toMatchTypeOf<{ archiveId: string; name: string }>();
    expectTypeOf<ArgsOf<'app.info'>>().toEqualTypeOf<Record<string, never>>();
  });

  it('makes Api.invoke reject a wrong argument shape', () => {
    const call = (api: Api) => {
      // @ts-expect-error pid must be a number
      void api.invoke('inspect.process', { archiveId: 'a1', pid: '7' });
      // @ts-expect-error unknown channel
      void api.invoke('fs.readFile', {});
    };
    expect(typeof call).toBe('function');
  });

  it('makes handlers answer with the channel result type', () => {
    expectTypeOf<ReturnType<Handlers['archive.sha256']>>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<Parameters<Api['on']>[0]>().toEqualTypeOf<keyof EventMap>();
  });

  it('lists every channel once and marks as checkpoint channels only those that change containers or prepare their folders', () => {
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    const checkpointChannels = CHANNEL_NAMES.filter((name: ChannelName) => contract[name].checkpoint);
    expect(checkpointChannels).toEqual([
      'checkpoint.start',
      'checkpoint.plan',
      'checkpoint.createFolder',
      'containers.resume',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeImage, IMAGE_HANDLERS, magicName, MAGICS, messageType, sniffImage } from '../../../electron/criu';
import { buildImage, encodeEntry, minimalObject } from './build-image';

describe('magic table', () => {
  it('holds the values of criu/include/magic.h', () => {
    expect(MAGICS['INVENTORY']).toBe(0x58313116);
    expect(MAGICS['PSTREE']).toBe(0x50273030);
    expect(MAGICS['CORE']).toBe(0x55053847);
    expect(MAGICS['PAGEMAP']).toBe(0x56084025);
    expect(MAGICS['FILES']).toBe(0x56303138);
    expect(MAGICS['TIMENS']).toBe(0x43114433);
    expect(MAGICS['PIDNS']).toBe(0x61157326);
    expect(MAGICS['MEMFD_INODE']).toBe(0x48453499);
    expect(MAGICS['BPFMAP_DATA']).toBe(0x64324033);
    expect(MAGICS['STATS']).toBe(0x57093306);
  });

  it('maps every value back to one name', () => {
    const values = Object.values(MAGICS);
    expect(new Set(values).size).toBe(values.length);
    for (const [name, value] of Object.entries(MAGICS)) expect(magicName(value)).toBe(name);
    expect(magicName(0)).toBeUndefined();
  });
});

describe('every image type', () => {
  const handled = Object.keys(IMAGE_HANDLERS);

  it('has a handler for the image types a container dump holds', () => {
    for (const magic of [
      'INVENTORY',
      'PSTREE',
      'CORE',
      'IDS',
      'MM',
      'PAGEMAP',
      'FILES',
      'FDINFO',
      'FS',
      'MNTS',
      'NETNS',
      'UTSNS',
      'IPC_VAR',
      'PIDNS',
      'TIMENS',
      'CGROUP',
      'SECCOMP',
      'STATS',
      'TTY_INFO',
      'TTY_DATA',
      'PIPES_DATA',
      'FIFO',
      'SK_QUEUES',
      'TCP_STREAM',
      'GHOST_FILE',
      'REMAP_FPATH',
      'MEMFD_INODE',
      'FILE_LOCKS',
      'EVENTFD_FILE',
      'EVENTPOLL_FILE',
      'EVENTPOLL_TFD',
      'SIGNALFD',
      'INOTIFY_FILE',
      'INOTIFY_WD',
      'FANOTIFY_FILE',
      'FANOTIFY_MARK',
      'TIMERFD',
      'BPFMAP_FILE',
      'BPFMAP_DATA',
      'NETDEV',
    ]) {
      expect(handled, magic).toContain(magic);
    }
  });

  for (const magic of handled) {
    it(`decodes a minimal ${magic} image`, () => {
      const handler = IMAGE_HANDLERS[magic]!;
      expect(MAGICS[magic], `${magic} has a magic`).toBeTypeOf('number');
      const type = messageType(handler.message);
      const value = minimalObject(type);
      const entries =
        handler.special === 'pagemap'
          ? [
              { type: 'pagemap_head', value: { pages_id: 1 } },
              { type: handler.message, value },
            ]
          : [{ type: handler.message, value }];
      // Extras sized by the entry's own fields (all 1 in a minimal entry) follow it.
      const extraSize: Record<string, number> = {
        'pipe-data': 1,
        'sk-queue': 1,
        'tcp-stream': 2,
        'bpfmap-data': 2,
        'ipc-shm': 4,
        'ipc-sem': 8,
      };
      const extra = handler.extra === undefined ? undefined : Buffer.alloc(extraSize[handler.extra] ?? 0, 0x41);
      let bytes = buildImage(
        magic,
        entries.map((e, i) => (i === entries.length - 1 && extra ? { ...e, extra } : e)),
      );
      if (handler.extra === 'ipc-msg') {
        const msg = encodeEntry('ipc_msg', { mtype: 1, msize: 1 });
        const size = Buffer.alloc(4);
        size.writeUInt32LE(msg.length);
        bytes = Buffer.concat([bytes, size, msg, Buffer.alloc(8, 0x41)]);
      }
      if (handler.special === 'ghost-file') bytes = Buffer.concat([bytes, Buffer.from('contents')]);
      expect(sniffImage(bytes.subarray(0, 8))).toEqual({ magic, kind: 'protobuf' });
      const image = decodeImage(bytes);
      expect(image.magic).toBe(magic);
      expect(image.entries).toHaveLength(entries.length);
      const last = image.entries[image.entries.length - 1] as Record<string, unknown>;
      for (const field of type.fieldsArray.filter((f) => f.required))
        expect(last, `${magic}.${field.name}`).toHaveProperty(field.name);
      if (handler.extra !== undefined || handler.special === 'ghost-file') expect(last).toHaveProperty('extra');
    });
  }
});
